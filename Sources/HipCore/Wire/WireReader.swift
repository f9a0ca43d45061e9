/// The wire protocols hipform reads, as named by `--protocol`.
public enum WireProtocol: String, Sendable, Hashable, CaseIterable {
  /// The project's own framed binary protocol (reference sensor).
  case hipform
  /// WitMotion standard protocol, 11-byte `0x55` frames.
  case witmotion
  /// x-io x-IMU3 inertial messages, ASCII or binary.
  case ximu3 = "x-imu3"
  /// Text lines: HipForm CSV, Adafruit or SparkFun, detected per line.
  case text

  /// Whether samples carry the device's own timestamps.
  ///
  /// Without them the caller picks a ``DeviceClock/TimeBase``.
  public var hasDeviceTime: Bool {
    switch self {
    case .hipform, .ximu3: true
    case .witmotion: false
    case .text: false  // unless the CSV has a t_us or t_ms column
    }
  }

  /// A fresh decoder for this protocol.
  public func makeDecoder() -> AnySampleDecoder {
    switch self {
    case .hipform: AnySampleDecoder(HipFrameDecoder())
    case .witmotion: AnySampleDecoder(WitMotionDecoder())
    case .ximu3: AnySampleDecoder(XIMU3Decoder())
    case .text: AnySampleDecoder(TextLineDecoder())
    }
  }
}

/// A decoder of any protocol, chosen at run time from `--protocol`.
public struct AnySampleDecoder: SampleDecoder {
  /// The wrapped decoder; inspect it for protocol-specific state.
  public private(set) var base: any SampleDecoder

  /// Wraps a decoder.
  ///
  /// - Parameter base: The decoder to forward to.
  public init(_ base: any SampleDecoder) {
    self.base = base
  }

  public mutating func decode(
    _ bytes: ArraySlice<UInt8>, into samples: inout [DecodedSample]
  ) {
    base.decode(bytes, into: &samples)
  }

  public mutating func finish(into samples: inout [DecodedSample]) {
    base.finish(into: &samples)
  }

  public var counters: DecoderCounters { base.counters }
  public var declaredRate: Double? { base.declaredRate }
}

/// A decoder and a ``DeviceClock`` together: bytes in, timed samples out.
///
/// When the device declares its own rate (HipForm device-info, a CSV
/// `# rate_hz:` line) the clock's nominal rate follows it. A sample with a
/// value no sensor reports is skipped and counted.
public struct WireReader<Decoder: SampleDecoder>: Sendable {
  public private(set) var decoder: Decoder
  public private(set) var clock: DeviceClock
  /// Samples skipped because a value is beyond what a sensor reports
  /// (``PhysicalLimits``): line noise that happened to decode.
  public private(set) var impossibleSamples = 0
  private var scratch: [DecodedSample] = []

  /// Creates a reader.
  ///
  /// - Parameters:
  ///   - decoder: A fresh decoder.
  ///   - clock: A clock set up with the nominal rate and time base.
  public init(decoder: Decoder, clock: DeviceClock) {
    self.decoder = decoder
    self.clock = clock
  }

  /// Decodes `bytes` and appends the timed samples they complete.
  ///
  /// - Parameters:
  ///   - bytes: The next bytes of the stream.
  ///   - hostTime: When the host received them, seconds on a monotonic
  ///     clock, or `nil` (replay, tests).
  ///   - samples: Receives samples with `time` in seconds from the first.
  public mutating func read(
    _ bytes: ArraySlice<UInt8>, hostTime: Double? = nil,
    into samples: inout [Sample]
  ) {
    scratch.removeAll(keepingCapacity: true)
    decoder.decode(bytes, into: &scratch)
    time(hostTime: hostTime, into: &samples)
  }

  /// Ends the stream, appending what can still be completed.
  ///
  /// - Parameters:
  ///   - hostTime: When the stream ended, if known.
  ///   - samples: Receives the last samples.
  public mutating func finish(
    hostTime: Double? = nil, into samples: inout [Sample]
  ) {
    scratch.removeAll(keepingCapacity: true)
    decoder.finish(into: &scratch)
    time(hostTime: hostTime, into: &samples)
  }

  private mutating func time(hostTime: Double?, into samples: inout [Sample]) {
    if let rate = decoder.declaredRate, rate != clock.settings.nominalRate {
      clock.updateNominalRate(rate)
    }
    for s in scratch {
      // Checked before the clock sees it, so that garbage moves no time.
      let values = Sample(
        time: 0, acceleration: s.acceleration, angularRate: s.angularRate)
      guard PhysicalLimits.isPossible(values) else {
        impossibleSamples += 1
        continue
      }
      guard let t = clock.time(for: s, hostTime: hostTime) else { continue }
      samples.append(
        Sample(
          time: t, acceleration: s.acceleration, angularRate: s.angularRate))
    }
  }
}
