import HipCore
import Testing

/// The simulated sensor behind `hipform simulate`, without a terminal:
/// what it sends, every protocol and variant reads back.
struct SimulatedDeviceTests {
  static let cases: [(WireProtocol, SimulatedDevice.Variant?)] = [
    (.hipform, nil), (.witmotion, nil), (.ximu3, .binary), (.ximu3, .ascii),
    (.text, .csv), (.text, .adafruit), (.text, .sparkfun),
  ]

  /// The samples a reader gets from the device's bytes for `input`, with
  /// a burst of line noise after every `noiseEvery`-th sample (0: none).
  static func roundTrip(
    _ wire: WireProtocol, _ variant: SimulatedDevice.Variant?,
    _ input: [Sample], noiseEvery: Int = 0
  ) throws -> (samples: [Sample], garbled: Int) {
    var device = try SimulatedDevice(
      wireProtocol: wire, variant: variant, rateHz: 100, hasGyro: true)
    var random = SplitMix64(seed: 7)
    var bytes = device.preamble()
    for (index, sample) in input.enumerated() {
      device.append(sample, to: &bytes)
      if noiseEvery > 0, index >= 10, index % noiseEvery == 0 {
        device.appendGarbage(using: &random, to: &bytes)
      }
    }
    var reader = WireReader(
      decoder: wire.makeDecoder(),
      clock: try DeviceClock(settings: .init(nominalRate: 100)))
    var out: [Sample] = []
    reader.read(bytes[...], into: &out)
    reader.finish(into: &out)
    let counters = reader.decoder.counters
    return (
      out,
      counters.badChecksums + counters.malformedFrames
        + counters.truncatedFrames + counters.unparsableLines
        + counters.bytesSkipped
    )
  }

  @Test(arguments: 0..<cases.count)
  func everyProtocolReadsWhatTheDeviceSends(index: Int) throws {
    let (wire, variant) = Self.cases[index]
    let input = WireFixtures.motion(count: 200, rate: 100)
    let (out, garbled) = try Self.roundTrip(wire, variant, input)
    try #require(
      out.count == input.count, "\(wire) \(String(describing: variant))")
    #expect(garbled == 0)
    for (a, b) in zip(input, out) {
      #expect(WireFixtures.close(a.acceleration, b.acceleration, 0.01))
      #expect(WireFixtures.close(a.angularRate, b.angularRate, 1))
    }
  }

  @Test(arguments: 0..<cases.count)
  func lineNoiseCostsNoSample(index: Int) throws {
    let (wire, variant) = Self.cases[index]
    let input = WireFixtures.motion(count: 200, rate: 100)
    let (out, garbled) = try Self.roundTrip(
      wire, variant, input, noiseEvery: 20)
    #expect(out.count == input.count, "\(wire) \(String(describing: variant))")
    #expect(garbled > 0)
  }

  @Test func anXIMU3AnswersAPing() throws {
    var device = try SimulatedDevice(
      wireProtocol: .ximu3, variant: .binary, rateHz: 100, hasGyro: true)
    var out: [UInt8] = []
    device.answer(Array("{\"ping\":null}\n".utf8), to: &out)
    #expect(
      String(decoding: out, as: UTF8.self).contains(
        SimulatedDevice.serialNumber))
  }
}
