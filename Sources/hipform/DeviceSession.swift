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
  var port: String?

  @Option(
    help: """
      A USB device instead of --port: auto (the one sensor plugged in), \
      VID:PID or its serial number ('hipform devices' lists them). Its \
      serial port is used when it has one, else libusb.
      """)
  var device: String?

  @Flag(
    help: """
      When the device is unplugged, wait for it to come back and continue \
      the same recording, with the gap in t.
      """)
  var wait = false

  @Option(
    help: """
      Seconds without data from a USB device before the session ends with \
      an error.
      """)
  var timeout = 5.0

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

  mutating func validate() throws {
    guard (port == nil) != (device == nil) else {
      throw ValidationError("Give the sensor as --port PATH or --device ID.")
    }
    if let device, device.isEmpty {
      throw ValidationError("--device takes auto, VID:PID or a serial number.")
    }
    guard timeout > 0, timeout.isFinite else {
      throw ValidationError("--timeout takes a positive number of seconds.")
    }
    try validateExercise(&exercise)
    try validateRate(rate)
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
  /// - Parameters:
  ///   - rateHz: The sample rate decided on.
  ///   - source: Where the bytes come from, such as the port's path.
  /// - Returns: The header to write.
  /// - Throws: `AxesMapping.Invalid` when `--axes` does not parse.
  func header(rateHz: Double, source: String) throws -> RecordingHeader {
    var header = RecordingHeader(
      rateHz: rateHz, axes: try AxesMapping(parsing: axes),
      placement: placement)
    header["sensor"] = "\(wireProtocol.rawValue) on \(source)"
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
    /// Samples with a value no sensor reports, skipped as garbled.
    var impossibleSamples = 0
    var rateHz: Double?
    var rateSource = "unknown"
    var hasGyro = false
    /// Times the device came back after an unplug (`--wait`).
    var reconnections = 0
    /// Why the samples may not be a live sensor's; also in the file.
    ///
    /// A burst far faster than the rate, or a clock drift no clock has.
    var warnings: [String] = []
  }

  let options: DeviceOptions
  /// Where the bytes come from (a port path or a USB device), for the
  /// header.
  var source = ""
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
  /// Added to `t` of the current connection's samples: after a reconnect
  /// the device's clock starts again, and the recording continues after
  /// the gap.
  private var timeOffset = 0.0
  private var lastTime: Double?
  private var lastSampleAt = ContinuousClock.now
  private var awaitingReconnectedSample = false
  private var earlierClocks = DeviceClock.Report()
  private var earlierCounters = DecoderCounters()
  private var earlierImpossible = 0
  private var reconnections = 0
  private var pace = StreamPace()
  private var warnings: [String] = []
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
      if let rate = rateHz, let burst = pace.finish(rateHz: rate) {
        try warn(burst)
      }
      if let drift = reader?.clock.report.hostDriftPPM,
        abs(drift) > StreamPace.largestClockDriftPPM
      {
        try warn(
          "the device's clock and this computer's disagree by "
            + "\(signed(drift / 1e4, 1)) % (\(signed(drift, 0)) ppm), far "
            + "beyond any clock's drift: the samples did not arrive as "
            + "they were taken (a backlog, a replay or a wrong --rate)")
      }
      try writer?.close()
      return summary
    }
  }

  /// Says once, on standard error and in the file, why the samples may
  /// not be a live sensor's.
  private func warn(_ warning: String) throws {
    guard !warnings.contains(warning) else { return }
    warnings.append(warning)
    printError("warning: " + warning)
    try writer?.appendComment("warning: " + warning)
  }

  /// Starts a new connection to the same device after an unplug: the
  /// bytes of a frame cut by the unplug are dropped and counted, the device
  /// clock starts again, and the next sample is placed after the gap the
  /// host measured, which is counted as lost samples.
  func reconnected() {
    lock.withLock {
      guard failure == nil, let rate = rateHz, var old = reader else { return }
      scratch.removeAll(keepingCapacity: true)
      old.finish(into: &scratch)
      do {
        try write(scratch)
        earlierClocks.add(old.clock.report)
        earlierCounters.add(old.decoder.counters)
        earlierImpossible += old.impossibleSamples
        reader = WireReader(
          decoder: options.wireProtocol.makeDecoder(),
          clock: try DeviceClock(
            settings: .init(nominalRate: rate, timeBase: options.timeBase)))
        // The new connection's host clock starts again.
        if let burst = pace.finish(rateHz: rate) { try warn(burst) }
        pace = StreamPace()
      } catch {
        failure = error
      }
      awaitingReconnectedSample = lastTime != nil
      reconnections += 1
    }
  }

  /// Samples and errors counted so far (the lock must be held).
  private var summary: Summary {
    var clock = reader?.clock.report
    clock?.add(earlierClocks)
    var counters = reader?.decoder.counters ?? probe.counters
    counters.add(earlierCounters)
    return Summary(
      samples: writer?.samplesWritten ?? 0, clock: clock, counters: counters,
      impossibleSamples: earlierImpossible + (reader?.impossibleSamples ?? 0),
      rateHz: rateHz, rateSource: rateSource,
      hasGyro: writer?.hasGyro ?? false, reconnections: reconnections,
      warnings: warnings)
  }

  /// Garbled packets plus lost samples, for the live view.
  private var errorCount: Int {
    let c = reader?.decoder.counters ?? probe.counters
    return c.badChecksums + c.malformedFrames + c.truncatedFrames
      + c.unparsableLines + (reader?.impossibleSamples ?? 0)
      + (reader?.clock.report.lostSamples ?? 0)
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
    guard PhysicalLimits.isPossibleRate(rate) else {
      throw DeviceRateError(rateHz: rate, source: rateSource)
    }
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
    if let rate = rateHz,
      let burst = pace.add(scratch.count, hostTime: hostTime, rateHz: rate)
    {
      try warn(burst)
    }
  }

  private func write(_ samples: [Sample]) throws {
    for var sample in samples {
      if awaitingReconnectedSample, let lastTime, let rateHz {
        // The gap is what the host saw between the last sample before the
        // unplug and this one, at least one period.
        awaitingReconnectedSample = false
        let period = 1 / rateHz
        let gap = max(period, (ContinuousClock.now - lastSampleAt).seconds)
        timeOffset = lastTime + gap - sample.time
        earlierClocks.gaps += 1
        earlierClocks.lostSamples += max(0, Int((gap * rateHz).rounded()) - 1)
      }
      sample.time += timeOffset
      // The clock's times only move forward; this keeps a file that its
      // reader refuses from ever being written, whatever a device sends.
      if let lastTime, !(sample.time > lastTime) {
        earlierClocks.droppedOutOfOrder += 1
        continue
      }
      guard PhysicalLimits.isPossible(sample) else {
        earlierImpossible += 1
        continue
      }
      let writer = try openWriter(hasGyro: sample.angularRate != nil)
      try writer.append(sample)
      lastTime = sample.time
      lastSampleAt = .now
      onSample(sample)
    }
  }

  private func openWriter(hasGyro: Bool) throws -> RecordingWriter {
    if let writer { return writer }
    var header = try options.header(rateHz: rateHz ?? 100, source: source)
    header["rate_source"] = rateSource
    if case let decoder as HipFrameDecoder = reader?.decoder.base,
      let info = decoder.deviceInfo
    {
      header["sensor"] =
        "HipForm \(info.sensor) firmware \(info.firmwareVersion) "
        + "id \(info.deviceID) on \(source)"
    }
    if case let decoder as XIMU3Decoder = reader?.decoder.base,
      let identity = decoder.identity
    {
      header["sensor"] = "\(identity) on \(source)"
    }
    let writer = try RecordingWriter(
      path: options.output, header: header, hasGyro: hasGyro,
      overwrite: options.overwrite)
    self.writer = writer
    let rate = rateHz.map { fixed($0, $0.rounded() == $0 ? 0 : 1) } ?? "?"
    printError(
      "recording to \(options.output) at \(rate) Hz (\(rateSource)); "
        + "Ctrl-C stops and keeps everything")
    onOpen(writer.header, hasGyro)
    return writer
  }
}

/// Sends what the protocol allows to set up the device.
///
/// - Parameters:
///   - port: The open port.
///   - options: The command's options.
/// - Throws: ``SerialError`` when a write fails.
func configureDevice(_ port: SerialPort, options: DeviceOptions)
  throws(SerialError)
{
  switch options.wireProtocol {
  case .witmotion, .hipform:
    for command in deviceSetupCommands(options: options) {
      try port.write(command)
      // WitMotion modules need a moment between unlock, setting and save.
      Thread.sleep(forTimeInterval: 0.01)
    }
  case .ximu3:
    // The reply names the device for the header's `sensor`: the port
    // hands it to the decoder first, with every sample that streamed in
    // during the wait.
    if let identity = try port.pingXIMU3() {
      printError("x-imu3: \(identity)")
    } else {
      printError(
        "warning: no reply to the x-IMU3 ping on \(port.path) within 1 s; "
          + "recording anyway, without the device's name and serial number. "
          + "Is it an x-IMU3 (--protocol x-imu3)?")
    }
  case .text:
    break
  }
}

/// The commands that set a device up for recording: the HipForm
/// device-info request, or WitMotion's unlock, output rate and save when
/// `--rate` is given.
///
/// - Parameter options: The command's options.
/// - Returns: The commands, in the order to send them.
func deviceSetupCommands(options: DeviceOptions) -> [[UInt8]] {
  switch options.wireProtocol {
  case .witmotion:
    guard let rate = options.rate else { return [] }
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
      return []
    }
    return WitMotionCommand.configure(WitMotionCommand.setOutputRate(setting))
  case .hipform:
    return [HipFrame.requestDeviceInfo]
  case .ximu3, .text:
    return []
  }
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
    summary.clock?.rateErrorPPM.map { signed($0, 0) + " ppm" } ?? "n/a"
  let host = summary.clock?.hostDriftPPM.map { signed($0, 0) + " ppm" } ?? "n/a"
  lines.append(
    "  clock drift: device period vs nominal \(device), device vs host "
      + "\(host)")
  return lines
}

/// A device rate no sensor runs at: the recording would be one its reader
/// refuses, so none is started.
struct DeviceRateError: Error, CustomStringConvertible {
  var rateHz: Double
  var source: String

  var description: String {
    "the sample rate \(rateHz) Hz (\(source)) is not "
      + "\(PhysicalLimits.rateDescription); give the device's rate with --rate"
  }
}

/// Watches how fast samples arrive against the device's rate.
///
/// A live sensor's samples arrive at its rate, give or take the operating
/// system's buffering; a backlog (a device left sending while nobody read,
/// a simulator that fell behind) arrives as a burst, and timing it by the
/// nominal rate or by arrival squeezes the session. Counted over windows
/// of at least one second of host time.
struct StreamPace {
  /// Samples per window beyond twice the rate (and a few for buffering)
  /// are a burst.
  static let burstFactor = 2.0
  /// Clock drifts beyond 10 %: crystals drift by parts per million and
  /// cheap RC oscillators by a few percent.
  static let largestClockDriftPPM = 100_000.0

  private var windowStart: Double?
  private var windowSamples = 0
  private var reported = false

  /// Counts `samples` that arrived at `hostTime`; returns a warning the
  /// first time a window holds a burst.
  mutating func add(_ samples: Int, hostTime: Double, rateHz: Double)
    -> String?
  {
    guard let start = windowStart, hostTime >= start else {
      windowStart = hostTime
      windowSamples = samples
      return nil
    }
    windowSamples += samples
    let span = hostTime - start
    guard span >= 1 else { return nil }
    let warning = check(span: span, rateHz: rateHz)
    windowStart = hostTime
    windowSamples = 0
    return warning
  }

  /// The warning for the last, open window, if it holds a burst.
  mutating func finish(rateHz: Double) -> String? {
    guard windowStart != nil else { return nil }
    return check(span: 0, rateHz: rateHz)
  }

  private mutating func check(span: Double, rateHz: Double) -> String? {
    let seconds = max(span, 1)
    let expected = Self.burstFactor * rateHz * seconds + 10
    guard !reported, Double(windowSamples) > expected else { return nil }
    reported = true
    let fold = Double(windowSamples) / (rateHz * seconds)
    return
      "\(windowSamples) samples arrived within \(fixed(seconds, 1)) s, "
      + "\(fixed(fold, 0)) times the device's \(fixed(rateHz, 0)) Hz: a "
      + "backlog sent while nobody read (another reader left the device "
      + "sending?) or a replay, not a live sensor"
  }
}
