/// A device timestamp exactly as the wire carried it.
///
/// Counters on devices wrap: a `UInt32` microsecond counter (HipForm frames,
/// Arduino `micros()`) wraps every 71.6 minutes. The timestamp keeps the raw
/// tick count and the counter's width so that ``DeviceClock`` can unwrap it;
/// nothing else should turn ticks into seconds.
public struct DeviceTimestamp: Sendable, Hashable {
  /// The raw counter value, below `2^bitWidth`.
  public var ticks: UInt64
  /// Width of the device counter in bits (1...64); it wraps at `2^bitWidth`.
  public var bitWidth: Int
  /// Counter ticks per second (1 000 000 for microseconds).
  public var ticksPerSecond: Double

  /// Creates a timestamp; `ticks` is reduced modulo `2^bitWidth`.
  ///
  /// - Parameters:
  ///   - ticks: The raw counter value.
  ///   - bitWidth: Width of the device counter in bits, 1...64.
  ///   - ticksPerSecond: Counter frequency in Hz, positive.
  public init(ticks: UInt64, bitWidth: Int, ticksPerSecond: Double) {
    precondition((1...64).contains(bitWidth), "bitWidth must be 1...64")
    precondition(
      ticksPerSecond > 0 && ticksPerSecond.isFinite,
      "ticksPerSecond must be positive")
    self.bitWidth = bitWidth
    self.ticks = bitWidth == 64 ? ticks : ticks & ((1 << UInt64(bitWidth)) - 1)
    self.ticksPerSecond = ticksPerSecond
  }

  /// A microsecond counter of the given width.
  public static func microseconds(_ ticks: UInt64, bitWidth: Int)
    -> DeviceTimestamp
  {
    DeviceTimestamp(ticks: ticks, bitWidth: bitWidth, ticksPerSecond: 1e6)
  }

  /// The raw counter in seconds, before any unwrapping.
  public var seconds: Double { Double(ticks) / ticksPerSecond }
}

/// A frame sequence number exactly as the wire carried it.
public struct SequenceNumber: Sendable, Hashable {
  /// The raw counter value, below `2^bitWidth`.
  public var value: UInt64
  /// Width of the counter in bits (1...64); it wraps at `2^bitWidth`.
  public var bitWidth: Int

  /// Creates a sequence number; `value` is reduced modulo `2^bitWidth`.
  ///
  /// - Parameters:
  ///   - value: The raw counter value.
  ///   - bitWidth: Width of the counter in bits, 1...64.
  public init(_ value: UInt64, bitWidth: Int) {
    precondition((1...64).contains(bitWidth), "bitWidth must be 1...64")
    self.bitWidth = bitWidth
    self.value = bitWidth == 64 ? value : value & ((1 << UInt64(bitWidth)) - 1)
  }
}

/// One sample as a decoder read it off the wire, before timing.
///
/// Units are the recording format's: acceleration in g (specific force, +1 g
/// up at rest), angular rate in degrees per second. Device time and sequence
/// numbers are raw; ``DeviceClock`` turns them into seconds from the first
/// sample, unwraps them and counts the gaps.
public struct DecodedSample: Sendable, Hashable {
  /// The device's own timestamp, when the protocol carries one.
  public var timestamp: DeviceTimestamp?
  /// The frame sequence number, when the protocol carries one (or, for
  /// WitMotion, the decoder's estimate of output cycles; see
  /// ``WitMotionDecoder``).
  public var sequence: SequenceNumber?
  /// Specific force in g.
  public var acceleration: Vector3
  /// Angular rate in degrees per second; `nil` without a gyroscope.
  public var angularRate: Vector3?
  /// Sensor temperature in degrees Celsius, when the protocol reports it.
  public var temperature: Double?

  public init(
    timestamp: DeviceTimestamp? = nil, sequence: SequenceNumber? = nil,
    acceleration: Vector3, angularRate: Vector3? = nil,
    temperature: Double? = nil
  ) {
    self.timestamp = timestamp
    self.sequence = sequence
    self.acceleration = acceleration
    self.angularRate = angularRate
    self.temperature = temperature
  }

  /// The raw device time in seconds (not unwrapped), if there is one.
  public var deviceSeconds: Double? { timestamp?.seconds }
}

/// What a decoder has seen so far; every garbled byte ends up in a counter.
///
/// Counters only grow. A healthy stream shows `framesDecoded` growing and
/// everything else flat apart from a little start-up noise (the partial
/// frame or boot text that was on the wire when the port was opened).
public struct DecoderCounters: Sendable, Hashable {
  /// Bytes fed to the decoder.
  public var bytesReceived = 0
  /// Valid frames (or lines) that carried sample data.
  public var framesDecoded = 0
  /// Samples handed out.
  public var samplesDecoded = 0
  /// Valid frames of types this decoder does not turn into samples (angles,
  /// magnetometer, command replies, device info...).
  public var otherFrames = 0
  /// Frames whose checksum or CRC did not match; they are skipped.
  public var badChecksums = 0
  /// Bytes thrown away while looking for the start of the next frame.
  public var bytesSkipped = 0
  /// Frames that were delimited and (where the protocol has one) passed
  /// their checksum but did not make sense: wrong length for their type, bad
  /// byte stuffing, non-finite values, fields out of range.
  public var malformedFrames = 0
  /// Frames cut short: too few bytes for their type, or bytes left over
  /// when the stream ended.
  public var truncatedFrames = 0
  /// Text lines that matched no known layout (boot messages, prose).
  public var unparsableLines = 0
  /// Samples read correctly but not handed out, because they could not be
  /// completed (a WitMotion accelerometer frame whose gyroscope partner was
  /// lost) or scaled (HipForm samples with no device-info frame to hand).
  public var droppedSamples = 0

  public init() {}

  /// Adds an earlier connection's counts.
  ///
  /// - Parameter earlier: The counters of the decoder the earlier
  ///   connection used.
  public mutating func add(_ earlier: DecoderCounters) {
    bytesReceived += earlier.bytesReceived
    framesDecoded += earlier.framesDecoded
    samplesDecoded += earlier.samplesDecoded
    otherFrames += earlier.otherFrames
    badChecksums += earlier.badChecksums
    bytesSkipped += earlier.bytesSkipped
    malformedFrames += earlier.malformedFrames
    truncatedFrames += earlier.truncatedFrames
    unparsableLines += earlier.unparsableLines
    droppedSamples += earlier.droppedSamples
  }
}

/// A pure, incremental decoder from a device's byte stream to samples.
///
/// Feed bytes in whatever chunks the port delivers them, down to one byte
/// at a time; the output does not depend on the chunking. Garbled input is
/// skipped and counted in ``counters``, never fatal and never turned into
/// zeros. Decoding is O(bytes) and does not allocate per byte.
public protocol SampleDecoder: Sendable {
  /// Decodes `bytes`, appending every sample completed by them.
  ///
  /// - Parameters:
  ///   - bytes: The next bytes of the stream, in order.
  ///   - samples: Receives completed samples, in stream order.
  mutating func decode(
    _ bytes: ArraySlice<UInt8>, into samples: inout [DecodedSample])

  /// Ends the stream: emits what can still be completed and counts any
  /// partial frame left over as truncated.
  ///
  /// - Parameter samples: Receives the samples completed by the end.
  mutating func finish(into samples: inout [DecodedSample])

  /// What the decoder has seen so far.
  var counters: DecoderCounters { get }

  /// The sample rate the device itself declares, in Hz, if it does
  /// (HipForm device-info frames, a `# rate_hz:` line); `nil` otherwise.
  var declaredRate: Double? { get }
}

extension SampleDecoder {
  public var declaredRate: Double? { nil }

  /// Decodes a whole byte array (convenience for tests and replay).
  ///
  /// - Parameters:
  ///   - bytes: The next bytes of the stream, in order.
  ///   - samples: Receives completed samples, in stream order.
  public mutating func decode(
    _ bytes: [UInt8], into samples: inout [DecodedSample]
  ) {
    decode(bytes[...], into: &samples)
  }
}
