import HipCore
import Testing

/// The HipForm frame protocol: CRC, COBS, frames, device info, gaps, wraps.
struct WireHipFrameTests {
  /// The worked example of `Firmware-notes/hipform-frame-protocol.md`.
  static let exampleInfoWire =
    "06 10 01 03 02 FA 04 E8 03 01 01 05 01 40 E2 01 03 98 65 00"
  static let exampleSampleWire =
    "09 01 02 01 78 56 34 12 A4 03 B8 FE 03 40 83 01 01 05 7D FF 9D F7 00"

  static func exampleInfo() throws -> HipDeviceInfo {
    try HipDeviceInfo(
      accelerationFullScale: 2, angularRateFullScale: 250, nominalRate: 100,
      firmware: [1, 0, 0], sensor: .mpu6050, deviceID: 123_456)
  }

  @Test func crcCheckValue() {
    #expect(CRC16.ccittFalse(ArraySlice("123456789".utf8)) == 0x29B1)
    #expect(CRC16.ccittFalse([]) == 0xFFFF)
  }

  @Test(
    arguments: [
      ("00", "01 01"), ("00 00", "01 01 01"), ("11 22 00 33", "03 11 22 02 33"),
      ("11 22 33 44", "05 11 22 33 44"), ("11 00 00 00", "02 11 01 01 01"),
      ("", "01"),
    ])
  func cobsKnownVectors(payload: String, encoded: String) {
    var out: [UInt8] = []
    COBS.encode(WireFixtures.hex(payload), to: &out)
    #expect(WireFixtures.hex(out) == encoded)
    var back: [UInt8] = []
    #expect(COBS.decode(out, into: &back))
    #expect(back == WireFixtures.hex(payload))
  }

  @Test func cobsLongRunsAndRandomPayloads() {
    let run254 = (1...254).map { UInt8($0) }
    var out: [UInt8] = []
    COBS.encode(run254, to: &out)
    #expect(out == [0xFF] + run254 + [0x01])
    var rng = SplitMix64(seed: 0xC0B5)
    for _ in 0..<300 {
      let n = Int.random(in: 0...600, using: &rng)
      let payload = (0..<n).map { _ in
        Bool.random(using: &rng) ? 0 : UInt8.random(in: 0...255, using: &rng)
      }
      var enc: [UInt8] = []
      COBS.encode(payload, to: &enc)
      var dec: [UInt8] = []
      #expect(!enc.contains(0))
      #expect(COBS.decode(enc, into: &dec) && dec == payload)
    }
    var dec: [UInt8] = []
    #expect(!COBS.decode([0x05, 0x11, 0x22], into: &dec))  // runs past end
  }

  @Test func workedExampleBytes() throws {
    var info: [UInt8] = []
    HipFrame.appendFrame(try Self.exampleInfo().payload, to: &info)
    #expect(WireFixtures.hex(info) == Self.exampleInfoWire)

    var encoder = HipFrameEncoder(
      info: try Self.exampleInfo(), startMicroseconds: 0x1234_5678,
      startSequence: 258)
    var wire: [UInt8] = []
    encoder.append(
      Sample(
        time: 0, acceleration: Vector3(164, -328, 16384) / 16384,
        angularRate: Vector3(131, 0, -131) * (250.0 / 32768)),
      to: &wire)
    #expect(
      WireFixtures.hex(wire) == Self.exampleInfoWire + " "
        + Self.exampleSampleWire)
  }

  @Test(arguments: WireFixtures.chunkSizes)
  func workedExampleDecodes(chunk: Int) throws {
    let bytes = WireFixtures.hex(
      Self.exampleInfoWire + " " + Self.exampleSampleWire)
    var decoder = HipFrameDecoder()
    let out = WireFixtures.decode(&decoder, bytes, chunk: chunk)
    #expect(
      out == [
        DecodedSample(
          timestamp: .microseconds(0x1234_5678, bitWidth: 32),
          sequence: SequenceNumber(258, bitWidth: 16),
          acceleration: Vector3(164.0 / 16384, -328.0 / 16384, 1),
          angularRate: Vector3(131, 0, -131) * (250.0 / 32768))
      ])
    #expect(decoder.deviceInfo == (try Self.exampleInfo()))
    #expect(decoder.deviceInfo?.firmwareVersion == "1.0.0")
    #expect(decoder.declaredRate == 100)
  }

  @Test(arguments: WireFixtures.chunkSizes)
  func roundTripAcrossWraps(chunk: Int) throws {
    let info = try HipDeviceInfo(
      accelerationFullScale: 4, angularRateFullScale: 500, nominalRate: 200)
    let input = WireFixtures.motion(count: 1000, rate: 200)  // 5 s
    // 2.5 s before the u32 µs counter wraps; sequence wraps after 36.
    var encoder = HipFrameEncoder(
      info: info, startMicroseconds: UInt32.max - 2_500_000,
      startSequence: 65500)
    var bytes: [UInt8] = []
    for s in input { encoder.append(s, to: &bytes) }
    var reader = WireReader(
      decoder: HipFrameDecoder(),
      clock: try DeviceClock(settings: .init(nominalRate: 50)))
    var out: [Sample] = []
    var i = 0
    while i < bytes.count {
      reader.read(bytes[i..<min(bytes.count, i + chunk)], into: &out)
      i += chunk
    }
    reader.finish(into: &out)
    try #require(out.count == input.count)
    for (a, b) in zip(input, out) {
      #expect(abs(a.time - b.time) < 1e-6)
      #expect(WireFixtures.close(a.acceleration, b.acceleration, 4.0 / 65536))
      #expect(WireFixtures.close(a.angularRate, b.angularRate, 500.0 / 65536))
    }
    let report = reader.clock.report
    #expect(report.timestampWraps == 1)
    #expect(report.sequenceWraps == 1)
    #expect(report.lostSamples == 0)
    #expect(reader.clock.settings.nominalRate == 200)  // from device info
    #expect(abs(report.rateErrorPPM ?? .nan) < 1)
    let c = reader.decoder.counters
    #expect(c.otherFrames == 5)  // device info at boot, then every second
    #expect(c.badChecksums + c.malformedFrames + c.truncatedFrames == 0)
  }

  /// Frames of a 100 Hz 6-axis stream, one array per frame.
  static func frames(count: Int) throws -> [[UInt8]] {
    let info = try HipDeviceInfo(
      accelerationFullScale: 8, angularRateFullScale: 2000, nominalRate: 100)
    var encoder = HipFrameEncoder(info: info, infoInterval: 25)
    var frames: [[UInt8]] = []
    for s in WireFixtures.motion(count: count, rate: 100) {
      var bytes: [UInt8] = []
      encoder.append(s, to: &bytes)
      // Split at delimiters so the test can damage single frames.
      var start = 0
      for (i, b) in bytes.enumerated() where b == 0 {
        frames.append(Array(bytes[start...i]))
        start = i + 1
      }
    }
    return frames
  }

  @Test(arguments: [1, 6, 4096])
  func damagedFramesAreSkippedAndLostFramesCounted(chunk: Int) throws {
    var frames = try Self.frames(count: 100)  // info, s0...s24, info, ...
    #expect(frames.count == 104)
    frames[3][5] ^= 0x40  // bit flip in s2: bad CRC
    frames[10] = Array(frames[10].prefix(8)) + [0]  // s9 truncated
    frames.remove(at: 20)  // s19 lost
    frames.remove(at: 20)  // s20 lost
    var bytes: [UInt8] = [0x13, 0x37, 0x42, 0x00, 0x00]  // junk, idle
    for f in frames { bytes += f }
    var reader = WireReader(
      decoder: HipFrameDecoder(),
      clock: try DeviceClock(settings: .init(nominalRate: 100)))
    var out: [Sample] = []
    var i = 0
    while i < bytes.count {
      reader.read(bytes[i..<min(bytes.count, i + chunk)], into: &out)
      i += chunk
    }
    reader.finish(into: &out)
    #expect(out.count == 96)
    let c = reader.decoder.counters
    // Junk, the flipped bit and the truncation: each fails COBS or the CRC.
    #expect(c.badChecksums + c.malformedFrames + c.truncatedFrames == 3)
    #expect(c.badChecksums >= 1)
    #expect(reader.clock.report.lostSamples == 4)
    #expect(reader.clock.report.gaps == 3)
    #expect(out.map(\.time).contains(0.21) && !out.map(\.time).contains(0.2))
  }

  @Test func samplesBeforeDeviceInfoAreHeldThenScaled() throws {
    let frames = try Self.frames(count: 60)
    // Open the port mid-stream: start at s10, before the periodic info.
    let bytes = Array(frames[11...].joined())
    var decoder = HipFrameDecoder()
    let out = WireFixtures.decode(&decoder, bytes, chunk: 3)
    #expect(out.count == 50)
    #expect(out.first?.sequence?.value == 10)
    #expect(decoder.counters.droppedSamples == 0)
    #expect(
      WireFixtures.close(
        out.first?.acceleration,
        WireFixtures.motion(count: 11, rate: 100)[10].acceleration, 8.0 / 65536)
    )
  }

  @Test func samplesBeforeAChangedDeviceInfoAreDropped() throws {
    var bytes = Array(try Self.frames(count: 10)[1...].joined())  // no info
    var encoder = HipFrameEncoder(info: try Self.exampleInfo())
    encoder.append(Sample(time: 0, acceleration: Vector3(0, 0, 1)), to: &bytes)
    var decoder = HipFrameDecoder()
    let out = WireFixtures.decode(&decoder, bytes, chunk: 4096)
    #expect(out.count == 1)
    #expect(decoder.counters.droppedSamples == 10)
  }

  @Test func accelerometerOnlyDeviceAndLogFrames() throws {
    let info = try HipDeviceInfo(
      accelerationFullScale: 16, angularRateFullScale: 0, nominalRate: 12.5)
    var encoder = HipFrameEncoder(info: info)
    var bytes: [UInt8] = []
    HipFrame.appendFrame([0x20] + Array("boot ok".utf8), to: &bytes)
    for s in WireFixtures.motion(count: 20, rate: 12.5) {
      encoder.append(s, to: &bytes)
    }
    var decoder = HipFrameDecoder()
    let out = WireFixtures.decode(&decoder, bytes, chunk: 2)
    #expect(out.count == 20)
    #expect(out.allSatisfy { $0.angularRate == nil })
    #expect(decoder.lastLog == "boot ok")
    #expect(decoder.declaredRate == 12.5)
  }

  @Test func invalidDeviceInfoIsRejected() {
    #expect(throws: HipDeviceInfo.ValidationError.accelerationFullScale(3)) {
      try HipDeviceInfo(
        accelerationFullScale: 3, angularRateFullScale: 250, nominalRate: 100)
    }
    #expect(throws: HipDeviceInfo.ValidationError.angularRateFullScale(300)) {
      try HipDeviceInfo(
        accelerationFullScale: 2, angularRateFullScale: 300, nominalRate: 100)
    }
    #expect(throws: HipDeviceInfo.ValidationError.nominalRate(0)) {
      try HipDeviceInfo(
        accelerationFullScale: 2, angularRateFullScale: 250, nominalRate: 0)
    }
  }

  @Test func requestDeviceInfoFrame() {
    #expect(WireFixtures.hex(HipFrame.requestDeviceInfo) == "04 80 78 70 00")
  }
}
