import HipCore
import Testing

/// x-IMU3 inertial messages: ASCII, binary with byte stuffing, replies.
struct WireXIMU3Tests {
  @Test(arguments: WireFixtures.chunkSizes)
  func asciiRoundTrip(chunk: Int) throws {
    let input = WireFixtures.motion(count: 200, rate: 400)
    var bytes: [UInt8] = []
    for (i, s) in input.enumerated() {
      XIMU3Encoder.appendASCII(
        s, timestamp: 5_000_000 + UInt64(i) * 2500, to: &bytes)
    }
    var decoder = XIMU3Decoder()
    let out = WireFixtures.decode(&decoder, bytes, chunk: chunk)
    try #require(out.count == input.count)
    for (i, (a, b)) in zip(input, out).enumerated() {
      #expect(
        b.timestamp == .microseconds(5_000_000 + UInt64(i) * 2500, bitWidth: 64)
      )
      #expect(
        WireFixtures.close(a.acceleration, b.acceleration, 0.00005 + 1e-12))
      #expect(WireFixtures.close(a.angularRate, b.angularRate, 0.00005 + 1e-9))
    }
    #expect(decoder.counters.malformedFrames == 0)
  }

  @Test func asciiLineAsTheManualShowsIt() {
    let line = "I,1234567,0.5,-1.25,3,0.01,-0.98,0.05\n"
    var decoder = XIMU3Decoder()
    let out = WireFixtures.decode(&decoder, Array(line.utf8), chunk: 100)
    #expect(
      out == [
        DecodedSample(
          timestamp: .microseconds(1_234_567, bitWidth: 64),
          acceleration: Vector3(0.01, -0.98, 0.05),
          angularRate: Vector3(0.5, -1.25, 3))
      ])
  }

  @Test(arguments: WireFixtures.chunkSizes)
  func binaryRoundTripWithByteStuffing(chunk: Int) throws {
    // Timestamps and values whose bytes include 0x0A and 0xDB.
    let stamps: [UInt64] = [0x0A0A_DBDB_0A00_DB0A, 0xDB, 0x0A, 1_000_000]
    let values: [Float] = [
      Float(bitPattern: 0x3F0A_DB0A), Float(bitPattern: 0x410A_0ADB), -2.5,
      1,
    ]
    var bytes: [UInt8] = []
    var input: [Sample] = []
    for (i, t) in stamps.enumerated() {
      let v = Double(values[i])
      let s = Sample(
        time: 0, acceleration: Vector3(v, -v, 0.5),
        angularRate: Vector3(v * 10, 0, -v))
      input.append(s)
      XIMU3Encoder.appendBinary(s, timestamp: t, to: &bytes)
    }
    let text = WireFixtures.hex(bytes)
    #expect(text.contains("DB DC") && text.contains("DB DD"))
    #expect(bytes.filter { $0 == 0x0A }.count == stamps.count)
    var decoder = XIMU3Decoder()
    let out = WireFixtures.decode(&decoder, bytes, chunk: chunk)
    try #require(out.count == stamps.count)
    for i in stamps.indices {
      #expect(out[i].timestamp?.ticks == stamps[i])
      #expect(out[i].acceleration == input[i].acceleration)
      #expect(
        WireFixtures.close(out[i].angularRate, input[i].angularRate, 1e-5))
    }
  }

  @Test(arguments: [1, 2, 4096])
  func mixedMessagesRepliesAndGarbage(chunk: Int) {
    let s = Sample(
      time: 0, acceleration: Vector3(0, 0, 1), angularRate: Vector3(1, 2, 3))
    var bytes: [UInt8] = Array("0.12,-0.5,0.3\n".utf8)  // fragment at open
    bytes += XIMU3Encoder.pingReply(serialNumber: "0123-4567")
    XIMU3Encoder.appendASCII(s, timestamp: 10, to: &bytes)
    bytes += Array("A,11,1.0,2.0,3.0\r\n".utf8)  // Euler angles: ignored
    XIMU3Encoder.appendBinary(s, timestamp: 20, to: &bytes)
    XIMU3Encoder.appendStuffed([0xC1, 1, 2, 3, 4], to: &bytes)  // binary Euler
    bytes += [0xC9, 0xDB, 0x00, 0x0A]  // bad escape
    XIMU3Encoder.appendStuffed(
      [0xC9] + [UInt8](repeating: 1, count: 20), to: &bytes)
    bytes += Array("I,30,1,2,3,0,0,nan\n".utf8)  // nan: never a zero
    bytes += Array("I,40,1,2,3,0,0\n".utf8)  // a field short
    XIMU3Encoder.appendASCII(s, timestamp: 50, to: &bytes)
    // Noise lines: no message starts with these bytes (found: 773 of
    // 1816 bursts were counted as garbled, the rest as other messages).
    bytes += [0x93, 0x11, 0x0A]  // binary, not 0x80 + a letter
    bytes += Array("Hq\u{7}\n".utf8)  // a letter without its comma
    bytes += Array("I,60,1,2".utf8)  // cut off by the end of the stream
    var decoder = XIMU3Decoder()
    let out = WireFixtures.decode(&decoder, bytes, chunk: chunk)
    #expect(out.map { $0.timestamp?.ticks } == [10, 20, 50])
    #expect(
      decoder.identity
        == .init(name: "x-IMU3", serialNumber: "0123-4567", interface: "USB"))
    let c = decoder.counters
    #expect(c.otherFrames == 3)  // ping reply, ASCII A, binary 0xC1
    // fragment, bad escape, nan, short, two noise lines
    #expect(c.malformedFrames == 6)
    #expect(c.truncatedFrames == 2)  // 20-byte binary, end of stream
    #expect(decoder.commandReplies == 1)
  }

  @Test func pingCommandBytes() {
    #expect(XIMU3Encoder.ping == Array("{\"ping\":null}\n".utf8))
    #expect(XIMU3Ping.command == XIMU3Encoder.ping)
  }

  static let referenceIdentity = XIMU3Decoder.Identity(
    name: "x-IMU3", serialNumber: "0123-4567", interface: "USB")

  /// Lines a device (or a garbled port) could send, and what each says.
  static let replyLines: [(line: String, identity: XIMU3Decoder.Identity?)] = [
    // The reference document's reply, with and without the CR.
    (
      #"{"ping":{"interface":"USB","name":"x-IMU3","sn":"0123-4567"}}"#,
      referenceIdentity
    ),
    (
      #"{"ping":{"interface":"USB","name":"x-IMU3","sn":"0123-4567"}}"# + "\r",
      referenceIdentity
    ),
    // Any member order, spacing, and members x-io may add later.
    (
      #" { "ping" : { "sn" : "0123-4567", "firmware": {"v": [1, 2.5e0, -3]},"#
        + #" "name":"x-IMU3" , "interface":"USB", "on": true } } "#,
      referenceIdentity
    ),
    // Escapes are undone.
    (
      #"{"ping":{"interface":"USB","name":"x-\u0049MU3","sn":"A\"B\\C\u00e9\ud83d\ude00"}}"#,
      .init(name: "x-IMU3", serialNumber: "A\"B\\Cé😀", interface: "USB")
    ),
    // A member missing or not a string reads as empty, as x-io's API has it.
    (
      #"{"ping":{"interface":"Serial","name":"x-IMU3","sn":12}}"#,
      .init(name: "x-IMU3", serialNumber: "", interface: "Serial")
    ),
    // Noise, or a message cut when the port opened, before the reply.
    (
      "\u{1}garbage I,12,3"
        + #"{"ping":{"interface":"USB","name":"x-IMU3","sn":"0123-4567"}}"#,
      referenceIdentity
    ),
    // Not replies: the command itself echoed, other shapes, other replies.
    (#"{"ping":null}"#, nil),
    (#"{"ping":"x-IMU3"}"#, nil),
    (#"{"inertial_message_rate_divisor":4}"#, nil),
    (#"{"ping":{"interface":"USB","name":"x-IMU3","sn":"0123-4567"}"#, nil),
    (
      #"{"ping":{"interface":"USB","name":"x-IMU3","sn":"0123-4567"}}x"#,
      nil
    ),
    (#"{"ping":{"name":"x-IMU3","sn":"bad \q escape"}}"#, nil),
    (#"{"ping":{"name":"x-IMU3","sn":"raw"# + "\t" + #"tab"}}"#, nil),
    ("{\"ping\":" + String(repeating: "[", count: 200), nil),
    (#"{"ping":{"name":"x-IMU3","sn":1.}}"#, nil),
    ("", nil),
  ]

  @Test(arguments: replyLines.indices)
  func pingReplyLines(_ index: Int) {
    let (line, identity) = Self.replyLines[index]
    #expect(XIMU3Ping.identity(inLine: ArraySlice(line.utf8)) == identity)
    var decoder = XIMU3Decoder()
    _ = WireFixtures.decode(&decoder, Array((line + "\n").utf8), chunk: 7)
    #expect(decoder.identity == identity, "\(line)")
  }

  /// A binary stream around the reply: the device keeps streaming while
  /// the host pings, and the port opened in the middle of a message.
  static func streamWithReply() -> (bytes: [UInt8], reply: Range<Int>) {
    var bytes: [UInt8] = []
    let s = Sample(
      time: 0, acceleration: Vector3(0, 0, 1), angularRate: Vector3(1, 2, 3))
    var message: [UInt8] = []
    XIMU3Encoder.appendBinary(s, timestamp: 7, to: &message)
    bytes += message[12...]  // the rest of a message cut at open
    for i in 0..<5 {
      XIMU3Encoder.appendBinary(s, timestamp: 10 + UInt64(i), to: &bytes)
    }
    XIMU3Encoder.appendASCII(s, timestamp: 20, to: &bytes)
    let start = bytes.count
    bytes += XIMU3Encoder.pingReply(serialNumber: "0123-4567")
    let reply = start..<bytes.count
    for i in 0..<5 {
      XIMU3Encoder.appendBinary(s, timestamp: 30 + UInt64(i), to: &bytes)
    }
    bytes += XIMU3Encoder.pingReply(serialNumber: "second")
    return (bytes, reply)
  }

  @Test(arguments: WireFixtures.chunkSizes)
  func pingReplyFoundAmidDataInAnyChunking(chunk: Int) throws {
    let (bytes, range) = Self.streamWithReply()
    var finder = XIMU3PingReplyFinder()
    var start = 0
    while start < bytes.count {
      let end = min(bytes.count, start + chunk)
      finder.scan(bytes[start..<end])
      start = end
    }
    let reply = try #require(finder.reply)
    #expect(reply.identity == Self.referenceIdentity)
    #expect(reply.line == range)  // the first reply, LF included

    var decoder = XIMU3Decoder()
    let samples = WireFixtures.decode(&decoder, bytes, chunk: chunk)
    #expect(samples.count == 11)
    #expect(decoder.commandReplies == 2)
    #expect(decoder.identity?.serialNumber == "second")  // the latest
  }

  @Test func aReplyAfterAGarbledMessageOnItsLineIsStillRead() {
    let s = Sample(time: 0, acceleration: Vector3(0, 0, 1))
    var bytes: [UInt8] = []
    var message: [UInt8] = []
    XIMU3Encoder.appendBinary(s, timestamp: 7, to: &message)
    bytes += message.dropLast()  // a binary message whose LF was lost
    bytes += XIMU3Encoder.pingReply(serialNumber: "0123-4567")
    XIMU3Encoder.appendBinary(s, timestamp: 8, to: &bytes)
    var decoder = XIMU3Decoder()
    let samples = WireFixtures.decode(&decoder, bytes, chunk: 5)
    #expect(decoder.identity == Self.referenceIdentity)
    #expect(samples.map { $0.timestamp?.ticks } == [8])
    #expect(decoder.counters.malformedFrames == 1)
    #expect(decoder.counters.bytesSkipped == message.count - 1)
  }

  @Test func aFragmentThatStartsWithABraceIsMalformedNotAReply() {
    var decoder = XIMU3Decoder()
    _ = WireFixtures.decode(
      &decoder, [0x7B, 0xC9, 0x00, 0x0A] + Array("{\"ping\":null}\n".utf8),
      chunk: 3)
    #expect(decoder.identity == nil)
    #expect(decoder.counters.malformedFrames == 1)
    #expect(decoder.commandReplies == 1)  // the echoed command
  }

  @Test func pingReplyEncodingEscapesAndRoundTrips() {
    let identity = XIMU3Decoder.Identity(
      name: #"say "hi""#, serialNumber: "back\\slash\u{1}", interface: "USB")
    let reply = XIMU3Encoder.pingReply(
      name: identity.name, serialNumber: identity.serialNumber)
    #expect(reply.last == 0x0A)
    #expect(reply.dropLast().allSatisfy { $0 >= 0x20 })
    #expect(XIMU3Ping.identity(inLine: reply.dropLast()) == identity)
    #expect(
      "\(Self.referenceIdentity)" == "x-IMU3 serial 0123-4567 over USB")
  }

  @Test(arguments: [1, 2, 5, 100])
  func hostCommandsForASimulatedDevice(chunk: Int) {
    let bytes = Array(
      ("{\"ping\":null}\nnoise\n{\"inertial_message_rate_divisor\":4}\r\n"
        + "{\"apply\":null}\n{\"ping\":null}").utf8)
    var reader = XIMU3CommandReader()
    var commands: [[String]] = []
    var start = 0
    while start < bytes.count {
      let end = min(bytes.count, start + chunk)
      commands += reader.commands(in: bytes[start..<end])
      start = end
    }
    // The last ping has no LF yet: not a command until it comes.
    #expect(
      commands == [["ping"], ["inertial_message_rate_divisor"], ["apply"]])
    #expect(reader.commands(in: [0x0A]) == [["ping"]])
  }
}
