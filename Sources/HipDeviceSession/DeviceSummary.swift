import HipCore
import HipRecording

/// How a device session ended.
public enum DeviceSessionEnd: Sendable, Equatable {
  case interrupted
  case disconnected
  case failed(String)
}

/// The summary of a session, for a person to read (`record` and `live`
/// print it on standard error).
///
/// - Parameters:
///   - end: How the session ended.
///   - summary: What was recorded.
///   - path: The recording's path.
/// - Returns: The lines.
public func deviceSummaryLines(
  end: DeviceSessionEnd, summary: DeviceRecorder.Summary, path: String
) -> [String] {
  var lines: [String] = []
  switch end {
  case .interrupted:
    lines.append("stopped: Ctrl-C; the recording is complete and closed.")
  case .disconnected:
    lines.append(
      "stopped: the device went away (unplugged or closed); every sample "
        + "received is in the file.")
  case .failed(let reason):
    lines.append("stopped: \(reason)")
  }
  let c = summary.counters
  let gaps = summary.clock?.gaps ?? 0
  let lost = summary.clock?.lostSamples ?? 0
  let outOfOrder = summary.clock?.droppedOutOfOrder ?? 0
  let rate = summary.rateHz.map {
    NumberText.fixed($0, $0.rounded() == $0 ? 0 : 1)
  }
  if summary.samples == 0 {
    lines.append(
      "recorded nothing: no sample arrived, so \(path) was not written")
  } else {
    lines.append(
      "recorded \(summary.samples) samples to \(path)"
        + (rate.map { " at \($0) Hz (\(summary.rateSource))" } ?? "")
        + (summary.hasGyro ? "" : ", accelerometer only"))
  }
  lines.append("  gaps: \(gaps), lost samples: \(lost)")
  if summary.reconnections > 0 {
    lines.append(
      "  reconnected \(summary.reconnections) time(s) after an unplug; each "
        + "gap is in t and counted above")
  }
  let garbled =
    c.badChecksums + c.malformedFrames + c.truncatedFrames + c.unparsableLines
    + summary.impossibleSamples
  lines.append(
    "  garbled packets skipped: \(garbled) (\(c.badChecksums) bad "
      + "checksums, \(c.malformedFrames) malformed, \(c.truncatedFrames) "
      + "truncated, \(c.unparsableLines) unparsable lines, "
      + "\(summary.impossibleSamples) beyond what a sensor reports; "
      + "\(c.bytesSkipped) bytes skipped)")
  if c.droppedSamples > 0 || outOfOrder > 0 {
    lines.append(
      "  samples dropped: \(c.droppedSamples) incomplete, "
        + "\(outOfOrder) out of order")
  }
  let device =
    summary.clock?.rateErrorPPM.map { NumberText.signed($0, 0) + " ppm" }
    ?? "n/a"
  let host =
    summary.clock?.hostDriftPPM.map { NumberText.signed($0, 0) + " ppm" }
    ?? "n/a"
  lines.append(
    "  clock drift: device period vs nominal \(device), device vs host "
      + "\(host)")
  return lines
}
