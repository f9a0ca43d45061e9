import HipCore
import HipRecording
import HipTestSupport
import Testing

/// Reading format-v1 files as `recording-format.md` writes them.
struct RecordingReaderTests {
  @Test func findsColumnsByNameInAnyOrder() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write(
      "reordered.csv",
      fileText(
        standardHeader + [
          "gz,az,t,gy,ay,gx,ax",
          "0.3,0.04,0,-0.05,-0.99,0.12,0.01",
          "0.31,0.05,0.01,-0.06,-0.98,0.13,0.02",
        ]))
    let read = try readRecording(path)
    #expect(read.reader.columns == ["gz", "az", "t", "gy", "ay", "gx", "ax"])
    #expect(read.reader.extraColumnNames.isEmpty)
    #expect(
      read.samples == [
        Sample(
          time: 0, acceleration: Vector3(0.01, -0.99, 0.04),
          angularRate: Vector3(0.12, -0.05, 0.3)),
        Sample(
          time: 0.01, acceleration: Vector3(0.02, -0.98, 0.05),
          angularRate: Vector3(0.13, -0.06, 0.31)),
      ])
  }

  /// A file with extra columns, pass-through metadata and no gyro.
  static let extrasFile = [
    "# hipform-recording: 1",
    "# rate_hz: 50",
    "# accel_unit: g",
    "# axes: x=forward,y=up,z=right",
    "# placement: hip-left",
    "# sensor: WitMotion WT901C (firmware 5.x)",
    "# firmware_build: 2026-11-02 (beta)",
    "# note: key: value, with a colon",
    "seq,t,ax,ay,az,temp_c,mx",
    "17,0,0,1,0,31.5,",
    "18,0.02,0.5,0.75,-0.25,31.6,-12",
  ]

  @Test func carriesUnknownColumnsAndMetadataThrough() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write("extras.csv", fileText(Self.extrasFile))
    let read = try readRecording(path)
    #expect(read.reader.extraColumnNames == ["seq", "temp_c", "mx"])
    #expect(read.extraFields == [["17", "31.5", ""], ["18", "31.6", "-12"]])
    #expect(
      read.samples == [
        Sample(time: 0, acceleration: Vector3(0, 1, 0)),
        Sample(time: 0.02, acceleration: Vector3(0.5, 0.75, -0.25)),
      ])
    let header = read.reader.header
    #expect(header.rateHz == 50)
    #expect(header.placement == .hipLeft)
    #expect(header.axes == (try AxesMapping(x: .forward, y: .up, z: .right)))
    #expect(
      header.metadata == [
        .init(key: "sensor", value: "WitMotion WT901C (firmware 5.x)"),
        .init(key: "firmware_build", value: "2026-11-02 (beta)"),
        .init(key: "note", value: "key: value, with a colon"),
      ])
    #expect(header["firmware_build"] == "2026-11-02 (beta)")
  }

  @Test func readsCRLFLineEndsLikeLF() throws {
    let directory = try TemporaryDirectory()
    let text = fileText(Self.extrasFile)
    let lf = try readRecording(directory.write("lf.csv", text))
    let crlf = try readRecording(
      directory.write("crlf.csv", text.replacing("\n", with: "\r\n")))
    #expect(crlf.samples == lf.samples)
    #expect(crlf.extraFields == lf.extraFields)
    #expect(crlf.reader.columns == lf.reader.columns)
    #expect(crlf.reader.header == lf.reader.header)
    #expect(crlf.statistics == lf.statistics)
    #expect(crlf.samples.count == 2)
  }

  @Test func convertsMetersPerSecondSquaredAndRadiansPerSecond() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write(
      "si.csv",
      fileText([
        "# hipform-recording: 1",
        "# rate_hz: 100",
        "# accel_unit: m/s2",
        "# gyro_unit: rad/s",
        "# axes: x=right,y=up,z=back",
        "t,ax,ay,az,gx,gy,gz",
        "0,9.80665,-19.6133,0,3.141592653589793,-1.5707963267948966,0",
        "0.01,0.980665,4.903325,-9.80665,1,0.5,-2",
      ]))
    let read = try readRecording(path)
    #expect(read.samples.count == 2)
    let expected = [
      Sample(
        time: 0, acceleration: Vector3(1, -2, 0),
        angularRate: Vector3(180, -90, 0)),
      Sample(
        time: 0.01, acceleration: Vector3(0.1, 0.5, -1),
        angularRate: Vector3(
          180 / Double.pi, 90 / Double.pi, -360 / Double.pi)),
    ]
    for (sample, want) in zip(read.samples, expected) {
      #expect(sample.time == want.time)
      #expect(isClose(sample.acceleration, want.acceleration))
      #expect(isClose(sample.angularRate, want.angularRate))
    }
    #expect(read.reader.header.accelerationUnit == .metersPerSecondSquared)
    #expect(read.reader.header.angularRateUnit == .radiansPerSecond)
  }

  @Test func aFileWithoutGyroColumnsHasNoAngularRate() throws {
    let directory = try TemporaryDirectory()
    // gyro_unit without gyro columns is allowed: the unit is just unused.
    let path = try directory.write(
      "nogyro.csv",
      fileText(
        standardHeader + ["t,ax,ay,az", "0,0,1,0", "0.01,0.1,0.9,0"]))
    let read = try readRecording(path)
    #expect(read.reader.hasGyro == false)
    #expect(read.samples.count == 2)
    #expect(read.samples.allSatisfy { $0.angularRate == nil })
    #expect(read.statistics.angularRateRange.isEmpty)
  }

  /// A field that makes its sample invalid, and the reason counted.
  static let invalidFields: [(String, InvalidSampleReason)] = [
    ("nan", .notFinite), ("NaN", .notFinite), ("inf", .notFinite),
    ("-inf", .notFinite), ("Infinity", .notFinite), ("", .empty),
    ("  ", .empty), ("abc", .unparsable), ("1.2.3", .unparsable),
    ("1e", .unparsable), ("--1", .unparsable), ("0x1p3", .unparsable),
  ]

  @Test(arguments: invalidFields, ["t", "ax", "az", "gy"])
  func skipsAndCountsInvalidSamplesNeverZeroingThem(
    field: (String, InvalidSampleReason), column: String
  ) throws {
    let (text, reason) = field
    let columns = ["t", "ax", "ay", "az", "gx", "gy", "gz"]
    let rows = [
      ["0", "0.1", "0.9", "0.2", "1.5", "-2.5", "3.5"],
      ["0.01", "0.11", "0.91", "0.21", "1.6", "-2.6", "3.6"],
      ["0.02", "0.12", "0.92", "0.22", "1.7", "-2.7", "3.7"],
      ["0.03", "0.13", "0.93", "0.23", "1.8", "-2.8", "3.8"],
    ]
    var bad = rows
    let column = try #require(columns.firstIndex(of: column))
    bad[2][column] = text
    let directory = try TemporaryDirectory()
    let path = try directory.write(
      "invalid.csv",
      fileText(
        standardHeader + [columns.joined(separator: ",")]
          + bad.map { $0.joined(separator: ",") }))
    let read = try readRecording(path)
    // The good rows, exactly: the bad one is neither kept nor zeroed.
    let expected = try [rows[0], rows[1], rows[3]].map { row in
      let v = try row.map { try #require(Double($0)) }
      return Sample(
        time: v[0], acceleration: Vector3(v[1], v[2], v[3]),
        angularRate: Vector3(v[4], v[5], v[6]))
    }
    #expect(read.samples == expected)
    #expect(read.statistics.samples == 3)
    #expect(read.statistics.invalidSamples == 1)
    #expect(read.statistics.invalidByReason == [reason: 1])
    // Five metadata lines, the column header, then the rows from line 7.
    #expect(read.statistics.firstInvalidLine == 9)
  }

  @Test func skipsAndCountsLinesWithTheWrongNumberOfFields() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write(
      "fields.csv",
      fileText(
        standardHeader + [
          "t,ax,ay,az,gx,gy,gz",
          "0,0,1,0,0,0,0",
          "0.01,0,1,0,0,0",
          "0.02,0,1,0,0,0,0,9",
          "0.03,0,1,0,0,0,0",
        ]))
    let read = try readRecording(path)
    #expect(read.samples.map(\.time) == [0, 0.03])
    #expect(read.statistics.invalidByReason == [.wrongFieldCount: 2])
    #expect(read.statistics.firstInvalidLine == 8)
    #expect(read.statistics.truncatedLastLine == nil)
  }

  @Test func countsGapsInTime() throws {
    let directory = try TemporaryDirectory()
    // 100 Hz: a step of 1.4 periods is jitter, 3 and 13 periods are gaps.
    let times = ["0", "0.01", "0.02", "0.05", "0.06", "0.074", "0.204"]
    let path = try directory.write(
      "gaps.csv",
      fileText(
        standardHeader + ["t,ax,ay,az"] + times.map { "\($0),0,1,0" }))
    let read = try readRecording(path)
    #expect(read.samples.count == times.count)
    #expect(read.statistics.gaps == 2)
    #expect(
      isClose(read.statistics.gapSeconds, 0.02 + 0.12, relativeTolerance: 1e-9))
    #expect(read.statistics.invalidSamples == 0)
    #expect(read.statistics.firstTime == 0)
    #expect(read.statistics.lastTime == 0.204)
  }

  @Test func aRepeatedTimestampIsSkippedAndCounted() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write(
      "repeat.csv",
      fileText(
        standardHeader + ["t,ax,ay,az", "0,0,1,0", "0.01,0,1,0", "0.01,1,0,0"]))
    let read = try readRecording(path)
    #expect(
      read.samples.map(\.acceleration) == [Vector3(0, 1, 0), Vector3(0, 1, 0)])
    #expect(read.statistics.invalidByReason == [.repeatedTime: 1])
  }

  @Test func timeGoingBackwardsThrowsNamingTheFileAndLine() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write(
      "backwards.csv",
      fileText(
        standardHeader + [
          "t,ax,ay,az", "0,0,1,0", "0.01,0,1,0", "0.02,0,1,0", "0.015,0,1,0",
          "0.03,0,1,0",
        ]))
    let reader = try RecordingReader(path: path)
    var times: [Double] = []
    let error = try #require(throws: RecordingError.self) {
      while let sample = try reader.next() { times.append(sample.time) }
    }
    #expect(times == [0, 0.01, 0.02])
    #expect(error.kind == .timeGoesBackwards)
    #expect(error.line == 10)
    #expect(error.path == path)
    #expect(error.description.hasPrefix("\(path):10: "))
    #expect(error.description.contains("0.015"))
    #expect(error.description.contains("line 9"))
  }

  @Test func commentLinesAmongTheSamplesAreIgnored() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write(
      "comments.csv",
      fileText(
        standardHeader + [
          "t,ax,ay,az", "0,0,1,0", "# paused here", "", "0.01,0,1,0",
        ]))
    let read = try readRecording(path)
    #expect(read.samples.count == 2)
    #expect(read.statistics.invalidSamples == 0)
  }

  @Test func readsAByteOrderMarkBeforeTheFirstLine() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write(
      "bom.csv",
      "\u{FEFF}" + fileText(standardHeader + ["t,ax,ay,az", "0,0,1,0"]))
    #expect(try readRecording(path).samples.count == 1)
  }
}
