import Foundation
import HipCore
import HipRecording
import HipTestSupport
import Testing

/// Importing the CSV files people already have: phyphox, x-IMU3, any CSV.
struct CSVImportTests {
  /// One phyphox row: time (s) and acceleration (m/s²), as phyphox writes
  /// them (`1.230000000E-2`).
  static let phyphoxRows: [[String]] = (0..<300).map { k in
    let t = 0.0123 + 0.01 * Double(k) + 0.0001 * sin(Double(k))
    let x = 0.8 * sin(Double(k) / 20)
    let y = 9.7 + 0.05 * cos(Double(k) / 7)
    let z = -1.2 + 0.001 * Double(k)
    let absolute = (x * x + y * y + z * z).squareRoot()
    return [t, x, y, z, absolute].map { String(format: "%.9E", $0) }
  }

  static let phyphoxHeader = [
    "Time (s)", "Acceleration x (m/s^2)", "Acceleration y (m/s^2)",
    "Acceleration z (m/s^2)", "Absolute acceleration (m/s^2)",
  ]

  /// phyphox's two CSV flavours: comma with decimal point, and semicolon
  /// with decimal comma.
  enum Flavour: String, CaseIterable, Sendable {
    case comma, semicolon

    func file(header: [String], rows: [[String]]) -> String {
      let separator = self == .comma ? "," : ";"
      let quoted = header.map { "\"\($0)\"" }.joined(separator: separator)
      let lines = rows.map { row in
        row.map { self == .comma ? $0 : $0.replacing(".", with: ",") }
          .joined(separator: separator)
      }
      return fileText([quoted] + lines)
    }
  }

  @Test(arguments: Flavour.allCases)
  func importsPhyphoxAccelerationWithG(flavour: Flavour) throws {
    let directory = try TemporaryDirectory()
    let input = try directory.write(
      "Accelerometer.csv",
      flavour.file(header: Self.phyphoxHeader, rows: Self.phyphoxRows))
    let output = directory.file("out.csv")
    let summary = try CSVImport.importFile(
      input, to: output, layout: nil,
      options: CSVImport.Options(axes: try exampleAxes()))
    #expect(summary.layout == "phyphox")
    #expect(summary.samples == Self.phyphoxRows.count)
    #expect(summary.hasGyro == false)
    #expect(summary.rateHz == 100)
    #expect(summary.skippedLines == 0)

    let read = try readRecording(output)
    #expect(read.reader.hasGyro == false)
    #expect(read.reader.header.rateHz == 100)
    #expect(read.reader.header.axes == (try exampleAxes()))
    #expect(read.samples.count == Self.phyphoxRows.count)
    let t0 = try #require(Double(Self.phyphoxRows[0][0]))
    for (sample, row) in zip(read.samples, Self.phyphoxRows) {
      let v = try row.map { try #require(Double($0)) }
      #expect(sample.time == v[0] - t0)
      let g = Units.standardGravity
      #expect(
        isClose(sample.acceleration, Vector3(v[1] / g, v[2] / g, v[3] / g)))
    }
  }

  @Test func bothPhyphoxFlavoursGiveTheSameRecording() throws {
    let directory = try TemporaryDirectory()
    var outputs: [Data] = []
    for flavour in Flavour.allCases {
      let input = try directory.write(
        "\(flavour).csv",
        flavour.file(header: Self.phyphoxHeader, rows: Self.phyphoxRows))
      let output = directory.file("\(flavour).out.csv")
      _ = try CSVImport.importFile(
        input, to: output, layout: nil,
        options: CSVImport.Options(axes: try exampleAxes()))
      outputs.append(try Data(contentsOf: URL(fileURLWithPath: output)))
    }
    #expect(outputs[0] == outputs[1])
  }

  @Test func mergesASeparatePhyphoxGyroscopeFileByInterpolation() throws {
    let directory = try TemporaryDirectory()
    // Accelerometer every 10 ms from 0.01 s to 0.50 s; gyroscope every
    // 19 ms from 0.025 s to 0.405 s, reading (2t, -t, 0.5) rad/s.
    let accelerometer = (1...50).map { k in
      [String(format: "%.4f", 0.01 * Double(k)), "0.1", "9.8", "-0.2", "9.8"]
    }
    let gyroscope = (0...20).map { j in
      let s = 0.025 + 0.019 * Double(j)
      return [s, 2 * s, -s, 0.5, 1].map { String(format: "%.6f", $0) }
    }
    let accelPath = try directory.write(
      "Accelerometer.csv",
      Flavour.comma.file(header: Self.phyphoxHeader, rows: accelerometer))
    let gyroPath = try directory.write(
      "Gyroscope.csv",
      Flavour.comma.file(
        header: [
          "Time (s)", "Gyroscope x (rad/s)", "Gyroscope y (rad/s)",
          "Gyroscope z (rad/s)", "Absolute (rad/s)",
        ],
        rows: gyroscope))
    let output = directory.file("merged.csv")
    let summary = try CSVImport.importFile(
      accelPath, to: output, layout: nil, gyroscopePath: gyroPath,
      options: CSVImport.Options(axes: try exampleAxes(), rateHz: 100))
    // 0.03 s ... 0.40 s lie inside the gyroscope's span.
    #expect(summary.samples == 38)
    #expect(summary.outsideGyroscope == 12)
    #expect(summary.hasGyro)

    let read = try readRecording(output)
    #expect(read.reader.hasGyro)
    #expect(read.reader.header.angularRateUnit == .degreesPerSecond)
    #expect(read.samples.count == 38)
    let toDegrees = 180 / Double.pi
    for (i, sample) in read.samples.enumerated() {
      let raw = try #require(Double(accelerometer[i + 2][0]))
      #expect(sample.time == raw - 0.01)
      let expected = Vector3(2 * raw, -raw, 0.5) * toDegrees
      #expect(
        isClose(sample.angularRate, expected, relativeTolerance: 1e-9),
        "at \(raw) s")
    }
  }

  @Test func refusesPhyphoxAccelerationWithoutG() throws {
    let directory = try TemporaryDirectory()
    let input = try directory.write(
      "Linear Accelerometer.csv",
      Flavour.comma.file(
        header: [
          "Time (s)", "Linear Acceleration x (m/s^2)",
          "Linear Acceleration y (m/s^2)", "Linear Acceleration z (m/s^2)",
          "Absolute acceleration (m/s^2)",
        ],
        rows: [["0", "0.1", "0.2", "0.3", "0.4"]]))
    let output = directory.file("out.csv")
    let error = try #require(throws: RecordingError.self) {
      _ = try CSVImport.importFile(
        input, to: output, layout: nil,
        options: CSVImport.Options(axes: try exampleAxes()))
    }
    #expect(error.kind == .layout)
    #expect(error.path == input)
    #expect(error.message.contains("'Acceleration without g'"))
    #expect(error.message.contains("Record 'Acceleration with g'"))
    #expect(!FileManager.default.fileExists(atPath: output))
  }

  @Test func importsXIMU3Inertial() throws {
    let directory = try TemporaryDirectory()
    let rows = (0..<20).map { k in
      let us = 1_520_032 + 2_500 * k
      return "\(us),0.\(k)25,-1.5,\(k),0.012,-0.998,0.04\(k % 10)"
    }
    let input = try directory.write(
      "Inertial.csv",
      fileText(
        [
          "Timestamp (us),Gyroscope X (deg/s),Gyroscope Y (deg/s),"
            + "Gyroscope Z (deg/s),Accelerometer X (g),Accelerometer Y (g),"
            + "Accelerometer Z (g)"
        ] + rows))
    let output = directory.file("out.csv")
    let summary = try CSVImport.importFile(
      input, to: output, layout: nil,
      options: CSVImport.Options(axes: try exampleAxes()))
    #expect(summary.layout == "x-IMU3")
    #expect(summary.rateHz == 400)
    #expect(summary.hasGyro)

    let read = try readRecording(output)
    #expect(read.samples.count == 20)
    for (k, sample) in read.samples.enumerated() {
      #expect(abs(sample.time - 0.0025 * Double(k)) < 1e-12)
      #expect(
        sample.angularRate
          == Vector3(try #require(Double("0.\(k)25")), -1.5, Double(k)))
      #expect(
        sample.acceleration
          == Vector3(0.012, -0.998, try #require(Double("0.04\(k % 10)"))))
    }
  }

  @Test func importsAnyCSVDescribedByALayoutSkippingBootNoise() throws {
    let directory = try TemporaryDirectory()
    let input = try directory.write(
      "serial.csv",
      fileText([
        "ets Jun  8 2016 00:22:57",
        "",
        "rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)",
        "mode:DIO, clock div:2",
        "ms,x_mg,y_mg,z_mg,temp",
        "1000,12,-998,45,25.0",
        "1010,13,-997,44,25.0",
        "I (320) sensor: fifo overrun",
        "1020,11,-999,46,25.1",
        "1020,11,-999,46,25.1",
        "1030,12,-998,",
        "1040,nan,-998,45,25.2",
        "1050,14,-996,43,25.2",
      ]))
    let layout = CSVImport.Layout(
      timeColumn: "ms", timeUnit: .milliseconds,
      accelerationColumns: ["2", "y_mg", "4"], accelerationUnit: .milliG)
    let output = directory.file("out.csv")
    let summary = try CSVImport.importFile(
      input, to: output, layout: layout,
      options: CSVImport.Options(axes: try exampleAxes(), rateHz: 100))
    #expect(summary.samples == 4)
    // Three noise lines before the header, one after it, a short row, a
    // nan row and a repeated time.
    #expect(summary.skippedLines == 7)
    #expect(summary.rateHz == 100)

    let read = try readRecording(output)
    let expected: [(Double, Vector3)] = [
      (0, Vector3(12, -998, 45)), (0.01, Vector3(13, -997, 44)),
      (0.02, Vector3(11, -999, 46)), (0.05, Vector3(14, -996, 43)),
    ]
    #expect(read.samples.count == expected.count)
    for (sample, (time, milliG)) in zip(read.samples, expected) {
      #expect(abs(sample.time - time) < 1e-12)
      #expect(isClose(sample.acceleration, milliG / 1000))
      #expect(sample.angularRate == nil)
    }
  }

  @Test func importsAHeaderlessTabSeparatedFileByColumnNumber() throws {
    let directory = try TemporaryDirectory()
    let input = try directory.write(
      "raw.tsv",
      fileText([
        "0\t0.5\t0.01\t-0.99\t0.04", "0.02\t0.5\t0.02\t-0.98\t0.05",
        "0.04\t0.5\t0.03\t-0.97\t0.06",
      ]))
    let layout = CSVImport.Layout(
      timeColumn: "1", accelerationColumns: ["3", "4", "5"])
    let output = directory.file("out.csv")
    let summary = try CSVImport.importFile(
      input, to: output, layout: layout,
      options: CSVImport.Options(axes: try exampleAxes()))
    #expect(summary.samples == 3)
    #expect(summary.rateHz == 50)
    let read = try readRecording(output)
    #expect(
      read.samples.map(\.acceleration) == [
        Vector3(0.01, -0.99, 0.04), Vector3(0.02, -0.98, 0.05),
        Vector3(0.03, -0.97, 0.06),
      ])
  }

  @Test func anUnknownLayoutIsRefusedListingItsColumns() throws {
    let directory = try TemporaryDirectory()
    let input = try directory.write(
      "other.csv", fileText(["time,accX,accY,accZ", "0,0,1,0"]))
    let error = try #require(throws: RecordingError.self) {
      _ = try CSVImport.importFile(
        input, to: directory.file("out.csv"), layout: nil,
        options: CSVImport.Options(axes: try exampleAxes()))
    }
    #expect(error.kind == .layout)
    #expect(error.message.contains("columns: 'time, accX, accY, accZ'"))
  }

  @Test func importedTimeGoingBackwardsNamesTheLine() throws {
    let directory = try TemporaryDirectory()
    let rows =
      [["0.0", "0", "9.8", "0", "9.8"], ["0.01", "0", "9.8", "0", "9.8"]]
      + [["0.005", "0", "9.8", "0", "9.8"]]
    let input = try directory.write(
      "back.csv", Flavour.comma.file(header: Self.phyphoxHeader, rows: rows))
    let error = try #require(throws: RecordingError.self) {
      _ = try CSVImport.importFile(
        input, to: directory.file("out.csv"), layout: nil,
        options: CSVImport.Options(axes: try exampleAxes()))
    }
    #expect(error.kind == .timeGoesBackwards)
    #expect(error.line == 4)
    #expect(error.description.hasPrefix("\(input):4: "))
  }

  /// Timestamps and the rate they should give.
  struct RateCase: Sendable, CustomTestStringConvertible {
    var testDescription: String
    var times: [Double]
    var rate: Double?
  }

  static let rateCases: [RateCase] = [
    RateCase(
      testDescription: "100 Hz", times: Self.steps(0..<50, per: 100),
      rate: 100),
    RateCase(
      testDescription: "100 Hz with jitter",
      times: Self.steps(0..<500, per: 100).enumerated().map { k, t in
        t + 0.002 * sin(Double(k) * 2.7)
      },
      rate: 100),
    RateCase(
      testDescription: "50 Hz with a one-second gap",
      times: Self.steps(0..<100, per: 50) + Self.steps(150..<250, per: 50),
      rate: 50),
    RateCase(
      testDescription: "2 Hz", times: Self.steps(0..<10, per: 2), rate: 2),
    RateCase(
      testDescription: "7.5 Hz", times: Self.steps(0..<30, per: 7.5),
      rate: 7.5),
    RateCase(
      testDescription: "repeated times do not count",
      times: [0, 0, 0.01, 0.01, 0.02, 0.03, 0.03], rate: 100),
    RateCase(testDescription: "no times", times: [], rate: nil),
    RateCase(testDescription: "one time", times: [3], rate: nil),
    RateCase(
      testDescription: "all the same time", times: [1, 1, 1], rate: nil),
  ]

  /// The times of samples `indices` at `rate` Hz.
  static func steps(_ indices: Range<Int>, per rate: Double) -> [Double] {
    indices.map { Double($0) / rate }
  }

  @Test(arguments: rateCases)
  func estimatesTheNominalRate(_ test: RateCase) {
    #expect(CSVImport.estimateRate(test.times) == test.rate)
  }
}
