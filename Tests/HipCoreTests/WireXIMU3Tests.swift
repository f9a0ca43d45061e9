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
    bytes += Array("I,60,1,2".utf8)  // cut off by the end of the stream
    var decoder = XIMU3Decoder()
    let out = WireFixtures.decode(&decoder, bytes, chunk: chunk)
    #expect(out.map { $0.timestamp?.ticks } == [10, 20, 50])
    #expect(
      decoder.identity
        == .init(name: "x-IMU3", serialNumber: "0123-4567", interface: "USB"))
    let c = decoder.counters
    #expect(c.otherFrames == 3)  // ping reply, ASCII A, binary 0xC1
    #expect(c.malformedFrames == 4)  // fragment, bad escape, nan, short
    #expect(c.truncatedFrames == 2)  // 20-byte binary, end of stream
    #expect(decoder.commandReplies == 1)
  }

  @Test func pingCommandBytes() {
    #expect(XIMU3Encoder.ping == Array("{\"ping\":null}\n".utf8))
  }
}
