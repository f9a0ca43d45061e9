/// Decoder for the WitMotion standard protocol (WT901, HWT901B, JY901...).
///
/// Frames are 11 bytes: `0x55, TYPE, D0...D7, SUM` with four little-endian
/// `Int16` words and `SUM = (bytes 0...9) & 0xFF`. There is no length field,
/// so after a bad checksum the decoder slides one byte and looks for the
/// next `0x55` followed by a type byte in `0x50...0x5F`, as the vendor SDK
/// does.
///
/// - `0x51` accelerometer: `raw / 32768 × 16` g, word 4 temperature
///   `raw / 100` °C. `0x52` gyroscope: `raw / 32768 × 2000` °/s.
/// - A `0x52` frame completes the `0x51` frame before it into one sample.
///   Until a gyroscope frame has been seen the device is taken as
///   accelerometer-only and each `0x51` frame is a sample (emitted when the
///   next frame type shows no gyroscope follows, or at ``finish(into:)``).
///   Once the device has shown a gyroscope, an accelerometer frame whose
///   gyroscope partner was lost (and a gyroscope frame without one) is
///   dropped and counted in ``DecoderCounters/droppedSamples``: samples
///   never mix with and without angular rate.
/// - Other types (`0x50` time, `0x53` angle, `0x54` magnetometer, `0x59`
///   quaternion, `0x5F` register replies...) are counted in
///   ``DecoderCounters/otherFrames`` and otherwise ignored.
/// - Bytes skipped between good frames (line noise) count as one
///   ``DecoderCounters/malformedFrames`` per run, unless a bad checksum in
///   the run is counted already: one garbled packet per burst.
/// - The protocol has no sequence number or timestamp. The decoder numbers
///   output cycles itself: it learns how many frames one cycle holds from
///   the first clean cycle, then advances the number by the cycles elapsed
///   between accelerometer frames, counting garbled bytes as 11-byte frame
///   slots. A lost cycle thus shows up as a sequence gap to ``DeviceClock``.
public struct WitMotionDecoder: SampleDecoder {
  /// Bytes in every frame.
  public static let frameLength = 11
  /// The first byte of every frame.
  public static let header: UInt8 = 0x55
  /// Accelerometer full scale of the standard protocol, in g.
  public static let accelerationFullScale = 16.0
  /// Gyroscope full scale of the standard protocol, in degrees per second.
  public static let angularRateFullScale = 2000.0

  /// Frame types of the standard protocol.
  public enum FrameType: UInt8, Sendable, CaseIterable {
    case time = 0x50
    case acceleration = 0x51
    case angularRate = 0x52
    case angle = 0x53
    case magnetometer = 0x54
    case portStatus = 0x55
    case pressure = 0x56
    case position = 0x57
    case groundSpeed = 0x58
    case quaternion = 0x59
    case satellites = 0x5A
    case registerReply = 0x5F
  }

  public private(set) var counters = DecoderCounters()
  private var frame: [UInt8] = []
  private var pending: DecodedSample?
  private var pendingHasGyro = false
  private var sawGyro = false
  private var sawAcceleration = false
  private var cycle: UInt64 = 0
  private var framesSinceAcceleration = 0
  private var garbageSinceAcceleration = 0
  private var framesPerCycle = 0
  /// Whether the bytes skipped since the last good frame are counted as a
  /// garbled packet already: one burst of noise is one, however long.
  private var garbledRunCounted = false

  public init() {
    frame.reserveCapacity(Self.frameLength)
  }

  public mutating func decode(
    _ bytes: ArraySlice<UInt8>, into samples: inout [DecodedSample]
  ) {
    counters.bytesReceived += bytes.count
    for byte in bytes {
      if frame.isEmpty {
        if byte == Self.header { frame.append(byte) } else { skip(1) }
        continue
      }
      frame.append(byte)
      if frame.count == 2 && !Self.isType(byte) {
        resync()
        continue
      }
      guard frame.count == Self.frameLength else { continue }
      var sum: UInt8 = 0
      for i in 0..<(Self.frameLength - 1) { sum &+= frame[i] }
      if sum == frame[Self.frameLength - 1] {
        handleFrame(into: &samples)
        frame.removeAll(keepingCapacity: true)
      } else {
        counters.badChecksums += 1
        garbledRunCounted = true
        resync()
      }
    }
  }

  public mutating func finish(into samples: inout [DecodedSample]) {
    if !frame.isEmpty {
      counters.truncatedFrames += 1
      garbledRunCounted = true
      skip(frame.count)
      frame.removeAll(keepingCapacity: true)
    }
    flushPending(into: &samples)
  }

  private static func isType(_ byte: UInt8) -> Bool {
    byte & 0xF0 == 0x50
  }

  private mutating func skip(_ n: Int) {
    counters.bytesSkipped += n
    garbageSinceAcceleration += n
    if !garbledRunCounted {
      counters.malformedFrames += 1
      garbledRunCounted = true
    }
  }

  /// Drops the first byte of the candidate frame and keeps whatever may
  /// still start a frame.
  private mutating func resync() {
    var start = 1
    while start < frame.count {
      if frame[start] == Self.header
        && (start + 1 == frame.count || Self.isType(frame[start + 1]))
      {
        break
      }
      start += 1
    }
    skip(start)
    frame.removeFirst(start)
  }

  private mutating func handleFrame(into samples: inout [DecodedSample]) {
    garbledRunCounted = false
    let w0 = Double(ByteCoding.i16(frame, 2))
    let w1 = Double(ByteCoding.i16(frame, 4))
    let w2 = Double(ByteCoding.i16(frame, 6))
    let w3 = Double(ByteCoding.i16(frame, 8))
    switch frame[1] {
    case FrameType.acceleration.rawValue:
      counters.framesDecoded += 1
      flushPending(into: &samples)
      advanceCycle()
      let scale = Self.accelerationFullScale / 32768
      pending = DecodedSample(
        sequence: SequenceNumber(cycle, bitWidth: 64),
        acceleration: Vector3(w0 * scale, w1 * scale, w2 * scale),
        temperature: w3 / 100)
      pendingHasGyro = false
    case FrameType.angularRate.rawValue:
      counters.framesDecoded += 1
      framesSinceAcceleration += 1
      sawGyro = true
      let scale = Self.angularRateFullScale / 32768
      if var sample = pending, !pendingHasGyro {
        sample.angularRate = Vector3(w0 * scale, w1 * scale, w2 * scale)
        pending = nil
        emit(sample, into: &samples)
      } else {
        counters.droppedSamples += 1
      }
    default:
      counters.otherFrames += 1
      framesSinceAcceleration += 1
    }
  }

  /// Hands out or drops the accelerometer frame still waiting for its gyro.
  private mutating func flushPending(into samples: inout [DecodedSample]) {
    guard let sample = pending else { return }
    pending = nil
    if sawGyro {
      counters.droppedSamples += 1
    } else {
      emit(sample, into: &samples)
    }
  }

  private mutating func emit(
    _ sample: DecodedSample, into samples: inout [DecodedSample]
  ) {
    counters.samplesDecoded += 1
    samples.append(sample)
  }

  /// Numbers the output cycle an accelerometer frame belongs to.
  private mutating func advanceCycle() {
    defer {
      sawAcceleration = true
      framesSinceAcceleration = 1
      garbageSinceAcceleration = 0
    }
    guard sawAcceleration else { return }
    if garbageSinceAcceleration == 0 {
      framesPerCycle = framesSinceAcceleration
      cycle += 1
      return
    }
    let slots =
      framesSinceAcceleration
      + (garbageSinceAcceleration + Self.frameLength / 2) / Self.frameLength
    guard framesPerCycle > 0 else {
      cycle += 1
      return
    }
    let cycles = (slots + framesPerCycle / 2) / framesPerCycle
    cycle += UInt64(max(1, cycles))
  }
}

/// Builds the exact bytes a WitMotion device sends.
///
/// Values are quantized as the device does: `raw = round(value / 16 ×
/// 32768)` for acceleration and `round(value / 2000 × 32768)` for angular
/// rate, saturating at the `Int16` range.
public enum WitMotionEncoder {
  /// One frame: header, type, four little-endian words, checksum.
  ///
  /// - Parameters:
  ///   - type: The frame type byte (`0x51` accelerometer...).
  ///   - words: The four data words.
  /// - Returns: The 11 bytes.
  public static func frame(type: UInt8, words: [Int16]) -> [UInt8] {
    var out: [UInt8] = [WitMotionDecoder.header, type]
    out.reserveCapacity(WitMotionDecoder.frameLength)
    for i in 0..<4 {
      ByteCoding.append(i < words.count ? words[i] : 0, to: &out)
    }
    var sum: UInt8 = 0
    for byte in out { sum &+= byte }
    out.append(sum)
    return out
  }

  /// Appends the frames for one sample: `0x51`, then `0x52` when the
  /// sample has angular rate.
  ///
  /// - Parameters:
  ///   - sample: Acceleration in g and angular rate in °/s.
  ///   - temperature: Reported in the accelerometer frame, °C.
  ///   - out: Receives the bytes.
  public static func append(
    _ sample: Sample, temperature: Double = 25, to out: inout [UInt8]
  ) {
    let g = WitMotionDecoder.accelerationFullScale
    let a = sample.acceleration
    out.append(
      contentsOf: frame(
        type: WitMotionDecoder.FrameType.acceleration.rawValue,
        words: [
          ByteCoding.counts(a.x, fullScale: g),
          ByteCoding.counts(a.y, fullScale: g),
          ByteCoding.counts(a.z, fullScale: g),
          ByteCoding.counts(temperature, fullScale: 327.68),
        ]))
    guard let w = sample.angularRate else { return }
    let dps = WitMotionDecoder.angularRateFullScale
    out.append(
      contentsOf: frame(
        type: WitMotionDecoder.FrameType.angularRate.rawValue,
        words: [
          ByteCoding.counts(w.x, fullScale: dps),
          ByteCoding.counts(w.y, fullScale: dps),
          ByteCoding.counts(w.z, fullScale: dps),
          ByteCoding.counts(temperature, fullScale: 327.68),
        ]))
  }
}

/// Output rates of the WitMotion `RRATE` register (0x03).
public enum WitMotionOutputRate: UInt8, Sendable, CaseIterable {
  case hzPoint2 = 0x01
  case hzPoint5 = 0x02
  case hz1 = 0x03
  case hz2 = 0x04
  case hz5 = 0x05
  /// The factory default.
  case hz10 = 0x06
  case hz20 = 0x07
  case hz50 = 0x08
  case hz100 = 0x09
  /// WT931 only.
  case hz125 = 0x0A
  case hz200 = 0x0B
  /// One output cycle, then stop.
  case once = 0x0C
  /// No automatic output.
  case off = 0x0D

  /// The rate in Hz; `nil` for `once` and `off`.
  public var hertz: Double? {
    switch self {
    case .hzPoint2: 0.2
    case .hzPoint5: 0.5
    case .hz1: 1
    case .hz2: 2
    case .hz5: 5
    case .hz10: 10
    case .hz20: 20
    case .hz50: 50
    case .hz100: 100
    case .hz125: 125
    case .hz200: 200
    case .once, .off: nil
    }
  }
}

/// Baud rates of the WitMotion `BAUD` register (0x04).
public enum WitMotionBaudRate: UInt8, Sendable, CaseIterable {
  case b4800 = 1
  case b9600 = 2
  case b19200 = 3
  case b38400 = 4
  case b57600 = 5
  case b115200 = 6
  case b230400 = 7
  case b460800 = 8
  case b921600 = 9

  /// Bits per second.
  public var bitsPerSecond: Int {
    [4800, 9600, 19200, 38400, 57600, 115_200, 230_400, 460_800, 921_600][
      Int(rawValue) - 1]
  }
}

/// Command bytes for configuring a WitMotion device.
///
/// Every command is `FF AA REG LO HI` (no checksum). A setting only sticks
/// when sent as ``unlock``, the command, then ``save``, about 10 ms apart:
/// ``configure(_:)`` returns those three in order.
public enum WitMotionCommand {
  /// Unlocks the registers for writing: `FF AA 69 88 B5`.
  public static let unlock: [UInt8] = write(register: 0x69, value: 0xB588)
  /// Saves the registers to flash: `FF AA 00 00 00`.
  public static let save: [UInt8] = write(register: 0x00, value: 0x0000)

  /// Writes a 16-bit register value.
  ///
  /// - Parameters:
  ///   - register: The register address.
  ///   - value: The value, sent low byte first.
  /// - Returns: The five command bytes.
  public static func write(register: UInt8, value: UInt16) -> [UInt8] {
    [0xFF, 0xAA, register, UInt8(value & 0xFF), UInt8(value >> 8)]
  }

  /// Sets the output rate: `FF AA 03 RR 00`.
  ///
  /// - Parameter rate: The new rate.
  /// - Returns: The five command bytes.
  public static func setOutputRate(_ rate: WitMotionOutputRate) -> [UInt8] {
    write(register: 0x03, value: UInt16(rate.rawValue))
  }

  /// Sets the baud rate: `FF AA 04 BB 00`; reopen the port at the new rate.
  ///
  /// - Parameter baud: The new baud rate.
  /// - Returns: The five command bytes.
  public static func setBaudRate(_ baud: WitMotionBaudRate) -> [UInt8] {
    write(register: 0x04, value: UInt16(baud.rawValue))
  }

  /// Chooses which frame types are sent: `FF AA 02 LO HI` (register RSW).
  ///
  /// Bit 0 time, 1 acceleration, 2 angular rate, 3 angle, 4 magnetometer,
  /// 9 quaternion. `accelerationAndAngularRate` is `0x0006`.
  ///
  /// - Parameter bits: The RSW bit mask.
  /// - Returns: The five command bytes.
  public static func setOutputContent(_ bits: UInt16) -> [UInt8] {
    write(register: 0x02, value: bits)
  }

  /// RSW value for accelerometer and gyroscope frames only.
  public static let accelerationAndAngularRate: UInt16 = 0x0006

  /// The unlock, the command and the save, to send in order about 10 ms
  /// apart.
  ///
  /// - Parameter command: One command from this type.
  /// - Returns: Three five-byte commands.
  public static func configure(_ command: [UInt8]) -> [[UInt8]] {
    [unlock, command, save]
  }
}
