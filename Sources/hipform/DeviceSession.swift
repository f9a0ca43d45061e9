import ArgumentParser
import Foundation
import HipCore
import HipDevice
import HipRecording

extension WireProtocol: ExpressibleByArgument {}
extension DeviceClock.TimeBase: ExpressibleByArgument {}

/// The options `record` and `live` share: where the sensor is, what it
/// speaks, how it is worn and where the recording goes.
struct DeviceOptions: ParsableArguments {
  @Option(
    help:
      "The serial port, e.g. /dev/ttyACM0, or the path 'hipform simulate' printed."
  )
  var port: String

  @Option(
    name: .customLong("protocol"),
    help: "What the sensor sends: hipform, witmotion, x-imu3 or text.")
  var wireProtocol: WireProtocol

  @Option(
    help: """
      Baud rate (default 115200; for witmotion, detected among 9600, \
      115200 and 230400).
      """)
  var baud: Int?

  @Option(
    help: """
      Sample rate, Hz: set on a WitMotion device (unlock, rate, save) and \
      written as rate_hz. Default: the rate the device declares, else \
      measured over the first 2 s.
      """)
  var rate: Double?

  @Option(help: "Where the sensor axes point on the body.")
  var axes = "x=right,y=up,z=back"

  @Option(help: "Where the sensor is worn.")
  var placement: RecordingHeader.Placement = .sacrum

  @Option(help: "Exercise id, written to the header.")
  var exercise: String?

  @Option(help: "Working side, written to the header.")
  var side: Side?

  @Option(
    help: """
      Timing for protocols without device time (witmotion, Adafruit and \
      SparkFun lines): nominalRate (t = index / rate) or hostReceiveTime.
      """)
  var timeBase: DeviceClock.TimeBase = .nominalRate

  @Flag(
    inversion: .prefixedNo,
    help: "Raise DTR after opening (some boards reset on it).")
  var dtr = true

  @Flag(help: "Replace OUT if it exists.")
  var overwrite = false

  @Argument(help: "The recording to write (.csv, format v1).")
  var output: String

  func validate() throws {
    if let exercise, Exercise(rawValue: exercise) == nil {
      throw ValidationError(
        "Unknown exercise '\(exercise)'. Known: "
          + Exercise.allCases.map(\.rawValue).joined(separator: ", "))
    }
    if let rate, !(rate > 0 && rate.isFinite) {
      throw ValidationError("--rate takes a positive number of Hz.")
    }
    if let baud, baud <= 0 {
      throw ValidationError("--baud takes a positive number.")
    }
    do {
      _ = try AxesMapping(parsing: axes)
    } catch {
      throw ValidationError("--axes: \(error)")
    }
  }

  /// The header fields known before the device has said anything.
  ///
  /// - Parameter rateHz: The sample rate decided on.
  /// - Returns: The header to write.
  /// - Throws: `AxesMapping.Invalid` when `--axes` does not parse.
  func header(rateHz: Double) throws -> RecordingHeader {
    var header = RecordingHeader(
      rateHz: rateHz, axes: try AxesMapping(parsing: axes),
      placement: placement)
    header["sensor"] = "\(wireProtocol.rawValue) on \(port)"
    header["started"] = ISO8601DateFormatter().string(from: Date())
    header["exercise"] = exercise
    header["side"] = side?.rawValue
    return header
  }
}

/// The path from a device's bytes to a recording: decoding, timing, the
/// rate decision, the crash-safe writer, and a hook per sample for `live`.
///
/// Until the sample rate is known (from `--rate`, from the device's own
/// declaration, or measured over the first ~2 s) the bytes are kept and
/// decoded by a probe; then a ``WireReader`` is made at that rate and the
/// kept bytes go through it first, so no sample is lost and every sample is
/// timed by the same clock. The writer opens with the first timed sample
/// (which says whether there is a gyroscope). All calls are serialized by
/// a lock: bytes arrive on the reader thread, flushes and the end come from
/// the main thread.
final class DeviceRecorder: @unchecked Sendable {
  /// What happened to the stream, for the summary.
  struct Summary {
    var samples = 0
    var clock: DeviceClock.Report?
    var counters = DecoderCounters()
    var rateHz: Double?
    var rateSource = "unknown"
    var hasGyro = false
  }

  let options: DeviceOptions
  /// Called once, when the writer opens, with its header.
  var onOpen: (RecordingHeader, _ hasGyro: Bool) -> Void = { _, _ in }
  /// Called with every sample written, after it was written.
  var onSample: (Sample) -> Void = { _ in }
  /// Called after every chunk with decoder errors and lost samples so far.
  var onErrors: (Int) -> Void = { _ in }

  private let lock = NSLock()
  private var probe: AnySampleDecoder
  private var probeSamples: [DecodedSample] = []
  private var probeHostTimes: [Double] = []
  private var kept: [([UInt8], Double)] = []
  private var reader: WireReader<AnySampleDecoder>?
  private var writer: RecordingWriter?
  private var rateHz: Double?
  private var rateSource = "unknown"
  private var scratch: [Sample] = []
  private var lastBytes = ContinuousClock.now
  private var flushedSinceBytes = true
  private(set) var failure: Error?

  /// Creates a recorder.
  ///
  /// - Parameter options: The command's options.
  init(options: DeviceOptions) {
    self.options = options
    probe = options.wireProtocol.makeDecoder()
    if let rate = options.rate {
      rateHz = rate
      rateSource = "--rate"
    }
  }

  /// Decodes, times and writes one chunk.
  ///
  /// - Parameters:
  ///   - bytes: The bytes, as read.
  ///   - hostTime: When they arrived, seconds on the host's clock.
  func feed(_ bytes: ArraySlice<UInt8>, hostTime: Double) {
    lock.withLock {
      guard failure == nil else { return }
      lastBytes = ContinuousClock.now
      flushedSinceBytes = false
      do {
        if reader == nil {
          kept.append((Array(bytes), hostTime))
          probeBytes(bytes, hostTime: hostTime)
          if let rate = decidedRate(final: false) { try start(rate: rate) }
        } else {
          try process(bytes, hostTime: hostTime)
        }
        onErrors(errorCount)
      } catch {
        failure = error
      }
    }
  }

  /// Writes what is buffered when no bytes came for `quietMilliseconds`.
  ///
  /// - Parameter quietMilliseconds: How long the device must have been
  ///   quiet.
  func flushIfQuiet(quietMilliseconds: Int = 100) {
    lock.withLock {
      guard !flushedSinceBytes, let writer,
        ContinuousClock.now - lastBytes >= .milliseconds(quietMilliseconds)
      else { return }
      do {
        try writer.flush()
        flushedSinceBytes = true
      } catch {
        failure = error
      }
    }
  }

  /// Ends the stream: the last samples, the file closed and synced.
  ///
  /// - Returns: What was recorded.
  /// - Throws: The first error writing the file met.
  func finish() throws -> Summary {
    try lock.withLock {
      if let failure { throw failure }
      if reader == nil {
        guard let rate = decidedRate(final: true) else {
          return summary
        }
        try start(rate: rate)
      }
      scratch.removeAll(keepingCapacity: true)
      reader?.finish(into: &scratch)
      try write(scratch)
      try writer?.close()
      return summary
    }
  }

  /// Samples and errors counted so far (the lock must be held).
  private var summary: Summary {
    Summary(
      samples: writer?.samplesWritten ?? 0,
      clock: reader?.clock.report,
      counters: reader?.decoder.counters ?? probe.counters, rateHz: rateHz,
      rateSource: rateSource, hasGyro: writer?.hasGyro ?? false)
  }

  /// Garbled packets plus lost samples, for the live view.
  private var errorCount: Int {
    let c = reader?.decoder.counters ?? probe.counters
    return c.badChecksums + c.malformedFrames + c.truncatedFrames
      + c.unparsableLines + (reader?.clock.report.lostSamples ?? 0)
  }

  private func probeBytes(_ bytes: ArraySlice<UInt8>, hostTime: Double) {
    let before = probeSamples.count
    probe.decode(bytes, into: &probeSamples)
    for _ in before..<probeSamples.count { probeHostTimes.append(hostTime) }
  }

  /// The rate to time samples at, once it can be known.
  private func decidedRate(final: Bool) -> Double? {
    if let rateHz { return rateHz }
    if let declared = probe.declaredRate {
      rateSource = "declared by the device"
      return declared
    }
    let stamps = probeSamples.compactMap { $0.deviceSeconds }
    if stamps.count == probeSamples.count, stamps.count >= 2 {
      let span = (stamps.last ?? 0) - (stamps.first ?? 0)
      guard final || span >= 2 else { return nil }
      var steps: [Double] = []
      for i in 1..<stamps.count where stamps[i] > stamps[i - 1] {
        steps.append(stamps[i] - stamps[i - 1])
      }
      guard !steps.isEmpty else { return nil }
      steps.sort()
      rateSource = "measured from device timestamps"
      return Self.roundRate(1 / steps[steps.count / 2])
    }
    if let first = probeHostTimes.first, let last = probeHostTimes.last {
      let span = last - first
      guard final || span >= 2 else { return nil }
      guard span > 0, probeHostTimes.count >= 2 else {
        return final ? 100 : nil
      }
      rateSource = "measured from arrival times"
      let measured = Double(probeHostTimes.count - 1) / span
      if options.wireProtocol == .witmotion {
        let rates = WitMotionOutputRate.allCases.compactMap(\.hertz)
        return rates.min { abs($0 - measured) < abs($1 - measured) }
      }
      return Self.roundRate(measured)
    }
    if final {
      rateSource = "assumed (no samples arrived)"
      return 100
    }
    return nil
  }

  /// A measured rate, to a whole number of Hz when within 1 % of one.
  private static func roundRate(_ hz: Double) -> Double {
    let whole = hz.rounded()
    if whole > 0, abs(hz - whole) / whole < 0.01 { return whole }
    return (hz * 10).rounded() / 10
  }

  /// Makes the timed reader and runs the kept bytes through it.
  private func start(rate: Double) throws {
    rateHz = rate
    let clock = try DeviceClock(
      settings: .init(nominalRate: rate, timeBase: options.timeBase))
    reader = WireReader(
      decoder: options.wireProtocol.makeDecoder(), clock: clock)
    let chunks = kept
    kept = []
    probeSamples = []
    probeHostTimes = []
    for (bytes, host) in chunks { try process(bytes[...], hostTime: host) }
  }

  private func process(_ bytes: ArraySlice<UInt8>, hostTime: Double) throws {
    scratch.removeAll(keepingCapacity: true)
    // Mutated in place: a copy would duplicate the decoder's buffers.
    reader?.read(bytes, hostTime: hostTime, into: &scratch)
    try write(scratch)
  }

  private func write(_ samples: [Sample]) throws {
    for sample in samples {
      let writer = try openWriter(hasGyro: sample.angularRate != nil)
      try writer.append(sample)
      onSample(sample)
    }
  }

  private func openWriter(hasGyro: Bool) throws -> RecordingWriter {
    if let writer { return writer }
    var header = try options.header(rateHz: rateHz ?? 100)
    header["rate_source"] = rateSource
    if case let decoder as HipFrameDecoder = reader?.decoder.base,
      let info = decoder.deviceInfo
    {
      header["sensor"] =
        "HipForm \(info.sensor) firmware \(info.firmwareVersion) "
        + "id \(info.deviceID) on \(options.port)"
    }
    let writer = try RecordingWriter(
      path: options.output, header: header, hasGyro: hasGyro,
      overwrite: options.overwrite)
    self.writer = writer
    onOpen(writer.header, hasGyro)
    return writer
  }
}

/// How a device session ended.
enum DeviceSessionEnd {
  case interrupted
  case disconnected
  case failed(String)
}

/// Opens the port, configures the device, reads until Ctrl-C or unplug and
/// closes the recording: the loop `record` and `live` share.
///
/// - Parameters:
///   - options: The command's options.
///   - recorder: The pipeline the bytes go to.
/// - Returns: How it ended and what was recorded.
/// - Throws: `ExitCode.failure` after printing why, when the port cannot be
///   opened or the file cannot be written.
func runDeviceSession(options: DeviceOptions, recorder: DeviceRecorder)
  throws -> (DeviceSessionEnd, DeviceRecorder.Summary)
{
  StopSignal.install()
  var settings = SerialSettings(baud: options.baud ?? 115_200)
  settings.assertDTR = options.dtr
  let port: SerialPort
  do {
    if options.wireProtocol == .witmotion, options.baud == nil {
      guard
        let found = try BaudDetection().detect(
          path: options.port, settings: settings)
      else {
        printError(
          "error: \(options.port): no WitMotion frames at 9600, 115200 or "
            + "230400 baud. Is it a WitMotion device, powered and sending? "
            + "Give --baud if it uses another rate.")
        throw ExitCode.failure
      }
      printError("witmotion: \(found.baud) baud")
      port = found.port
      recorder.feed(found.bytes[...], hostTime: 0)
    } else {
      port = try SerialPort(path: options.port, settings: settings)
    }
    try configureDevice(port, options: options)
  } catch let error as SerialError {
    printError("error: \(error)")
    throw ExitCode.failure
  }

  let ended = DispatchSemaphore(value: 0)
  let endBox = EndBox()
  let reader = SerialReader(
    port: port,
    onBytes: { bytes, host in recorder.feed(bytes, hostTime: host) },
    onEnd: { end in
      endBox.set(end)
      ended.signal()
    })
  // Reads every 5 ms at most: a 1000 Hz sensor then costs 200 wake-ups a
  // second instead of 1000, and a rep's verdict is still shown at once.
  reader.coalescing = .milliseconds(5)
  reader.start()
  var end = DeviceSessionEnd.disconnected
  while true {
    if ended.wait(timeout: .now() + .milliseconds(100)) == .success {
      switch endBox.get() {
      case .failed(let error): end = .failed("\(error)")
      default: end = .disconnected
      }
      break
    }
    if StopSignal.isRequested {
      reader.stop()
      end = .interrupted
      break
    }
    if let failure = recorder.failure {
      reader.stop()
      end = .failed("\(failure)")
      break
    }
    recorder.flushIfQuiet()
  }
  port.close()
  do {
    return (end, try recorder.finish())
  } catch {
    printError("error: \(error)")
    throw ExitCode.failure
  }
}

/// Sends what the protocol allows to set up the device.
///
/// - Parameters:
///   - port: The open port.
///   - options: The command's options.
/// - Throws: ``SerialError`` when a write fails.
private func configureDevice(_ port: SerialPort, options: DeviceOptions)
  throws(SerialError)
{
  switch options.wireProtocol {
  case .witmotion:
    guard let rate = options.rate else { return }
    guard
      let setting = WitMotionOutputRate.allCases.first(where: {
        $0.hertz == rate
      })
    else {
      printError(
        "warning: a WitMotion device cannot output \(rate) Hz; its rate is "
          + "left as it is (rates: "
          + WitMotionOutputRate.allCases.compactMap(\.hertz).map {
            fixed($0, $0 < 1 ? 1 : 0)
          }.joined(separator: ", ") + ")")
      return
    }
    for command in WitMotionCommand.configure(
      WitMotionCommand.setOutputRate(setting))
    {
      try port.write(command)
      Thread.sleep(forTimeInterval: 0.01)
    }
  case .hipform:
    try port.write(HipFrame.requestDeviceInfo)
  case .ximu3, .text:
    break
  }
}

/// The reader's end, handed from its thread to the main loop.
private final class EndBox: @unchecked Sendable {
  private let lock = NSLock()
  private var end: SerialReader.End?

  func set(_ value: SerialReader.End) { lock.withLock { end = value } }
  func get() -> SerialReader.End? { lock.withLock { end } }
}

/// The summary `record` and `live` print on standard error.
///
/// - Parameters:
///   - end: How the session ended.
///   - summary: What was recorded.
///   - path: The recording's path.
/// - Returns: The lines.
func deviceSummaryLines(
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
  let rate = summary.rateHz.map { fixed($0, $0.rounded() == $0 ? 0 : 1) }
  lines.append(
    "recorded \(summary.samples) samples to \(path)"
      + (rate.map { " at \($0) Hz (\(summary.rateSource))" } ?? "")
      + (summary.hasGyro ? "" : ", accelerometer only"))
  lines.append("  gaps: \(gaps), lost samples: \(lost)")
  let garbled =
    c.badChecksums + c.malformedFrames + c.truncatedFrames + c.unparsableLines
  lines.append(
    "  garbled packets skipped: \(garbled) (\(c.badChecksums) bad "
      + "checksums, \(c.malformedFrames) malformed, \(c.truncatedFrames) "
      + "truncated, \(c.unparsableLines) unparsable lines; "
      + "\(c.bytesSkipped) bytes skipped)")
  if c.droppedSamples > 0 || outOfOrder > 0 {
    lines.append(
      "  samples dropped: \(c.droppedSamples) incomplete, "
        + "\(outOfOrder) out of order")
  }
  let device =
    summary.clock?.rateErrorPPM.map { signed($0, 0) + " ppm" } ?? "n/a"
  let host = summary.clock?.hostDriftPPM.map { signed($0, 0) + " ppm" } ?? "n/a"
  lines.append(
    "  clock drift: device period vs nominal \(device), device vs host "
      + "\(host)")
  return lines
}
