/// The HipForm frame protocol: what the project's reference sensor sends.
///
/// Each frame on the wire is `COBS(payload ‖ CRC) 0x00`: the payload, its
/// CRC-16/CCITT-FALSE appended low byte first, COBS-encoded, then a single
/// `0x00` delimiter. The payload's first byte is the frame type. All
/// multi-byte fields are little-endian. The full byte-level specification
/// with a worked example is `Firmware-notes/hipform-frame-protocol.md`.
public enum HipFrame {
  /// Payload type bytes.
  public enum FrameType: UInt8, Sendable, CaseIterable {
    /// Accelerometer and gyroscope sample, 19-byte payload.
    case sample = 0x01
    /// Accelerometer-only sample, 13-byte payload.
    case accelerationSample = 0x02
    /// Ranges, rate, firmware: 16-byte payload (version 1).
    case deviceInfo = 0x10
    /// UTF-8 log text from the firmware, 1 + n bytes.
    case log = 0x20
    /// Host to device: send a device-info frame now. 1-byte payload.
    case requestDeviceInfo = 0x80
  }

  /// Protocol version carried in device-info frames.
  public static let version: UInt8 = 1
  /// Payload length of a `sample` frame.
  public static let sampleLength = 19
  /// Payload length of an `accelerationSample` frame.
  public static let accelerationSampleLength = 13
  /// Minimum payload length of a version-1 `deviceInfo` frame; later
  /// versions may append fields, which version-1 readers ignore.
  public static let deviceInfoLength = 16
  /// The longest encoded frame a decoder keeps, delimiter excluded.
  public static let maximumEncodedLength = 255

  /// Wraps a payload into a complete frame: CRC, COBS, delimiter.
  ///
  /// - Parameters:
  ///   - payload: The payload, type byte first.
  ///   - out: Receives the frame bytes.
  public static func appendFrame(_ payload: [UInt8], to out: inout [UInt8]) {
    var body = payload
    ByteCoding.append(CRC16.ccittFalse(payload[...]), to: &body)
    COBS.encode(body, to: &out)
    out.append(0)
  }

  /// The frame a host sends to ask for a device-info frame.
  public static let requestDeviceInfo: [UInt8] = {
    var out: [UInt8] = []
    appendFrame([FrameType.requestDeviceInfo.rawValue], to: &out)
    return out
  }()
}

/// What a HipForm device says about itself in its device-info frame.
public struct HipDeviceInfo: Sendable, Hashable {
  /// Sensor chips the firmware may name.
  public enum SensorModel: UInt8, Sendable, CaseIterable {
    case unknown = 0
    case mpu6050 = 1
    case icm42688p = 2
    case lsm6dso = 3
    case icm20948 = 4
    case bmi270 = 5
  }

  /// Why a device-info value was rejected.
  public enum ValidationError: Error, Sendable, Hashable {
    /// Accelerometer full scale not one of 2, 4, 8, 16 g.
    case accelerationFullScale(UInt8)
    /// Gyroscope full scale not one of 125...4000 °/s listed, or nonzero
    /// without a gyroscope.
    case angularRateFullScale(UInt16)
    /// Nominal rate zero or above 6553.5 Hz.
    case nominalRate(Double)
  }

  /// Accepted accelerometer full scales, in g.
  public static let accelerationFullScales: [UInt8] = [2, 4, 8, 16]
  /// Accepted gyroscope full scales, in degrees per second.
  public static let angularRateFullScales: [UInt16] = [
    125, 250, 500, 1000, 2000, 4000,
  ]

  /// Accelerometer full scale: ±this many g map to ±32768 counts.
  public var accelerationFullScale: UInt8
  /// Gyroscope full scale in °/s; 0 when there is no gyroscope.
  public var angularRateFullScale: UInt16
  /// Nominal sample rate in tenths of a hertz (1000 = 100 Hz).
  public var nominalRateDecihertz: UInt16
  /// Firmware version, major.minor.patch.
  public var firmware: [UInt8]
  /// The sensor chip.
  public var sensor: SensorModel
  /// A device serial number, such as low bits of the MCU's unique ID.
  public var deviceID: UInt32
  /// Set on the first device-info frame after boot and after any change of
  /// range or rate: samples sent before it used other settings.
  public var settingsChanged: Bool

  /// Creates and validates a device description.
  ///
  /// - Parameters:
  ///   - accelerationFullScale: ±g full scale: 2, 4, 8 or 16.
  ///   - angularRateFullScale: ±°/s full scale, 0 without a gyroscope.
  ///   - nominalRate: Sample rate in Hz, sent in 0.1 Hz steps.
  ///   - firmware: Version as major, minor, patch.
  ///   - sensor: The sensor chip.
  ///   - deviceID: A serial number.
  ///   - settingsChanged: The flag of the same name.
  /// - Throws: ``ValidationError`` for a value the protocol cannot carry.
  public init(
    accelerationFullScale: UInt8, angularRateFullScale: UInt16,
    nominalRate: Double, firmware: [UInt8] = [1, 0, 0],
    sensor: SensorModel = .unknown, deviceID: UInt32 = 0,
    settingsChanged: Bool = true
  ) throws(ValidationError) {
    let decihertz = (nominalRate * 10).rounded()
    guard decihertz >= 1, decihertz <= 65535 else {
      throw .nominalRate(nominalRate)
    }
    try self.init(
      accelerationFullScale: accelerationFullScale,
      angularRateFullScale: angularRateFullScale,
      nominalRateDecihertz: UInt16(decihertz), firmware: firmware,
      sensor: sensor, deviceID: deviceID, settingsChanged: settingsChanged)
  }

  private init(
    accelerationFullScale: UInt8, angularRateFullScale: UInt16,
    nominalRateDecihertz: UInt16, firmware: [UInt8], sensor: SensorModel,
    deviceID: UInt32, settingsChanged: Bool
  ) throws(ValidationError) {
    guard Self.accelerationFullScales.contains(accelerationFullScale) else {
      throw .accelerationFullScale(accelerationFullScale)
    }
    guard
      angularRateFullScale == 0
        || Self.angularRateFullScales.contains(angularRateFullScale)
    else { throw .angularRateFullScale(angularRateFullScale) }
    guard nominalRateDecihertz > 0 else { throw .nominalRate(0) }
    self.accelerationFullScale = accelerationFullScale
    self.angularRateFullScale = angularRateFullScale
    self.nominalRateDecihertz = nominalRateDecihertz
    self.firmware = Array((firmware + [0, 0, 0]).prefix(3))
    self.sensor = sensor
    self.deviceID = deviceID
    self.settingsChanged = settingsChanged
  }

  /// Whether the device has a gyroscope.
  public var hasGyroscope: Bool { angularRateFullScale != 0 }
  /// Nominal sample rate in Hz.
  public var nominalRate: Double { Double(nominalRateDecihertz) / 10 }
  /// Firmware version as text, such as `1.0.0`.
  public var firmwareVersion: String {
    firmware.map { String($0) }.joined(separator: ".")
  }

  /// The device-info payload (type byte first, CRC not included).
  public var payload: [UInt8] {
    var p: [UInt8] = [
      HipFrame.FrameType.deviceInfo.rawValue, HipFrame.version,
      (hasGyroscope ? 0x01 : 0) | (settingsChanged ? 0x02 : 0),
      accelerationFullScale,
    ]
    ByteCoding.append(angularRateFullScale, to: &p)
    ByteCoding.append(nominalRateDecihertz, to: &p)
    p.append(contentsOf: firmware)
    p.append(sensor.rawValue)
    ByteCoding.append(deviceID, to: &p)
    return p
  }

  /// Reads a device-info payload; `nil` when it is too short, of an
  /// unknown version, inconsistent or out of range.
  ///
  /// - Parameter p: The payload, type byte first, CRC removed.
  /// - Returns: The description, or `nil`.
  public static func parse(_ p: [UInt8]) -> HipDeviceInfo? {
    guard p.count >= HipFrame.deviceInfoLength,
      p[0] == HipFrame.FrameType.deviceInfo.rawValue, p[1] >= 1
    else { return nil }
    let flags = p[2]
    let gyroFullScale = ByteCoding.u16(p, 4)
    guard (flags & 0x01 != 0) == (gyroFullScale != 0) else { return nil }
    return try? HipDeviceInfo(
      accelerationFullScale: p[3], angularRateFullScale: gyroFullScale,
      nominalRateDecihertz: ByteCoding.u16(p, 6), firmware: Array(p[8..<11]),
      sensor: SensorModel(rawValue: p[11]) ?? .unknown,
      deviceID: ByteCoding.u32(p, 12), settingsChanged: flags & 0x02 != 0)
  }
}

/// Decoder for HipForm frames.
///
/// Splits the stream at `0x00`, COBS-decodes each block, checks the CRC and
/// dispatches on the type byte. Counts become g and °/s through the latest
/// device-info frame: `value = counts × fullScale / 32768`.
///
/// Samples that arrive before any device-info frame (the port was opened
/// mid-stream; the device repeats its device-info frame every second) are
/// held, up to ``maximumHeldSamples``. The next device-info frame decides
/// their fate: a periodic repeat (`settingsChanged` clear) means they were
/// taken with those settings, so they are scaled and handed out in order; a
/// frame with `settingsChanged` set means the ranges may have changed
/// under them, so they are dropped and counted in
/// ``DecoderCounters/droppedSamples``. Held samples beyond the limit are
/// dropped oldest first and counted the same way.
public struct HipFrameDecoder: SampleDecoder {
  /// The most samples held while waiting for a device-info frame.
  public let maximumHeldSamples: Int
  public private(set) var counters = DecoderCounters()
  /// The latest valid device-info frame.
  public private(set) var deviceInfo: HipDeviceInfo?
  /// The latest log text the firmware sent.
  public private(set) var lastLog: String?
  private var encoded: [UInt8] = []
  private var payload: [UInt8] = []
  private var overflow = false
  private var held: [HeldSample] = []
  private var heldStart = 0

  private struct HeldSample: Sendable {
    var sequence: UInt16
    var microseconds: UInt32
    var counts: (Int16, Int16, Int16, Int16, Int16, Int16)
    var hasGyro: Bool
  }

  /// Creates a decoder.
  ///
  /// - Parameter maximumHeldSamples: How many samples to hold while waiting
  ///   for the first device-info frame; negative values count as 0.
  public init(maximumHeldSamples: Int = 4096) {
    self.maximumHeldSamples = max(0, maximumHeldSamples)
    encoded.reserveCapacity(HipFrame.maximumEncodedLength)
    payload.reserveCapacity(HipFrame.maximumEncodedLength)
  }

  public var declaredRate: Double? { deviceInfo?.nominalRate }

  public mutating func decode(
    _ bytes: ArraySlice<UInt8>, into samples: inout [DecodedSample]
  ) {
    counters.bytesReceived += bytes.count
    for byte in bytes {
      if byte == 0 {
        endFrame(into: &samples)
      } else if overflow {
        counters.bytesSkipped += 1
      } else if encoded.count >= HipFrame.maximumEncodedLength {
        overflow = true
        counters.bytesSkipped += encoded.count + 1
        encoded.removeAll(keepingCapacity: true)
      } else {
        encoded.append(byte)
      }
    }
  }

  public mutating func finish(into samples: inout [DecodedSample]) {
    if !encoded.isEmpty || overflow {
      counters.truncatedFrames += 1
      counters.bytesSkipped += encoded.count
    }
    encoded.removeAll(keepingCapacity: true)
    overflow = false
    let waiting = held.count - heldStart
    counters.droppedSamples += waiting
    held.removeAll(keepingCapacity: true)
    heldStart = 0
  }

  private mutating func endFrame(into samples: inout [DecodedSample]) {
    defer {
      encoded.removeAll(keepingCapacity: true)
      overflow = false
    }
    if overflow {
      counters.malformedFrames += 1
      return
    }
    guard !encoded.isEmpty else { return }  // idle delimiters
    guard COBS.decode(encoded, into: &payload) else {
      counters.malformedFrames += 1
      counters.bytesSkipped += encoded.count
      return
    }
    guard payload.count >= 3 else {
      counters.truncatedFrames += 1
      counters.bytesSkipped += encoded.count
      return
    }
    let bodyEnd = payload.count - 2
    let sent = ByteCoding.u16(payload, bodyEnd)
    guard CRC16.ccittFalse(payload[0..<bodyEnd]) == sent else {
      counters.badChecksums += 1
      counters.bytesSkipped += encoded.count
      return
    }
    payload.removeLast(2)
    switch payload[0] {
    case HipFrame.FrameType.sample.rawValue:
      sampleFrame(hasGyro: true, into: &samples)
    case HipFrame.FrameType.accelerationSample.rawValue:
      sampleFrame(hasGyro: false, into: &samples)
    case HipFrame.FrameType.deviceInfo.rawValue:
      guard let info = HipDeviceInfo.parse(payload) else {
        if payload.count < HipFrame.deviceInfoLength {
          counters.truncatedFrames += 1
        } else {
          counters.malformedFrames += 1
        }
        return
      }
      counters.otherFrames += 1
      deviceInfo = info
      releaseHeld(with: info, into: &samples)
    case HipFrame.FrameType.log.rawValue:
      counters.otherFrames += 1
      lastLog = String(decoding: payload[1...], as: UTF8.self)
    default:
      counters.otherFrames += 1
    }
  }

  private mutating func sampleFrame(
    hasGyro: Bool, into samples: inout [DecodedSample]
  ) {
    let length =
      hasGyro ? HipFrame.sampleLength : HipFrame.accelerationSampleLength
    guard payload.count == length else {
      if payload.count < length {
        counters.truncatedFrames += 1
      } else {
        counters.malformedFrames += 1
      }
      return
    }
    let p = payload
    let raw = HeldSample(
      sequence: ByteCoding.u16(p, 1), microseconds: ByteCoding.u32(p, 3),
      counts: (
        ByteCoding.i16(p, 7), ByteCoding.i16(p, 9), ByteCoding.i16(p, 11),
        hasGyro ? ByteCoding.i16(p, 13) : 0,
        hasGyro ? ByteCoding.i16(p, 15) : 0,
        hasGyro ? ByteCoding.i16(p, 17) : 0
      ),
      hasGyro: hasGyro)
    guard let info = deviceInfo else {
      counters.framesDecoded += 1
      hold(raw)
      return
    }
    guard info.hasGyroscope == hasGyro else {
      counters.malformedFrames += 1
      return
    }
    counters.framesDecoded += 1
    emit(raw, info, into: &samples)
  }

  private mutating func hold(_ raw: HeldSample) {
    guard maximumHeldSamples > 0 else {
      counters.droppedSamples += 1
      return
    }
    if held.count - heldStart >= maximumHeldSamples {
      heldStart += 1
      counters.droppedSamples += 1
      if heldStart >= maximumHeldSamples {
        held.removeFirst(heldStart)
        heldStart = 0
      }
    }
    held.append(raw)
  }

  private mutating func releaseHeld(
    with info: HipDeviceInfo, into samples: inout [DecodedSample]
  ) {
    guard held.count > heldStart else { return }
    for i in heldStart..<held.count {
      if info.settingsChanged || held[i].hasGyro != info.hasGyroscope {
        counters.droppedSamples += 1
      } else {
        emit(held[i], info, into: &samples)
      }
    }
    held.removeAll(keepingCapacity: true)
    heldStart = 0
  }

  private mutating func emit(
    _ raw: HeldSample, _ info: HipDeviceInfo,
    into samples: inout [DecodedSample]
  ) {
    let a = Double(info.accelerationFullScale) / 32768
    let w = Double(info.angularRateFullScale) / 32768
    let c = raw.counts
    counters.samplesDecoded += 1
    samples.append(
      DecodedSample(
        timestamp: .microseconds(UInt64(raw.microseconds), bitWidth: 32),
        sequence: SequenceNumber(UInt64(raw.sequence), bitWidth: 16),
        acceleration: Vector3(
          Double(c.0) * a, Double(c.1) * a, Double(c.2) * a),
        angularRate: raw.hasGyro
          ? Vector3(Double(c.3) * w, Double(c.4) * w, Double(c.5) * w) : nil))
  }
}

/// Builds the frames a HipForm device sends for a sequence of samples.
///
/// The first ``append(_:to:)`` sends a device-info frame with
/// `settingsChanged` set (as after boot), then one sample frame; every
/// `infoInterval` samples a periodic device-info frame (flag clear) goes
/// out before the sample. Counts are `round(value / fullScale × 32768)`,
/// saturating. The timestamp is `startMicroseconds + round(time × 10⁶)`
/// modulo 2³², and the sequence number advances by the number of nominal
/// periods between samples (at least 1), so gaps in the input stay gaps.
public struct HipFrameEncoder: Sendable {
  public private(set) var info: HipDeviceInfo
  /// Samples between periodic device-info frames.
  public let infoInterval: Int
  /// Device time of a sample at `time` 0, in microseconds.
  public let startMicroseconds: UInt32
  private var sequence: UInt16
  private var lastTime: Double?
  private var sinceInfo = 0

  /// Creates an encoder.
  ///
  /// - Parameters:
  ///   - info: The device description sent in device-info frames.
  ///   - infoInterval: Samples between device-info frames; 0 or less means
  ///     one per second of nominal rate.
  ///   - startMicroseconds: Device time at sample time 0.
  ///   - startSequence: Sequence number of the first sample.
  public init(
    info: HipDeviceInfo, infoInterval: Int = 0, startMicroseconds: UInt32 = 0,
    startSequence: UInt16 = 0
  ) {
    self.info = info
    self.infoInterval =
      infoInterval > 0 ? infoInterval : max(1, Int(info.nominalRate.rounded()))
    self.startMicroseconds = startMicroseconds
    self.sequence = startSequence
  }

  /// Appends the frames for the next sample (and a device-info frame when
  /// one is due).
  ///
  /// - Parameters:
  ///   - sample: Time in seconds, acceleration in g, angular rate in °/s
  ///     (ignored when the device has no gyroscope, zero when missing).
  ///   - out: Receives the bytes.
  public mutating func append(_ sample: Sample, to out: inout [UInt8]) {
    if let last = lastTime {
      let periods = ((sample.time - last) * info.nominalRate).rounded()
      let step = periods.isFinite ? max(1, min(periods, 65535)) : 1
      sequence &+= UInt16(step)
    } else {
      HipFrame.appendFrame(info.payload, to: &out)
      info.settingsChanged = false
    }
    if sinceInfo >= infoInterval {
      HipFrame.appendFrame(info.payload, to: &out)
      sinceInfo = 0
    }
    sinceInfo += 1
    lastTime = sample.time
    HipFrame.appendFrame(payload(for: sample), to: &out)
  }

  /// The sample payload (type byte first, no CRC) for `sample` with the
  /// current sequence number.
  ///
  /// - Parameter sample: The sample to encode.
  /// - Returns: The payload.
  func payload(for sample: Sample) -> [UInt8] {
    let x = (sample.time * 1e6).rounded()
    let micros = x.isFinite && abs(x) < 9e18 ? Int64(x) : 0
    let t = startMicroseconds &+ UInt32(truncatingIfNeeded: micros)
    let hasGyro = info.hasGyroscope
    var p: [UInt8] = [
      hasGyro
        ? HipFrame.FrameType.sample.rawValue
        : HipFrame.FrameType.accelerationSample.rawValue
    ]
    p.reserveCapacity(HipFrame.sampleLength)
    ByteCoding.append(sequence, to: &p)
    ByteCoding.append(t, to: &p)
    let g = Double(info.accelerationFullScale)
    let a = sample.acceleration
    for v in [a.x, a.y, a.z] {
      ByteCoding.append(ByteCoding.counts(v, fullScale: g), to: &p)
    }
    if hasGyro {
      let dps = Double(info.angularRateFullScale)
      let w = sample.angularRate ?? .zero
      for v in [w.x, w.y, w.z] {
        ByteCoding.append(ByteCoding.counts(v, fullScale: dps), to: &p)
      }
    }
    return p
  }
}
