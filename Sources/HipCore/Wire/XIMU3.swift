/// Decoder for x-io Technologies' x-IMU3 inertial messages, ASCII and binary.
///
/// Every message ends with LF (`0x0A`), which appears nowhere else; the
/// first byte says what the message is, so ASCII and binary can be mixed:
/// - `{`: a JSON command reply. The reply to `{"ping":null}` names the
///   device; its `name`, `sn` and `interface` are kept in ``identity``.
/// - An uppercase letter: an ASCII data message. `I,<timestamp µs>,gx,gy,
///   gz,ax,ay,az` (optional trailing `\r`) is the inertial message, gyroscope
///   in °/s and accelerometer in g; other letters are counted as other
///   frames.
/// - `0x80` or above: a binary data message, byte-stuffed (`DB DC` → `0A`,
///   `DB DD` → `DB`). `0xC9` is the inertial message: a `u64` little-endian
///   µs timestamp and six little-endian `Float32` (gx gy gz ax ay az), 33
///   bytes unstuffed. There is no checksum: a message of the wrong length,
///   with a bad escape, or with non-finite values is malformed and skipped.
///
/// Messages longer than ``maximumMessageLength`` are thrown away up to the
/// next LF. The first message after opening a port is usually a fragment
/// and is counted as malformed.
public struct XIMU3Decoder: SampleDecoder {
  /// What a device said about itself in its ping reply.
  public struct Identity: Sendable, Hashable {
    /// The device name, such as `x-IMU3`.
    public var name: String
    /// The serial number.
    public var serialNumber: String
    /// The interface the reply came over, such as `USB`.
    public var interface: String

    public init(name: String, serialNumber: String, interface: String) {
      self.name = name
      self.serialNumber = serialNumber
      self.interface = interface
    }
  }

  /// The longest message kept, in bytes before unstuffing.
  public static let maximumMessageLength = 1024
  /// ASCII `I`, the inertial message identifier.
  public static let inertialASCII: UInt8 = 0x49
  /// The binary inertial message identifier, `0x80 + 'I'`.
  public static let inertialBinary: UInt8 = 0xC9
  /// Unstuffed length of a binary inertial message, without its LF.
  public static let inertialBinaryLength = 33

  public private(set) var counters = DecoderCounters()
  /// The device's ping reply, once one was seen.
  public private(set) var identity: Identity?
  /// JSON command replies seen (including ping replies).
  public private(set) var commandReplies = 0
  private var message: [UInt8] = []
  private var escaped = false
  private var badEscape = false
  private var overflow = false

  public init() {
    message.reserveCapacity(64)
  }

  public mutating func decode(
    _ bytes: ArraySlice<UInt8>, into samples: inout [DecodedSample]
  ) {
    counters.bytesReceived += bytes.count
    for byte in bytes {
      if byte == 0x0A {
        endMessage(into: &samples)
        continue
      }
      if overflow {
        counters.bytesSkipped += 1
        continue
      }
      if message.count >= Self.maximumMessageLength {
        overflow = true
        counters.bytesSkipped += message.count + 1
        message.removeAll(keepingCapacity: true)
        continue
      }
      // Unstuff on the fly for binary messages (first byte >= 0x80).
      if let first = message.first, first >= 0x80 {
        if escaped {
          escaped = false
          switch byte {
          case 0xDC: message.append(0x0A)
          case 0xDD: message.append(0xDB)
          default:
            badEscape = true
            message.append(byte)
          }
          continue
        }
        if byte == 0xDB {
          escaped = true
          continue
        }
      }
      message.append(byte)
    }
  }

  public mutating func finish(into samples: inout [DecodedSample]) {
    if !message.isEmpty || overflow {
      counters.truncatedFrames += 1
      counters.bytesSkipped += message.count
    }
    reset()
  }

  private mutating func reset() {
    message.removeAll(keepingCapacity: true)
    escaped = false
    badEscape = false
    overflow = false
  }

  private mutating func endMessage(into samples: inout [DecodedSample]) {
    defer { reset() }
    if overflow {
      counters.malformedFrames += 1
      return
    }
    guard let first = message.first else { return }
    if first >= 0x80 {
      binaryMessage(first, into: &samples)
    } else if first == UInt8(ascii: "{") {
      jsonMessage()
    } else if first >= UInt8(ascii: "A") && first <= UInt8(ascii: "Z") {
      asciiMessage(first, into: &samples)
    } else if message.count == 1 && first == 0x0D {
      return
    } else {
      counters.malformedFrames += 1
      counters.bytesSkipped += message.count
    }
  }

  private mutating func binaryMessage(
    _ id: UInt8, into samples: inout [DecodedSample]
  ) {
    guard !badEscape, !escaped else {
      counters.malformedFrames += 1
      return
    }
    guard id == Self.inertialBinary else {
      counters.otherFrames += 1
      return
    }
    guard message.count == Self.inertialBinaryLength else {
      if message.count < Self.inertialBinaryLength {
        counters.truncatedFrames += 1
      } else {
        counters.malformedFrames += 1
      }
      return
    }
    let timestamp = ByteCoding.u64(message, 1)
    var v: [Double] = [0, 0, 0, 0, 0, 0]
    for i in 0..<6 {
      let f = ByteCoding.f32(message, 9 + 4 * i)
      guard f.isFinite else {
        counters.malformedFrames += 1
        return
      }
      v[i] = Double(f)
    }
    emit(timestamp, v, into: &samples)
  }

  private mutating func asciiMessage(
    _ id: UInt8, into samples: inout [DecodedSample]
  ) {
    guard id == Self.inertialASCII else {
      counters.otherFrames += 1
      return
    }
    var end = message.endIndex
    if message[end - 1] == 0x0D { end -= 1 }
    // Fields after "I,": timestamp then six numbers.
    var fields = 0
    var timestamp: UInt64 = 0
    var v: [Double] = [0, 0, 0, 0, 0, 0]
    var start = 2
    guard message.count > 2, message[1] == 0x2C else {
      counters.malformedFrames += 1
      return
    }
    var i = start
    while i <= end {
      if i == end || message[i] == 0x2C {
        let field = message[start..<i]
        if fields == 0 {
          guard let t = Self.parseUnsigned(field) else { break }
          timestamp = t
        } else if fields <= 6 {
          guard let x = DecimalParser.parse(field), x.isFinite else { break }
          v[fields - 1] = x
        }
        fields += 1
        start = i + 1
      }
      i += 1
    }
    guard fields == 7, i > end else {
      counters.malformedFrames += 1
      return
    }
    emit(timestamp, v, into: &samples)
  }

  private mutating func emit(
    _ timestamp: UInt64, _ v: [Double], into samples: inout [DecodedSample]
  ) {
    counters.framesDecoded += 1
    counters.samplesDecoded += 1
    samples.append(
      DecodedSample(
        timestamp: .microseconds(timestamp, bitWidth: 64),
        acceleration: Vector3(v[3], v[4], v[5]),
        angularRate: Vector3(v[0], v[1], v[2])))
  }

  private mutating func jsonMessage() {
    counters.otherFrames += 1
    commandReplies += 1
    guard Self.find(ArraySlice("\"ping\"".utf8), in: message[...]) != nil
    else { return }
    let name = Self.stringValue(of: "name", in: message) ?? ""
    let serial = Self.stringValue(of: "sn", in: message) ?? ""
    let interface = Self.stringValue(of: "interface", in: message) ?? ""
    identity = Identity(
      name: name, serialNumber: serial, interface: interface)
  }

  static func parseUnsigned(_ field: ArraySlice<UInt8>) -> UInt64? {
    guard !field.isEmpty, field.count <= 20 else { return nil }
    var value: UInt64 = 0
    for byte in field {
      let digit = byte &- 0x30
      guard digit < 10 else { return nil }
      let (m, o1) = value.multipliedReportingOverflow(by: 10)
      let (s, o2) = m.addingReportingOverflow(UInt64(digit))
      guard !o1, !o2 else { return nil }
      value = s
    }
    return value
  }

  /// The index where `needle` starts in `haystack`, if it does.
  static func find(_ needle: ArraySlice<UInt8>, in haystack: ArraySlice<UInt8>)
    -> Int?
  {
    guard needle.count <= haystack.count else { return nil }
    var i = haystack.startIndex
    while i + needle.count <= haystack.endIndex {
      if haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
      i += 1
    }
    return nil
  }

  /// The string value of `"key":"value"` in a flat JSON text, if present.
  static func stringValue(of key: String, in json: [UInt8]) -> String? {
    let pattern = ArraySlice(("\"" + key + "\"").utf8)
    guard var i = find(pattern, in: json[...]) else { return nil }
    i += pattern.count
    while i < json.count, json[i] == 0x20 || json[i] == 0x3A { i += 1 }
    guard i < json.count, json[i] == 0x22 else { return nil }
    i += 1
    var end = i
    while end < json.count, json[end] != 0x22 { end += 1 }
    guard end < json.count else { return nil }
    return String(decoding: json[i..<end], as: UTF8.self)
  }
}

/// Builds the exact bytes an x-IMU3 sends for inertial messages.
public enum XIMU3Encoder {
  /// The discovery command a host sends: `{"ping":null}` and LF.
  public static let ping: [UInt8] = Array("{\"ping\":null}\n".utf8)

  /// Appends an ASCII inertial message, `I,<µs>,gx,gy,gz,ax,ay,az\r\n`.
  ///
  /// Values are written with 4 decimals, as the device does.
  ///
  /// - Parameters:
  ///   - sample: Acceleration in g; angular rate in °/s (zero without one:
  ///     the x-IMU3 always has a gyroscope).
  ///   - timestamp: Device time in microseconds.
  ///   - out: Receives the bytes.
  public static func appendASCII(
    _ sample: Sample, timestamp: UInt64, to out: inout [UInt8]
  ) {
    out.append(XIMU3Decoder.inertialASCII)
    out.append(0x2C)
    ByteCoding.appendInteger(timestamp, to: &out)
    let w = sample.angularRate ?? .zero
    let a = sample.acceleration
    for value in [w.x, w.y, w.z, a.x, a.y, a.z] {
      out.append(0x2C)
      ByteCoding.appendFixed(value, decimals: 4, to: &out)
    }
    out.append(0x0D)
    out.append(0x0A)
  }

  /// Appends a byte-stuffed binary inertial message, `0xC9` to `0x0A`.
  ///
  /// Values are rounded to `Float32`, the wire's precision.
  ///
  /// - Parameters:
  ///   - sample: Acceleration in g; angular rate in °/s (zero without one).
  ///   - timestamp: Device time in microseconds.
  ///   - out: Receives the bytes.
  public static func appendBinary(
    _ sample: Sample, timestamp: UInt64, to out: inout [UInt8]
  ) {
    var raw: [UInt8] = [XIMU3Decoder.inertialBinary]
    raw.reserveCapacity(XIMU3Decoder.inertialBinaryLength)
    ByteCoding.append(timestamp, to: &raw)
    let w = sample.angularRate ?? .zero
    let a = sample.acceleration
    for value in [w.x, w.y, w.z, a.x, a.y, a.z] {
      ByteCoding.append(Float(value), to: &raw)
    }
    appendStuffed(raw, to: &out)
  }

  /// Byte-stuffs `raw` (`0A` → `DB DC`, `DB` → `DB DD`) and appends it with
  /// the terminating LF.
  ///
  /// - Parameters:
  ///   - raw: An unstuffed binary message.
  ///   - out: Receives the bytes.
  public static func appendStuffed(_ raw: [UInt8], to out: inout [UInt8]) {
    for byte in raw {
      switch byte {
      case 0x0A: out.append(contentsOf: [0xDB, 0xDC])
      case 0xDB: out.append(contentsOf: [0xDB, 0xDD])
      default: out.append(byte)
      }
    }
    out.append(0x0A)
  }

  /// The reply a device sends to ``ping``.
  ///
  /// - Parameters:
  ///   - name: The device name.
  ///   - serialNumber: The serial number.
  ///   - interface: The interface, e.g. `USB`.
  /// - Returns: The JSON line with its LF.
  public static func pingReply(
    name: String = "x-IMU3", serialNumber: String, interface: String = "USB"
  ) -> [UInt8] {
    Array(
      ("{\"ping\":{\"interface\":\"\(interface)\",\"name\":\"\(name)\","
        + "\"sn\":\"\(serialNumber)\"}}\n").utf8)
  }
}
