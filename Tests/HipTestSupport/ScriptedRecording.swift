import Foundation
import HipCore
import HipRecording
import HipReport

/// Format-v1 recordings of scripted bridge reps, written to a temporary
/// folder, and their analysis with an angle trace.
public enum ScriptedRecording {
  /// One scripted rep: a minimum-jerk lift, a hold, a lowering.
  public struct Rep {
    public var start: Double
    public var rise: Double
    public var hold: Double
    public var fall: Double
    public var degrees: Double
    /// Level change at the top, degrees (negative: right side drops).
    public var level: Double = 0
    public var end: Double { start + rise + hold + fall }
    /// The middle of the top.
    public var peak: Double { start + rise + hold / 2 }

    /// How far along the rep is at time `t`: 0 at rest, 1 at the top.
    public func share(at t: Double) -> Double {
      guard t >= start && t <= end else { return 0 }
      if t < start + rise { return MinimumJerk.position((t - start) / rise) }
      if t < start + rise + hold { return 1 }
      return MinimumJerk.position(1 - (t - start - rise - hold) / fall)
    }

    public init(
      start: Double, rise: Double, hold: Double, fall: Double,
      degrees: Double, level: Double = 0
    ) {
      self.start = start
      self.rise = rise
      self.hold = hold
      self.fall = fall
      self.degrees = degrees
      self.level = level
    }
  }

  /// Reps every few seconds, in sets split by a long rest.
  public static func script(sets: Int = 2, reps: Int = 6) -> [Rep] {
    var result: [Rep] = []
    var time = 3.0
    for _ in 0..<sets {
      for k in 0..<reps {
        result.append(
          Rep(
            start: time, rise: 1.0, hold: k % 2 == 0 ? 2.2 : 0.6,
            fall: k % 3 == 2 ? 0.6 : 1.5,
            degrees: 26 - Double(k), level: k == 3 ? -7 : 0.5))
        time += 6 + (k % 2 == 0 ? 2 : 0)
      }
      time += 25
    }
    return result
  }

  /// The recording's text: a supine pelvis, sensor `x=right,y=up,z=back`,
  /// accelerometer only.
  public static func text(
    _ reps: [Rep], rate: Double = 50, exercise: String = "bridge",
    extraHeader: String = ""
  ) -> String {
    var lines = [
      "# hipform-recording: 1", "# rate_hz: \(Int(rate))", "# accel_unit: g",
      "# axes: x=right,y=up,z=back", "# placement: sacrum",
      "# started: 2026-11-21T15:00:00Z", "# exercise: \(exercise)",
      "# side: both",
    ]
    if !extraHeader.isEmpty { lines.append(extraHeader) }
    lines.append("t,ax,ay,az")
    let duration = (reps.last?.end ?? 0) + 5
    for i in 0..<Int(duration * rate) {
      let t = Double(i) / rate
      var share = 0.0
      var level = 0.0
      var angle = 0.0
      for rep in reps where t >= rep.start && t <= rep.end {
        share = rep.share(at: t)
        angle = rep.degrees * share
        level = rep.level * share
      }
      let a = angle * .pi / 180
      let l = level * .pi / 180
      // Body frame: sky along +X supine, turning toward +Y with the lift;
      // +Z (right side) up when the level is positive.
      let sky = (x: cos(l) * cos(a), y: cos(l) * sin(a), z: sin(l))
      // Sensor axes: x = body Z, y = body Y, z = body -X.
      lines.append(
        String(
          format: "%.3f,%.6f,%.6f,%.6f", t, sky.z, sky.y, -sky.x))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Writes a recording into `directory` and returns its path.
  public static func write(
    _ reps: [Rep] = script(), name: String = "bridge.csv",
    exercise: String = "bridge", extraHeader: String = "",
    in directory: TemporaryDirectory
  ) throws -> String {
    try directory.write(
      name, text(reps, exercise: exercise, extraHeader: extraHeader))
  }

  /// Analyses a recording and builds its report with an angle trace.
  public static func report(
    path: String, pain: Int? = nil, note: String? = nil
  ) throws -> (AnalyzedRecording, SessionReport) {
    var trace = AngleTrace()
    let recording = try RecordingAnalysis.analyze(
      path: path, onEvent: { event, _ in trace.note(event) },
      onStatus: { trace.add($0) })
    let document = AnalysisDocument(
      recording: .init(
        durationSeconds: recording.statistics.duration,
        rateHz: recording.header.rateHz,
        samples: recording.statistics.samples,
        invalidSamples: recording.statistics.invalidSamples,
        gaps: recording.statistics.gaps, hasGyro: recording.hasGyro),
      analysis: recording.analysis, side: recording.configuration.side,
      placement: recording.header.placement.rawValue)
    let report = SessionReport(
      document: document,
      recordingName: URL(fileURLWithPath: path).lastPathComponent,
      started: recording.header["started"], pain: pain, note: note,
      trace: trace)
    return (recording, report)
  }

  /// Splits CSV text as RFC 4180 reads it (quoted fields, doubled quotes).
  public static func parseCSV(_ text: String) -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var quoted = false
    var characters = Array(text)[...]
    while let c = characters.popFirst() {
      if quoted {
        if c == "\"" {
          if characters.first == "\"" {
            field.append("\"")
            characters.removeFirst()
          } else {
            quoted = false
          }
        } else {
          field.append(c)
        }
      } else if c == "\"" {
        quoted = true
      } else if c == "," {
        row.append(field)
        field = ""
      } else if c == "\r\n" || c == "\n" {
        row.append(field)
        rows.append(row)
        row = []
        field = ""
      } else {
        field.append(c)
      }
    }
    if !field.isEmpty || !row.isEmpty {
      row.append(field)
      rows.append(row)
    }
    return rows
  }
}
