import HipCore
import Testing

/// WitMotion standard protocol: frames, resync, pairing, commands.
struct WireWitMotionTests {
  /// Quantization step halves: what a round trip may lose.
  static let accelTolerance = 16.0 / 32768 / 2 + 1e-12
  static let gyroTolerance = 2000.0 / 32768 / 2 + 1e-12

  @Test(arguments: WireFixtures.chunkSizes)
  func workedExampleFromTheReference(chunk: Int) throws {
    let bytes = WireFixtures.hex("55 51 00 00 D7 FF 00 08 C4 09 51")
    var decoder = WitMotionDecoder()
    let samples = WireFixtures.decode(&decoder, bytes, chunk: chunk)
    try #require(samples.count == 1)
    let s = samples[0]
    #expect(s.acceleration.x == 0)
    #expect(s.acceleration.y == -41.0 / 32768 * 16)
    #expect(abs(s.acceleration.y - -0.0200195) < 1e-7)
    #expect(s.acceleration.z == 1.0)
    #expect(s.temperature == 25.0)
    #expect(s.angularRate == nil)
    #expect(decoder.counters.framesDecoded == 1)
    #expect(decoder.counters.bytesSkipped == 0)
    #expect(decoder.counters.badChecksums == 0)
  }

  @Test func encoderReproducesTheWorkedExample() {
    var out: [UInt8] = []
    WitMotionEncoder.append(
      Sample(time: 0, acceleration: Vector3(0, -41.0 / 32768 * 16, 1)),
      temperature: 25, to: &out)
    #expect(WireFixtures.hex(out) == "55 51 00 00 D7 FF 00 08 C4 09 51")
  }

  /// A 6-axis stream with angle and magnetometer frames in each cycle, as
  /// a WT901 sends by default.
  static func stream(_ samples: [Sample]) -> [UInt8] {
    var out: [UInt8] = []
    for s in samples {
      WitMotionEncoder.append(s, to: &out)
      out += WitMotionEncoder.frame(
        type: 0x53, words: [100, -200, 300, 0x0505])
      out += WitMotionEncoder.frame(type: 0x54, words: [1, 2, 3, 4])
    }
    return out
  }

  @Test(arguments: WireFixtures.chunkSizes)
  func roundTripInAnyChunking(chunk: Int) throws {
    let input = WireFixtures.motion(count: 300, rate: 100)
    var decoder = WitMotionDecoder()
    let out = WireFixtures.decode(&decoder, Self.stream(input), chunk: chunk)
    try #require(out.count == input.count)
    for (i, (a, b)) in zip(input, out).enumerated() {
      #expect(
        WireFixtures.close(a.acceleration, b.acceleration, Self.accelTolerance))
      #expect(
        WireFixtures.close(a.angularRate, b.angularRate, Self.gyroTolerance))
      #expect(b.sequence?.value == UInt64(i))
    }
    let c = decoder.counters
    #expect(c.framesDecoded == 600)
    #expect(c.otherFrames == 600)
    #expect(c.samplesDecoded == 300)
    #expect(c.badChecksums == 0 && c.bytesSkipped == 0 && c.droppedSamples == 0)
  }

  /// Simple samples whose frames hold no stray 0x55, so counts are exact.
  static func plainSamples(_ n: Int) -> [Sample] {
    (0..<n).map { i in
      Sample(
        time: Double(i) / 100,
        acceleration: Vector3(0.01 * Double(i % 7), -1, 0.02),
        angularRate: Vector3(1, Double(i % 5), -3))
    }
  }

  @Test(arguments: [1, 4, 11, 4096])
  func garbageAndBadChecksumsAreSkippedAndCounted(chunk: Int) throws {
    let samples = Self.plainSamples(20)
    var bytes: [UInt8] = [0x00, 0x13, 0xFF, 0x55, 0x00, 0x7E]  // junk
    for (i, s) in samples.enumerated() {
      var frames: [UInt8] = []
      WitMotionEncoder.append(s, to: &frames)
      #expect(!frames.dropFirst().contains(0x55) || frames[11] == 0x55)
      if i == 5 { frames[10] ^= 0xFF }  // accel checksum broken
      if i == 12 { bytes += [0x01, 0x02, 0x03] }  // junk between cycles
      bytes += frames
    }
    var decoder = WitMotionDecoder()
    let out = WireFixtures.decode(&decoder, bytes, chunk: chunk)
    let c = decoder.counters
    #expect(out.count == 19)
    #expect(c.badChecksums == 1)
    #expect(c.bytesSkipped == 6 + 11 + 3)
    // Each burst of junk is one garbled packet; the bytes a bad checksum
    // skips are that packet.
    #expect(c.malformedFrames == 2)
    #expect(c.droppedSamples == 1)  // the orphaned gyro frame of sample 5
    // The lost cycle shows as a sequence gap of one.
    let seqs = out.compactMap { $0.sequence?.value }
    #expect(seqs == (0..<20).filter { $0 != 5 }.map { UInt64($0) })
    var clock = try DeviceClock(settings: .init(nominalRate: 100))
    let times = out.compactMap { clock.time(for: $0) }
    #expect(clock.report.lostSamples == 1)
    #expect(times[5] == 0.06)
  }

  @Test(arguments: [1, 3, 4096])
  func truncatedFrameThenValidFrames(chunk: Int) {
    var bytes: [UInt8] = []
    var full: [UInt8] = []
    let samples = Self.plainSamples(3)
    WitMotionEncoder.append(samples[0], to: &full)
    bytes += full.prefix(6)  // cut mid-frame
    for s in samples.dropFirst() { WitMotionEncoder.append(s, to: &bytes) }
    bytes += full.prefix(4)  // cut at the end of the stream
    var decoder = WitMotionDecoder()
    let out = WireFixtures.decode(&decoder, bytes, chunk: chunk)
    #expect(out.count == 2)
    #expect(
      WireFixtures.close(
        out.first?.acceleration, samples[1].acceleration, Self.accelTolerance))
    #expect(decoder.counters.badChecksums == 1)
    #expect(decoder.counters.truncatedFrames == 1)
  }

  @Test(arguments: [1, 7, 4096])
  func accelerometerOnlyDevice(chunk: Int) {
    let input = WireFixtures.motion(count: 50, rate: 50, gyro: false)
    var bytes: [UInt8] = []
    for s in input {
      WitMotionEncoder.append(s, to: &bytes)
      bytes += WitMotionEncoder.frame(type: 0x59, words: [32767, 0, 0, 0])
    }
    var decoder = WitMotionDecoder()
    let out = WireFixtures.decode(&decoder, bytes, chunk: chunk)
    #expect(out.count == 50)
    #expect(out.allSatisfy { $0.angularRate == nil })
    #expect(decoder.counters.otherFrames == 50)
    #expect(
      WireFixtures.close(
        out.last?.acceleration, input.last?.acceleration, Self.accelTolerance))
  }

  @Test func randomGarbageNeverCrashesAndLosesLittle() {
    var rng = SplitMix64(seed: 0x5EED_0051)
    let input = WireFixtures.motion(count: 500, rate: 100)
    var bytes: [UInt8] = []
    for s in input {
      for _ in 0..<Int.random(in: 0...4, using: &rng) {
        bytes.append(UInt8.random(in: 0...255, using: &rng))
      }
      WitMotionEncoder.append(s, to: &bytes)
    }
    var decoder = WitMotionDecoder()
    let out = WireFixtures.decode(&decoder, bytes, chunk: 5)
    #expect(out.count >= 490 && out.count <= 500)
    #expect(out.allSatisfy { $0.angularRate != nil })
    #expect(decoder.counters.bytesSkipped > 0)
  }

  @Test func commandBytes() {
    #expect(WitMotionCommand.unlock == [0xFF, 0xAA, 0x69, 0x88, 0xB5])
    #expect(WitMotionCommand.save == [0xFF, 0xAA, 0x00, 0x00, 0x00])
    #expect(
      WitMotionCommand.setOutputRate(.hz100) == [0xFF, 0xAA, 0x03, 0x09, 0x00])
    #expect(
      WitMotionCommand.setOutputRate(.hz200) == [0xFF, 0xAA, 0x03, 0x0B, 0x00])
    #expect(
      WitMotionCommand.setOutputRate(.hz10) == [0xFF, 0xAA, 0x03, 0x06, 0x00])
    #expect(
      WitMotionCommand.setBaudRate(.b115200) == [0xFF, 0xAA, 0x04, 0x06, 0x00])
    #expect(
      WitMotionCommand.setOutputContent(
        WitMotionCommand.accelerationAndAngularRate)
        == [0xFF, 0xAA, 0x02, 0x06, 0x00])
    #expect(
      WitMotionCommand.configure(WitMotionCommand.setOutputRate(.hz50))
        == [
          [0xFF, 0xAA, 0x69, 0x88, 0xB5], [0xFF, 0xAA, 0x03, 0x08, 0x00],
          [0xFF, 0xAA, 0x00, 0x00, 0x00],
        ])
    #expect(WitMotionBaudRate.b921600.bitsPerSecond == 921_600)
    #expect(WitMotionOutputRate.hz200.hertz == 200)
  }

  @Test func saturatesInsteadOfWrapping() {
    var out: [UInt8] = []
    WitMotionEncoder.append(
      Sample(time: 0, acceleration: Vector3(20, -20, 0)), to: &out)
    var decoder = WitMotionDecoder()
    let s = WireFixtures.decode(&decoder, out, chunk: 100)
    #expect(s.first?.acceleration.x == 32767.0 / 32768 * 16)
    #expect(s.first?.acceleration.y == -16)
  }
}
