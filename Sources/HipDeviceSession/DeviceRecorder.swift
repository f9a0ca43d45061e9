import Foundation
import HipCore
import HipDevice
import HipRecording

/// The path from a device's bytes to a recording: decoding, timing, the
/// rate decision, the crash-safe writer, and a hook per sample for `live`.
///
/// Until the sample rate is known (from the settings, from the device's own
/// declaration, or measured over the first ~2 s) the bytes are kept and
/// decoded by a probe; then a ``WireReader`` is made at that rate and the
/// kept bytes go through it first, so no sample is lost and every sample is
/// timed by the same clock. The writer opens with the first timed sample
/// (which says whether there is a gyroscope). All calls are serialized by
/// a lock: bytes arrive on the reader thread, flushes and the end come from
/// the main thread.
public final class DeviceRecorder: @unchecked Sendable {
  /// What happened to the stream, for the summary.
  public struct Summary: Sendable {
    public var samples = 0
    public var clock: DeviceClock.Report?
    public var counters = DecoderCounters()
    /// Samples with a value no sensor reports, skipped as garbled.
    public var impossibleSamples = 0
    public var rateHz: Double?
    public var rateSource = "unknown"
    public var hasGyro = false
    /// Times the device came back after an unplug (`--wait`).
    public var reconnections = 0
    /// Why the samples may not be a live sensor's; also in the file.
    ///
    /// A burst far faster than the rate, or a clock drift no clock has.
    public var warnings: [String] = []
  }

  public let settings: DeviceSessionSettings
  /// Where warnings and progress go, a line each.
  public let messages: (String) -> Void
  /// Where the bytes come from (a port path or a USB device), for the
  /// header.
  public var source = ""
  /// Called once, when the writer opens, with its header.
  public var onOpen: (RecordingHeader, _ hasGyro: Bool) -> Void = { _, _ in }
  /// Called with every sample written, after it was written.
  public var onSample: (Sample) -> Void = { _ in }
  /// Called after every chunk with decoder errors and lost samples so far.
  public var onErrors: (Int) -> Void = { _ in }

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
  /// The error that stopped the recording, if one did; read under the
  /// lock, as the reader thread sets it.
  public var failure: Error? { lock.withLock { storedFailure } }
  private var storedFailure: Error?

  /// Creates a recorder.
  ///
  /// - Parameters:
  ///   - settings: The session's settings.
  ///   - messages: Where warnings and progress go, a line each.
  public init(
    settings: DeviceSessionSettings, messages: @escaping (String) -> Void
  ) {
    self.settings = settings
    self.messages = messages
    probe = settings.wireProtocol.makeDecoder()
    if let rate = settings.rateHz {
      rateHz = rate
      rateSource = "--rate"
    }
  }

  /// Decodes, times and writes one chunk.
  ///
  /// - Parameters:
  ///   - bytes: The bytes, as read.
  ///   - hostTime: When they arrived, seconds on the host's clock.
  public func feed(_ bytes: ArraySlice<UInt8>, hostTime: Double) {
    lock.withLock {
      guard storedFailure == nil else { return }
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
        storedFailure = error
      }
    }
  }

  /// Writes what is buffered when no bytes came for `quietMilliseconds`.
  ///
  /// - Parameter quietMilliseconds: How long the device must have been
  ///   quiet.
  public func flushIfQuiet(quietMilliseconds: Int = 100) {
    lock.withLock {
      guard !flushedSinceBytes, let writer,
        ContinuousClock.now - lastBytes >= .milliseconds(quietMilliseconds)
      else { return }
      do {
        try writer.flush()
        flushedSinceBytes = true
      } catch {
        storedFailure = error
      }
    }
  }

  /// Ends the stream: the last samples, the file closed and synced.
  ///
  /// - Returns: What was recorded.
  /// - Throws: The first error writing the file met.
  public func finish() throws -> Summary {
    try lock.withLock {
      if let failure = storedFailure { throw failure }
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
            + "\(NumberText.signed(drift / 1e4, 1)) % (\(NumberText.signed(drift, 0)) ppm), far "
            + "beyond any clock's drift: the samples did not arrive as "
            + "they were taken (a backlog, a replay or a wrong --rate)")
      }
      try writer?.close()
      return summary
    }
  }

  /// Says once, in the messages and in the file, why the samples may
  /// not be a live sensor's.
  private func warn(_ warning: String) throws {
    guard !warnings.contains(warning) else { return }
    warnings.append(warning)
    messages("warning: " + warning)
    try writer?.appendComment("warning: " + warning)
  }

  /// Starts a new connection to the same device after an unplug: the
  /// bytes of a frame cut by the unplug are dropped and counted, the device
  /// clock starts again, and the next sample is placed after the gap the
  /// host measured, which is counted as lost samples.
  public func reconnected() {
    lock.withLock {
      guard storedFailure == nil, let rate = rateHz, var old = reader else {
        return
      }
      scratch.removeAll(keepingCapacity: true)
      old.finish(into: &scratch)
      do {
        try write(scratch)
        earlierClocks.add(old.clock.report)
        earlierCounters.add(old.decoder.counters)
        earlierImpossible += old.impossibleSamples
        reader = WireReader(
          decoder: settings.wireProtocol.makeDecoder(),
          clock: try DeviceClock(
            settings: .init(nominalRate: rate, timeBase: settings.timeBase)))
        // The new connection's host clock starts again.
        if let burst = pace.finish(rateHz: rate) { try warn(burst) }
        pace = StreamPace()
      } catch {
        storedFailure = error
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
      guard let step = upperMedian(steps) else { return nil }
      rateSource = "measured from device timestamps"
      return Self.roundRate(1 / step)
    }
    if let first = probeHostTimes.first, let last = probeHostTimes.last {
      let span = last - first
      guard final || span >= 2 else { return nil }
      guard span > 0, probeHostTimes.count >= 2 else {
        return final ? 100 : nil
      }
      rateSource = "measured from arrival times"
      let measured = Double(probeHostTimes.count - 1) / span
      if settings.wireProtocol == .witmotion {
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
      settings: .init(nominalRate: rate, timeBase: settings.timeBase))
    reader = WireReader(
      decoder: settings.wireProtocol.makeDecoder(), clock: clock)
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
    var header = settings.header(rateHz: rateHz ?? 100, source: source)
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
      path: settings.outputPath, header: header, hasGyro: hasGyro,
      overwrite: settings.overwrites)
    self.writer = writer
    let rate =
      rateHz.map { NumberText.fixed($0, $0.rounded() == $0 ? 0 : 1) } ?? "?"
    messages(
      "recording to \(settings.outputPath) at \(rate) Hz (\(rateSource)); "
        + "Ctrl-C stops and keeps everything")
    onOpen(writer.header, hasGyro)
    return writer
  }
}

/// A device rate no sensor runs at: the recording would be one its reader
/// refuses, so none is started.
public struct DeviceRateError: Error, CustomStringConvertible {
  public var rateHz: Double
  public var source: String

  public var description: String {
    "the sample rate \(rateHz) Hz (\(source)) is not "
      + "\(PhysicalLimits.rateDescription); give the device's rate with --rate"
  }
}
