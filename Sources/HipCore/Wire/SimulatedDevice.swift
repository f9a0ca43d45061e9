/// The byte stream of one simulated sensor.
///
/// Samples in, the bytes the device would send out, and its answers to the
/// host's commands. Pure: `hipform simulate` puts it behind a
/// pseudo-terminal.
public struct SimulatedDevice: Sendable {
  /// A protocol's variant: x-IMU3 binary or ASCII; text as CSV lines,
  /// Adafruit's or SparkFun's.
  public enum Variant: String, Sendable, CaseIterable {
    case binary, ascii, csv, adafruit, sparkfun
  }

  public let wireProtocol: WireProtocol
  public let variant: Variant
  public let rateHz: Double
  public let hasGyro: Bool
  private var hipEncoder: HipFrameEncoder?
  private var commands = XIMU3CommandReader()

  /// The serial number a simulated x-IMU3 gives in its ping reply.
  public static let serialNumber = "SIMULATED-0001"

  /// Sets up the encoder for a protocol.
  ///
  /// - Parameters:
  ///   - wireProtocol: The protocol to speak.
  ///   - variant: The protocol's variant, or `nil` for its default.
  ///   - rateHz: The nominal rate, declared where the protocol can.
  ///   - hasGyro: Whether the samples have angular rate.
  /// - Throws: ``HipDeviceInfo/ValidationError`` when the rate cannot be
  ///   declared in a HipForm frame.
  public init(
    wireProtocol: WireProtocol, variant: Variant?, rateHz: Double,
    hasGyro: Bool
  ) throws {
    self.wireProtocol = wireProtocol
    self.rateHz = rateHz
    self.hasGyro = hasGyro
    switch wireProtocol {
    case .ximu3: self.variant = variant ?? .binary
    case .text: self.variant = variant ?? .csv
    case .hipform, .witmotion: self.variant = .binary
    }
    if wireProtocol == .hipform {
      hipEncoder = HipFrameEncoder(
        info: try HipDeviceInfo(
          accelerationFullScale: 16,
          angularRateFullScale: hasGyro ? 2000 : 0, nominalRate: rateHz,
          sensor: .icm42688p, deviceID: 0x51_4D))
    }
  }

  /// What the device prints before its first sample.
  ///
  /// - Returns: The bytes.
  public func preamble() -> [UInt8] {
    guard wireProtocol == .text, variant == .csv else { return [] }
    return TextLineEncoder.csvPreamble(
      rate: rateHz, sensor: "hipform simulate", hasGyro: hasGyro)
  }

  /// Appends one sample's frames.
  ///
  /// - Parameters:
  ///   - sample: The sample, time in seconds from the first.
  ///   - out: Receives the bytes.
  public mutating func append(_ sample: Sample, to out: inout [UInt8]) {
    let micros = Self.microseconds(sample.time)
    switch wireProtocol {
    case .hipform:
      hipEncoder?.append(sample, to: &out)
    case .witmotion:
      WitMotionEncoder.append(sample, to: &out)
    case .ximu3:
      if variant == .ascii {
        XIMU3Encoder.appendASCII(sample, timestamp: micros, to: &out)
      } else {
        XIMU3Encoder.appendBinary(sample, timestamp: micros, to: &out)
      }
    case .text:
      switch variant {
      case .adafruit: TextLineEncoder.appendAdafruit(sample, to: &out)
      case .sparkfun:
        TextLineEncoder.appendSparkFun(sample, temperature: 25, to: &out)
      default:
        let sequence = (sample.time * rateHz).rounded()
        TextLineEncoder.appendCSV(
          sample,
          sequence: UInt32(truncatingIfNeeded: Int64(sequence)),
          microseconds: UInt32(truncatingIfNeeded: micros), to: &out)
      }
    }
  }

  /// Answers what the host sent, as the device would: an x-IMU3 replies to
  /// each ping; the other protocols' commands need no answer.
  ///
  /// - Parameters:
  ///   - heard: Bytes the host wrote to the device.
  ///   - out: Receives the replies, after the whole messages it holds.
  public mutating func answer(_ heard: [UInt8], to out: inout [UInt8]) {
    guard wireProtocol == .ximu3, !heard.isEmpty else { return }
    for keys in commands.commands(in: heard[...]) where keys.contains("ping") {
      out += XIMU3Encoder.pingReply(serialNumber: Self.serialNumber)
    }
  }

  /// A device clock that starts at 1 s, so that it never reads negative.
  private static func microseconds(_ seconds: Double) -> UInt64 {
    let micros = (seconds * 1e6).rounded()
    return UInt64(Swift.max(0, Swift.min(micros + 1e6, 1e18)))
  }

  /// Appends a burst of line noise that the protocol's reader can step
  /// over without losing the next frame.
  ///
  /// - Parameters:
  ///   - random: The seeded generator.
  ///   - out: Receives the bytes.
  public func appendGarbage(
    using random: inout SplitMix64, to out: inout [UInt8]
  ) {
    let maximum = wireProtocol == .witmotion ? 5 : 16
    let count = 1 + Int(random.next() % UInt64(maximum))
    for _ in 0..<count {
      var byte = UInt8(truncatingIfNeeded: random.next())
      switch wireProtocol {
      case .hipform where byte == 0: byte = 0xA5
      case .witmotion where byte == WitMotionDecoder.header: byte = 0xA5
      case .ximu3 where byte == 0x0A, .text where byte == 0x0A: byte = 0xA5
      default: break
      }
      out.append(byte)
    }
    switch wireProtocol {
    case .hipform: out.append(0)
    case .ximu3, .text: out.append(0x0A)
    case .witmotion: break
    }
  }

  /// WitMotion frames with their checksums spoiled: a cycle lost to a line
  /// glitch, which the reader counts as a gap.
  ///
  /// - Parameter frames: Whole 11-byte frames.
  /// - Returns: The same bytes, every checksum wrong.
  public static func garbled(_ frames: [UInt8]) -> [UInt8] {
    var bytes = frames
    var index = WitMotionDecoder.frameLength - 1
    while index < bytes.count {
      bytes[index] ^= 0xFF
      index += WitMotionDecoder.frameLength
    }
    return bytes
  }
}
