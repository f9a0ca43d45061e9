import HipCore
import Testing

/// `DeviceClock`: unwrapping, gaps, drift, the two time bases.
struct WireDeviceClockTests {
  static func clock(
    _ rate: Double, _ base: DeviceClock.TimeBase = .nominalRate
  ) throws -> DeviceClock {
    try DeviceClock(settings: .init(nominalRate: rate, timeBase: base))
  }

  static func sample(
    micros: UInt64? = nil, bits: Int = 32, seq: UInt64? = nil,
    seqBits: Int = 16
  ) -> DecodedSample {
    DecodedSample(
      timestamp: micros.map { .microseconds($0, bitWidth: bits) },
      sequence: seq.map { SequenceNumber($0, bitWidth: seqBits) },
      acceleration: Vector3(0, 1, 0))
  }

  @Test(
    arguments: [
      DeviceClock.Settings(nominalRate: 0),
      DeviceClock.Settings(nominalRate: .nan),
      DeviceClock.Settings(nominalRate: -5),
      DeviceClock.Settings(nominalRate: 100, gapFactor: 1),
      DeviceClock.Settings(nominalRate: 100, hostGapTolerance: 0),
    ])
  func invalidSettingsAreRejected(settings: DeviceClock.Settings) {
    #expect(throws: DeviceClock.SettingsError.self) {
      try DeviceClock(settings: settings)
    }
  }

  /// One garbled x-IMU3 timestamp (no checksum guards it) leapt 9000
  /// years and put every later sample there (found by FuzzTests); it is
  /// dropped, and a leap that the samples after it agree on is a pause.
  @Test func aTimestampLeapingBeyondAnHourIsDroppedUnlessTheNextAgree() throws {
    var clock = try Self.clock(100)
    let hour: UInt64 = 3_600_000_000
    var times: [Double?] = []
    for micros: UInt64 in [0, 10_000, 288_230_376_157_051_300, 20_000, 30_000] {
      times.append(clock.time(for: Self.sample(micros: micros, bits: 64)))
    }
    #expect(times == [0, 0.01, nil, 0.02, 0.03])
    for k: UInt64 in 0..<3 {
      times.append(
        clock.time(for: Self.sample(micros: 2 * hour + k * 10_000, bits: 64)))
    }
    #expect(times.suffix(3) == [nil, nil, 7200.02])
    #expect(clock.report.droppedOutOfOrder == 3)
  }

  /// A device whose clock runs fast by `ppm` stamps each 10 ms sample
  /// period as `10 000 × (1 + ppm·10⁻⁶)` µs.
  @Test(arguments: [200.0, -150.0, 0.0, 1000.0])
  func driftOfTheDeviceClockIsMeasured(ppm: Double) throws {
    var clock = try Self.clock(100)
    let start: UInt64 = 4_290_000_000  // wraps after ~5 s
    for i in 0..<60_000 {  // 10 minutes
      let micros =
        start + UInt64((Double(i) * 10_000 * (1 + ppm * 1e-6)).rounded())
      _ = clock.time(for: Self.sample(micros: micros, seq: UInt64(i)))
    }
    let report = clock.report
    #expect(abs((report.rateErrorPPM ?? .nan) - ppm) < 0.5)
    #expect(report.timestampWraps == 1)
    #expect(report.sequenceWraps == 0)
    #expect(report.lostSamples == 0)
  }

  @Test func driftAgainstTheHostClockWithoutDeviceTime() throws {
    // A WitMotion-like device pacing samples 200 ppm fast; the host sees
    // them with up to 3 ms of latency jitter.
    var clock = try Self.clock(100)
    var rng = SplitMix64(seed: 42)
    var times: [Double] = []
    for i in 0..<12_000 {
      let host =
        1000 + Double(i) * 0.01 / (1 + 200e-6)
        + Double.random(in: 0...0.003, using: &rng)
      times.append(clock.time(for: Self.sample(), hostTime: host) ?? .nan)
    }
    #expect(abs((clock.report.hostDriftPPM ?? .nan) - 200) < 5)
    // Nominal-rate timing stays exact and deterministic.
    #expect(times[1234] == 12.34)
  }

  @Test func deviceVersusHostDriftWithTimestamps() throws {
    var clock = try Self.clock(100)
    for i in 0..<6000 {
      let micros = UInt64((Double(i) * 10_000 * (1 - 80e-6)).rounded())
      _ = clock.time(
        for: Self.sample(micros: micros, bits: 64), hostTime: Double(i) / 100)
    }
    #expect(abs((clock.report.hostDriftPPM ?? .nan) + 80) < 0.5)
    #expect(abs((clock.report.rateErrorPPM ?? .nan) + 80) < 0.5)
  }

  @Test func sequenceGapsBecomeTimeGapsWithNominalTiming() throws {
    var clock = try Self.clock(50)
    var times: [Double?] = []
    for seq: UInt64 in [65534, 65535, 0, 4, 5, 5, 6] {
      times.append(clock.time(for: Self.sample(seq: seq)))
    }
    #expect(times == [0, 0.02, 0.04, 0.12, 0.14, nil, 0.16])
    let r = clock.report
    #expect(r.lostSamples == 3 && r.gaps == 1)
    #expect(r.sequenceWraps == 1)
    #expect(r.droppedOutOfOrder == 1)
  }

  @Test func timestampGapsWithoutSequenceNumbers() throws {
    var clock = try Self.clock(400)
    var times: [Double?] = []
    for micros: UInt64 in [100, 2600, 5100, 15_100, 17_600, 17_600, 10_000] {
      times.append(clock.time(for: Self.sample(micros: micros, bits: 64)))
    }
    #expect(times == [0, 0.0025, 0.005, 0.015, 0.0175, nil, nil])
    #expect(clock.report.lostSamples == 3)
    #expect(clock.report.gaps == 1)
    #expect(clock.report.droppedOutOfOrder == 2)
  }

  @Test func u32MicrosecondWrapKeepsCountingUp() throws {
    var clock = try Self.clock(100)
    let stamps: [UInt64] = [4_294_957_296, 4_294_967_295, 9_999, 19_999]
    let times = stamps.map { clock.time(for: Self.sample(micros: $0)) }
    #expect(times == [0, 0.009999, 0.019999, 0.029999])
    #expect(clock.report.timestampWraps == 1)
    #expect(clock.report.lostSamples == 0)
  }

  @Test func hostReceiveTimeFindsOutagesAndStaysMonotonic() throws {
    var clock = try Self.clock(100, .hostReceiveTime)
    var times: [Double] = []
    // Chunks of 4 samples arrive together every 40 ms; then 0.5 s of
    // samples go missing (a cable wiggle), then the stream resumes.
    var index = 0
    for chunk in 0..<50 {
      let lost = chunk >= 25 ? 50 : 0
      let host = 10 + Double(chunk * 4 + 3 + lost) * 0.01 + 0.002
      for _ in 0..<4 {
        if let t = clock.time(for: Self.sample(), hostTime: host) {
          times.append(t)
        }
        index += 1
      }
    }
    #expect(times.count == 200)
    #expect(zip(times, times.dropFirst()).allSatisfy { $0 < $1 })
    #expect(clock.report.gaps == 1)
    #expect(abs(Double(clock.report.lostSamples) - 50) <= 4)
    #expect(abs(times[100] - 1.5) < 0.05)
  }
}
