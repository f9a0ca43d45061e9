import HipCore
import Testing

/// Text-line sensors: the HipForm CSV sketch format, Adafruit, SparkFun.
struct WireTextLineTests {
  @Test(arguments: WireFixtures.chunkSizes)
  func csvRoundTrip(chunk: Int) throws {
    let input = WireFixtures.motion(count: 150, rate: 100)
    var bytes = TextLineEncoder.csvPreamble(rate: 100, sensor: "MPU-6050")
    for (i, s) in input.enumerated() {
      TextLineEncoder.appendCSV(
        s, sequence: UInt32(i),
        microseconds: 4_294_000_000 &+ UInt32(i) * 10_000,
        to: &bytes)
    }
    var decoder = TextLineDecoder()
    let out = WireFixtures.decode(&decoder, bytes, chunk: chunk)
    try #require(out.count == input.count)
    for (i, (a, b)) in zip(input, out).enumerated() {
      #expect(WireFixtures.close(a.acceleration, b.acceleration, 5e-6 + 1e-12))
      #expect(WireFixtures.close(a.angularRate, b.angularRate, 5e-4 + 1e-9))
      #expect(b.sequence == SequenceNumber(UInt64(i), bitWidth: 32))
    }
    #expect(decoder.declaredRate == 100)
    #expect(decoder.counters.unparsableLines == 0)
    // micros() wrapped at 2^32 during the stream; the clock unwraps it.
    var clock = try DeviceClock(settings: .init(nominalRate: 100))
    let times = out.compactMap { clock.time(for: $0) }
    #expect(times.count == 150)
    #expect(abs((times.last ?? 0) - 1.49) < 1e-9)
    #expect(clock.report.timestampWraps == 1)
  }

  @Test func csvUnitsFromCommentsAndColumnsInAnyOrder() {
    let text = """
      # hipform-csv: 1
      # accel_unit: m/s2
      # gyro_unit: rad/s
      gz,gy,gx,az,ay,ax,t_ms,note
      0.5,0,0,9.80665,0,0,1000,hello
      1,0,0,nan,0,0,1010,x
      1,0,0,9.80665,0,,1020,x

      """
    var decoder = TextLineDecoder(layout: .csv)
    let out = WireFixtures.decode(&decoder, Array(text.utf8), chunk: 3)
    #expect(out.count == 1)
    #expect(out.first?.acceleration == Vector3(0, 0, 1))
    #expect(out.first?.angularRate?.z == 0.5 * Units.degreesPerRadian)
    #expect(out.first?.timestamp?.ticksPerSecond == 1000)
    #expect(decoder.counters.unparsableLines == 2)  // nan and empty field
  }

  @Test func csvWithoutHeaderUsesTheDefaultLayouts() {
    let text = "1000,0.1,0.2,0.9,1,2,3\n2000,0.1,0.2,0.9,1,2,3\n1,2\n"
    var decoder = TextLineDecoder()
    let out = WireFixtures.decode(&decoder, Array(text.utf8), chunk: 4096)
    #expect(out.count == 2)
    #expect(out.first?.timestamp?.ticks == 1000)
    #expect(out.first?.angularRate == Vector3(1, 2, 3))
    #expect(decoder.counters.unparsableLines == 1)

    let short = "0.1,0.2,0.9\n0.1,0.2,0.8\n"
    var other = TextLineDecoder()
    let plain = WireFixtures.decode(&other, Array(short.utf8), chunk: 4096)
    #expect(plain.map(\.acceleration.z) == [0.9, 0.8])
    #expect(plain.allSatisfy { $0.timestamp == nil && $0.angularRate == nil })
  }

  /// A second header without the stream's time column would mix device
  /// time with paced time (found by FuzzTests: time went backwards).
  @Test func aHeaderThatChangesTheTimeColumnIsRefused() {
    let text =
      "seq,t_us,ax,ay,az\n0,1000,0.1,0.2,0.9\nt,ax,ay,az\n"
      + "1,2000,0.1,0.2,0.9\nseq,t_us,az,ay,ax\n2,3000,0.9,0.2,0.1\n"
    var decoder = TextLineDecoder()
    let out = WireFixtures.decode(&decoder, Array(text.utf8), chunk: 4096)
    #expect(out.map { $0.timestamp?.ticks } == [1000, 2000, 3000])
    #expect(out.last?.acceleration == Vector3(0.1, 0.2, 0.9))
    #expect(decoder.counters.unparsableLines == 1)
  }

  /// Without a header, a cut first line or a short burst of digits must
  /// not switch the stream between lines with and without a timestamp: it
  /// once made `record` write a file whose time went backwards.
  @Test(arguments: [1, 7, 4096])
  func csvWithoutHeaderKeepsTheLayoutTwoLinesAgreedOn(chunk: Int) {
    let text =
      "23,0.1,0.2\n"  // cut: the reader started mid-line
      + "1000,0.1,0.2,0.9\n2000,0.1,0.2,0.9\n"
      + "0.1,0.2,0.9\n"  // a 3-field line: no timestamp
      + "3000,0.1,0.2,0.9\n"
    var decoder = TextLineDecoder()
    let out = WireFixtures.decode(&decoder, Array(text.utf8), chunk: chunk)
    #expect(out.map { $0.timestamp?.ticks } == [1000, 2000, 3000])
    #expect(decoder.counters.unparsableLines == 2)
  }

  @Test func adafruitPlotterLine() {
    let line =
      "AccelX:0.12,AccelY:-0.30,AccelZ:9.79, GyroX:0.00,GyroY:0.01,GyroZ:0.00\r\n"
    var decoder = TextLineDecoder()
    let out = WireFixtures.decode(&decoder, Array(line.utf8), chunk: 4096)
    let g = Units.standardGravity
    #expect(
      out == [
        DecodedSample(
          acceleration: Vector3(0.12 / g, -0.30 / g, 9.79 / g),
          angularRate: Vector3(0, 0.01 * Units.degreesPerRadian, 0))
      ])
  }

  @Test func sparkfunExampleLine() {
    let line =
      "Scaled. Acc (mg) [  00014.16, -00033.69,  00984.86 ], "
      + "Gyr (DPS) [  00000.11, -00001.02,  00000.50 ], "
      + "Mag (uT) [ -00012.30,  00045.00,  00007.65 ], Tmp (C) [  00025.24 ]\r\n"
    var decoder = TextLineDecoder()
    let out = WireFixtures.decode(&decoder, Array(line.utf8), chunk: 4096)
    #expect(out.count == 1)
    #expect(out.first?.acceleration == Vector3(14.16, -33.69, 984.86) * 0.001)
    #expect(out.first?.angularRate == Vector3(0.11, -1.02, 0.5))
    #expect(out.first?.temperature == 25.24)
  }

  @Test(arguments: [1, 5, 4096])
  func bootNoiseIsSkippedAndCounted(chunk: Int) {
    var bytes: [UInt8] = [0xE0, 0x80, 0x1F, 0xFF, 0x00, 0x0A]  // wrong-baud ROM
    bytes += Array(
      """
      ets Jun  8 2016 00:22:57\r
      rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r
      Adafruit MPU6050 test!\r
      MPU6050 Found!\r
      \r
      AccelX:0.12,AccelY:-0.30,AccelZ:9.79, GyroX:0.00,GyroY:0.01,GyroZ:0.00\r
      AccelX:0.12,AccelY:-0.30\r
      AccelX:0.13,AccelY:-0.31,AccelZ:9.80, GyroX:0.00,GyroY:0.01,GyroZ:0.00\r

      """.utf8)
    var decoder = TextLineDecoder()
    let out = WireFixtures.decode(&decoder, bytes, chunk: chunk)
    #expect(out.count == 2)
    #expect(decoder.counters.unparsableLines == 6)
  }

  @Test func overlongLineIsDroppedNotSplit() {
    var bytes = [UInt8](repeating: 0x31, count: 2000) + [0x0A]
    bytes += Array("0.1,0.2,0.9\n".utf8)
    var decoder = TextLineDecoder()
    let out = WireFixtures.decode(&decoder, bytes, chunk: 7)
    #expect(out.count == 1)
    #expect(decoder.counters.unparsableLines == 1)
    #expect(decoder.counters.bytesSkipped == 2000)
  }

  @Test(arguments: [1, 13, 4096])
  func adafruitAndSparkfunRoundTrips(chunk: Int) throws {
    let input = WireFixtures.motion(count: 60, rate: 50)
    var ada: [UInt8] = []
    var spark: [UInt8] = []
    for s in input {
      TextLineEncoder.appendAdafruit(s, to: &ada)
      TextLineEncoder.appendSparkFun(s, to: &spark)
    }
    var d1 = TextLineDecoder(layout: .adafruit)
    var d2 = TextLineDecoder(layout: .sparkfun)
    let a = WireFixtures.decode(&d1, ada, chunk: chunk)
    let b = WireFixtures.decode(&d2, spark, chunk: chunk)
    try #require(a.count == 60 && b.count == 60)
    let adaG = 0.005 / Units.standardGravity + 1e-12
    let adaDps = 0.005 * Units.degreesPerRadian + 1e-9
    for i in input.indices {
      #expect(
        WireFixtures.close(a[i].acceleration, input[i].acceleration, adaG))
      #expect(
        WireFixtures.close(a[i].angularRate, input[i].angularRate, adaDps))
      #expect(
        WireFixtures.close(
          b[i].acceleration, input[i].acceleration, 5e-6 + 1e-12))
      #expect(
        WireFixtures.close(b[i].angularRate, input[i].angularRate, 5e-3 + 1e-9))
    }
  }

  @Test func sparkfunFormattingMatchesTheSketch() {
    var out: [UInt8] = []
    TextLineEncoder.appendSparkFun(
      Sample(
        time: 0, acceleration: Vector3(0.01416, -0.03369, 0.98486),
        angularRate: Vector3(0.11, -1.02, 0.5)),
      temperature: 25.24, to: &out)
    #expect(
      String(decoding: out, as: UTF8.self)
        == "Scaled. Acc (mg) [  00014.16, -00033.69,  00984.86 ], "
        + "Gyr (DPS) [  00000.11, -00001.02,  00000.50 ], "
        + "Mag (uT) [  00000.00,  00000.00,  00000.00 ], Tmp (C) [  00025.24 ]\r\n"
    )
  }
}
