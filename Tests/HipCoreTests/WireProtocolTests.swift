import HipCore
import Testing

/// `--protocol` names: each picks the decoder that reads its encoder's bytes.
struct WireProtocolTests {
  static func stream(_ p: WireProtocol, _ input: [Sample]) throws -> [UInt8] {
    var out: [UInt8] = []
    switch p {
    case .hipform:
      var encoder = HipFrameEncoder(
        info: try HipDeviceInfo(
          accelerationFullScale: 8, angularRateFullScale: 1000,
          nominalRate: 100))
      for s in input { encoder.append(s, to: &out) }
    case .witmotion:
      for s in input { WitMotionEncoder.append(s, to: &out) }
    case .ximu3:
      for (i, s) in input.enumerated() {
        XIMU3Encoder.appendBinary(s, timestamp: UInt64(i) * 10_000, to: &out)
      }
    case .text:
      out = TextLineEncoder.csvPreamble(rate: 100)
      for (i, s) in input.enumerated() {
        TextLineEncoder.appendCSV(
          s, sequence: UInt32(i), microseconds: UInt32(i) * 10_000, to: &out)
      }
    }
    return out
  }

  @Test(arguments: WireProtocol.allCases)
  func eachProtocolReadsItsOwnEncoderThroughTheReader(p: WireProtocol) throws {
    let input = WireFixtures.motion(count: 250, rate: 100)
    let bytes = try Self.stream(p, input)
    var reader = WireReader(
      decoder: p.makeDecoder(),
      clock: try DeviceClock(settings: .init(nominalRate: 100)))
    var out: [Sample] = []
    var i = 0
    while i < bytes.count {
      reader.read(bytes[i..<min(bytes.count, i + 17)], into: &out)
      i += 17
    }
    reader.finish(into: &out)
    try #require(out.count == input.count)
    for (a, b) in zip(input, out) {
      #expect(abs(a.time - b.time) < 1e-9)
      #expect(WireFixtures.close(a.acceleration, b.acceleration, 16.0 / 65536))
      #expect(WireFixtures.close(a.angularRate, b.angularRate, 2000.0 / 65536))
    }
    #expect(reader.clock.report.lostSamples == 0)
    #expect(reader.decoder.counters.samplesDecoded == 250)
    #expect(WireProtocol(rawValue: p.rawValue) == p)
  }
}
