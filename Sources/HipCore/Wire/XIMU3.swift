/// Decoder for x-io Technologies' x-IMU3 inertial messages, ASCII and binary.
///
/// Every message ends with LF (`0x0A`), which appears nowhere else; the
/// first byte says what the message is, so ASCII and binary can be mixed:
/// - `{`: a JSON command reply. The reply to `{"ping":null}` names the
///   device; its `name`, `sn` and `interface` are kept in ``identity``
///   (see ``XIMU3Ping``; a reply after garbage on its line is still read).
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
  public struct Identity: Sendable, Hashable, CustomStringConvertible {
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

    /// `x-IMU3 serial 0123-4567 over USB`, leaving out what the reply did
    /// not say.
    public var description: String {
      var parts = [name.isEmpty ? "x-IMU3" : name]
      if !serialNumber.isEmpty { parts.append("serial \(serialNumber)") }
      if !interface.isEmpty { parts.append("over \(interface)") }
      return parts.joined(separator: " ")
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
    if first != UInt8(ascii: "{"),
      let start = XIMU3Ping.replyStart(inLine: message[...])
    {
      // Garbage before a ping reply on its line: boot noise, or a message
      // cut when the port opened, neither ended by an LF. The reply is
      // still good.
      counters.malformedFrames += 1
      counters.bytesSkipped += start
      jsonMessage(message[start...])
      return
    }
    if first >= 0x80 {
      binaryMessage(first, into: &samples)
    } else if first == UInt8(ascii: "{") {
      jsonMessage(message[...])
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
    // Binary data messages are 0x80 plus their ASCII letter: any other
    // first byte is noise.
    guard (0x80 + UInt8(ascii: "A")...0x80 + UInt8(ascii: "Z")).contains(id)
    else {
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
    // Every ASCII data message is its letter and a comma: a letter
    // without one is noise.
    guard message.count > 1, message[1] == 0x2C else {
      counters.malformedFrames += 1
      return
    }
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

  /// Counts a command reply and keeps a ping reply's identity.
  ///
  /// A ping reply's `name`, `sn` and `interface` become ``identity``; a
  /// line that is not one JSON object (a binary fragment that happens to
  /// start with `{`) is malformed.
  private mutating func jsonMessage(_ line: ArraySlice<UInt8>) {
    guard let members = CommandJSON.object(in: line) else {
      counters.malformedFrames += 1
      counters.bytesSkipped += line.count
      return
    }
    counters.otherFrames += 1
    commandReplies += 1
    if let reply = XIMU3Ping.identity(inReply: members) { identity = reply }
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
      ("{\"ping\":{\"interface\":\(jsonString(interface)),"
        + "\"name\":\(jsonString(name)),\"sn\":\(jsonString(serialNumber))}}\n")
        .utf8)
  }

  /// `text` as a JSON string literal, quotes, backslashes and control
  /// characters escaped.
  ///
  /// - Parameter text: Any text.
  /// - Returns: The literal, with its quotes.
  static func jsonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }
}

/// The x-IMU3's discovery exchange: the host sends `{"ping":null}` and LF,
/// the device answers with one JSON line such as
/// `{"ping":{"interface":"USB","name":"x-IMU3","sn":"0123-4567"}}`.
///
/// A reply counts only when `ping`'s value is an object: a port that echoes
/// what the host wrote sends back `{"ping":null}`, which is the command,
/// not an answer. Members are found by name in any order, with any spacing
/// and JSON escapes; a member that is missing or not a string reads as
/// empty, as x-io's own API reads it.
public enum XIMU3Ping {
  /// The command, `{"ping":null}` and LF.
  public static let command = XIMU3Encoder.ping

  /// The identity in a line of the device's output, if the line ends with
  /// a ping reply.
  ///
  /// Bytes before the reply on the same line (noise, or a message cut when
  /// the port opened) are stepped over.
  ///
  /// - Parameter line: One line, without its LF; a trailing CR is allowed.
  /// - Returns: The identity, or `nil` when the line holds no reply.
  public static func identity(inLine line: ArraySlice<UInt8>)
    -> XIMU3Decoder.Identity?
  {
    guard let start = replyStart(inLine: line),
      let members = CommandJSON.object(in: line[start...])
    else { return nil }
    return identity(inReply: members)
  }

  /// Where a ping reply starts in `line`: the first `{` that is followed by
  /// a `"ping"` key and opens an object reaching the end of the line.
  ///
  /// - Parameter line: One line, without its LF.
  /// - Returns: The index of the `{`, or `nil`.
  static func replyStart(inLine line: ArraySlice<UInt8>) -> Int? {
    let key = ArraySlice("\"ping\"".utf8)
    var index = line.startIndex
    while let brace = line[index...].firstIndex(of: UInt8(ascii: "{")) {
      var next = brace + 1
      while next < line.endIndex, CommandJSON.isWhitespace(line[next]) {
        next += 1
      }
      if line[next...].starts(with: key),
        let members = CommandJSON.object(in: line[brace...]),
        identity(inReply: members) != nil
      {
        return brace
      }
      index = brace + 1
    }
    return nil
  }

  /// The identity in a parsed command message, if it is a ping reply.
  ///
  /// - Parameter members: The message's top-level members.
  /// - Returns: The identity, or `nil` when `ping` is missing or not an
  ///   object.
  static func identity(inReply members: [CommandJSON.Member])
    -> XIMU3Decoder.Identity?
  {
    guard let ping = members.first(where: { $0.key == "ping" }),
      case .object(let fields) = ping.value
    else { return nil }
    func text(_ key: String) -> String {
      guard let field = fields.first(where: { $0.key == key }),
        case .string(let value) = field.value
      else { return "" }
      return value
    }
    return XIMU3Decoder.Identity(
      name: text("name"), serialNumber: text("sn"), interface: text("interface")
    )
  }
}

/// Watches a device's byte stream for its first ping reply, wherever it
/// falls among data messages and in whatever chunks the bytes come.
///
/// Lines are split at LF, the one byte an x-IMU3 never sends inside a
/// message, so binary and ASCII data around the reply do not matter. The
/// reply's place in the stream is kept, so a caller that read ahead can
/// hand the bytes on with the reply first.
public struct XIMU3PingReplyFinder: Sendable {
  /// A reply and where its line lies in the stream.
  public struct Reply: Sendable, Equatable {
    /// What the device said about itself.
    public var identity: XIMU3Decoder.Identity
    /// The reply's whole line, its LF included, as offsets from the first
    /// byte scanned.
    public var line: Range<Int>
  }

  /// The first reply seen, once there is one.
  public private(set) var reply: Reply?
  private var line: [UInt8] = []
  private var lineStart = 0
  private var offset = 0
  private var overflow = false

  public init() {}

  /// Scans the next bytes of the stream.
  ///
  /// - Parameter bytes: The bytes, in the order they arrived.
  public mutating func scan(_ bytes: ArraySlice<UInt8>) {
    for byte in bytes {
      offset += 1
      if byte == 0x0A {
        if reply == nil, !overflow,
          let identity = XIMU3Ping.identity(inLine: line[...])
        {
          reply = Reply(identity: identity, line: lineStart..<offset)
        }
        line.removeAll(keepingCapacity: true)
        lineStart = offset
        overflow = false
      } else if line.count < XIMU3Decoder.maximumMessageLength {
        line.append(byte)
      } else {
        overflow = true
      }
    }
  }
}

/// What a simulated x-IMU3 hears from the host: commands, one JSON object
/// per line.
public struct XIMU3CommandReader: Sendable {
  private var line: [UInt8] = []

  public init() {}

  /// The commands the bytes complete.
  ///
  /// - Parameter bytes: The host's next bytes.
  /// - Returns: Each complete command's keys, such as `["ping"]` for
  ///   `{"ping":null}`; lines that are not JSON objects are left out.
  public mutating func commands(in bytes: ArraySlice<UInt8>) -> [[String]] {
    var commands: [[String]] = []
    for byte in bytes {
      if byte == 0x0A {
        if let members = CommandJSON.object(in: line[...]) {
          commands.append(members.map(\.key))
        }
        line.removeAll(keepingCapacity: true)
      } else if line.count < XIMU3Decoder.maximumMessageLength {
        line.append(byte)
      }
    }
    return commands
  }
}

/// Just enough JSON for x-IMU3 command messages: a line holding one object,
/// whose string and object values are kept and whose other values
/// (numbers, arrays, `true`, `null`...) are checked and skipped.
enum CommandJSON {
  /// A value as far as command messages need it.
  indirect enum Value: Equatable {
    case string(String)
    case object([Member])
    case other
  }

  /// One `"key": value` of an object.
  struct Member: Equatable {
    var key: String
    var value: Value
  }

  /// Objects nested deeper than this are refused (a hostile or garbled
  /// line cannot run the parser out of stack).
  static let maximumDepth = 16

  /// The members of the object that `text` holds, whitespace around it
  /// allowed.
  ///
  /// - Parameter text: One line, without its LF.
  /// - Returns: The members in order, or `nil` when `text` is not exactly
  ///   one JSON object.
  static func object(in text: ArraySlice<UInt8>) -> [Member]? {
    var parser = Parser(text: text)
    parser.skipWhitespace()
    guard let members = parser.object(depth: 0) else { return nil }
    parser.skipWhitespace()
    return parser.atEnd ? members : nil
  }

  /// JSON's whitespace: space, tab, CR and LF.
  ///
  /// - Parameter byte: A byte.
  /// - Returns: Whether it is whitespace.
  static func isWhitespace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
  }

  /// A recursive-descent reader over one line.
  struct Parser {
    let text: ArraySlice<UInt8>
    var index: Int

    init(text: ArraySlice<UInt8>) {
      self.text = text
      index = text.startIndex
    }

    var atEnd: Bool { index == text.endIndex }

    private var current: UInt8? { atEnd ? nil : text[index] }

    mutating func skipWhitespace() {
      while let byte = current, CommandJSON.isWhitespace(byte) { index += 1 }
    }

    private mutating func take(_ byte: UInt8) -> Bool {
      guard current == byte else { return false }
      index += 1
      return true
    }

    /// `{ "key": value, ... }`, the index on the `{`.
    mutating func object(depth: Int) -> [Member]? {
      guard depth < CommandJSON.maximumDepth, take(UInt8(ascii: "{"))
      else { return nil }
      var members: [Member] = []
      skipWhitespace()
      if take(UInt8(ascii: "}")) { return members }
      while true {
        skipWhitespace()
        guard let key = string() else { return nil }
        skipWhitespace()
        guard take(UInt8(ascii: ":")) else { return nil }
        skipWhitespace()
        guard let value = value(depth: depth + 1) else { return nil }
        members.append(Member(key: key, value: value))
        skipWhitespace()
        if take(UInt8(ascii: "}")) { return members }
        guard take(UInt8(ascii: ",")) else { return nil }
      }
    }

    private mutating func value(depth: Int) -> Value? {
      switch current {
      case UInt8(ascii: "\""): return string().map(Value.string)
      case UInt8(ascii: "{"): return object(depth: depth).map(Value.object)
      case UInt8(ascii: "["): return array(depth: depth) ? .other : nil
      case UInt8(ascii: "t"): return literal("true") ? .other : nil
      case UInt8(ascii: "f"): return literal("false") ? .other : nil
      case UInt8(ascii: "n"): return literal("null") ? .other : nil
      default: return number() ? .other : nil
      }
    }

    private mutating func array(depth: Int) -> Bool {
      guard depth < CommandJSON.maximumDepth, take(UInt8(ascii: "["))
      else { return false }
      skipWhitespace()
      if take(UInt8(ascii: "]")) { return true }
      while true {
        skipWhitespace()
        guard value(depth: depth + 1) != nil else { return false }
        skipWhitespace()
        if take(UInt8(ascii: "]")) { return true }
        guard take(UInt8(ascii: ",")) else { return false }
      }
    }

    private mutating func literal(_ word: String) -> Bool {
      let bytes = ArraySlice(word.utf8)
      guard text[index...].starts(with: bytes) else { return false }
      index += bytes.count
      return true
    }

    /// Steps over a number, `-? digits (. digits)? ([eE] [+-]? digits)?`.
    private mutating func number() -> Bool {
      _ = take(UInt8(ascii: "-"))
      guard digits() else { return false }
      if take(UInt8(ascii: ".")), !digits() { return false }
      if take(UInt8(ascii: "e")) || take(UInt8(ascii: "E")) {
        if !take(UInt8(ascii: "+")) { _ = take(UInt8(ascii: "-")) }
        return digits()
      }
      return true
    }

    private mutating func digits() -> Bool {
      let start = index
      while let byte = current, byte &- 0x30 < 10 { index += 1 }
      return index > start
    }

    /// A string literal with its escapes undone; invalid UTF-8 and lone
    /// surrogates become U+FFFD.
    mutating func string() -> String? {
      guard take(UInt8(ascii: "\"")) else { return nil }
      var bytes: [UInt8] = []
      var pendingHighSurrogate: UInt32?
      while let byte = current {
        index += 1
        if byte == UInt8(ascii: "\"") {
          if pendingHighSurrogate != nil { Self.appendReplacement(to: &bytes) }
          return String(decoding: bytes, as: UTF8.self)
        }
        guard byte >= 0x20 else { return nil }
        guard byte == UInt8(ascii: "\\") else {
          if pendingHighSurrogate != nil { Self.appendReplacement(to: &bytes) }
          pendingHighSurrogate = nil
          bytes.append(byte)
          continue
        }
        guard let escape = current else { return nil }
        index += 1
        var unit: UInt32?
        switch escape {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"):
          unit = UInt32(escape)
        case UInt8(ascii: "b"): unit = 0x08
        case UInt8(ascii: "f"): unit = 0x0C
        case UInt8(ascii: "n"): unit = 0x0A
        case UInt8(ascii: "r"): unit = 0x0D
        case UInt8(ascii: "t"): unit = 0x09
        case UInt8(ascii: "u"):
          guard let code = hex4() else { return nil }
          if (0xDC00...0xDFFF).contains(code), let high = pendingHighSurrogate {
            pendingHighSurrogate = nil
            let scalar = 0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00)
            Self.append(scalar, to: &bytes)
            continue
          }
          if pendingHighSurrogate != nil { Self.appendReplacement(to: &bytes) }
          pendingHighSurrogate = nil
          if (0xD800...0xDBFF).contains(code) {
            pendingHighSurrogate = code
            continue
          }
          unit = code
        default:
          return nil
        }
        if pendingHighSurrogate != nil { Self.appendReplacement(to: &bytes) }
        pendingHighSurrogate = nil
        if let unit { Self.append(unit, to: &bytes) }
      }
      return nil
    }

    private mutating func hex4() -> UInt32? {
      guard text.endIndex - index >= 4 else { return nil }
      var value: UInt32 = 0
      for _ in 0..<4 {
        guard let digit = Self.hexValue(text[index]) else { return nil }
        value = value << 4 | digit
        index += 1
      }
      return value
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"):
        UInt32(byte - UInt8(ascii: "0"))
      case UInt8(ascii: "a")...UInt8(ascii: "f"):
        UInt32(byte - UInt8(ascii: "a") + 10)
      case UInt8(ascii: "A")...UInt8(ascii: "F"):
        UInt32(byte - UInt8(ascii: "A") + 10)
      default: nil
      }
    }

    private static func append(_ value: UInt32, to bytes: inout [UInt8]) {
      guard let scalar = Unicode.Scalar(value) else {
        appendReplacement(to: &bytes)
        return
      }
      bytes.append(contentsOf: scalar.utf8)
    }

    private static func appendReplacement(to bytes: inout [UInt8]) {
      bytes.append(contentsOf: [0xEF, 0xBF, 0xBD])
    }
  }
}
