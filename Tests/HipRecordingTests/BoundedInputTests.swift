import Foundation
import HipCore
import HipRecording
import HipTestSupport
import Testing

/// Every number from a file is checked where it enters: a rate no sensor
/// runs at or a value no sensor reports is refused or skipped there, with
/// the file and line, and never reaches the analysis.
struct BoundedInputTests {
  static func header(rate: String) -> [String] {
    [
      "# hipform-recording: 1", "# rate_hz: \(rate)", "# accel_unit: g",
      "# axes: x=right,y=up,z=back",
    ]
  }

  /// Rates that once crashed `analyze` (1e19 asked for 28.8 GB, 1e300
  /// trapped converting to Int), and others no sensor runs at.
  @Test(arguments: [
    "1e19", "1e10", "1e300", "0", "0.5", "10001", "-5", "nan", "inf",
  ])
  func anImpossibleRateIsRefusedNamingItsLine(rate: String) throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write(
      "a.csv", fileText(Self.header(rate: rate) + ["t,ax,ay,az", "0,0,1,0"]))
    let error = try #require(throws: RecordingError.self) {
      _ = try RecordingReader(path: path)
    }
    #expect(error.line == 2)
    #expect(error.description.contains("rate from 1 to 10000 Hz"))
  }

  @Test(arguments: ["1", "10000", "100", "12.5"])
  func everySensorRateIsRead(rate: String) throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write(
      "a.csv", fileText(Self.header(rate: rate) + ["t,ax,ay,az", "0,0,1,0"]))
    #expect(try readRecording(path).samples.count == 1)
  }

  @Test func aRepeatedRateIsRefusedNotIgnored() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write(
      "a.csv",
      fileText(Self.header(rate: "100") + ["# rate_hz: 50", "t,ax,ay,az"]))
    let error = try #require(throws: RecordingError.self) {
      _ = try RecordingReader(path: path)
    }
    #expect(error.line == 5)
    #expect(error.message.contains("given twice (first on line 2)"))
  }

  /// Values beyond what a sensor reports are garbled samples: skipped and
  /// counted like a `nan`, never analysed.
  @Test func impossibleValuesAreSkippedAndCounted() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write(
      "a.csv",
      fileText(
        Self.header(rate: "100") + [
          "# gyro_unit: dps", "t,ax,ay,az,gx,gy,gz",
          "0,0,1,0,0,0,0",
          "0.01,8.6e9,1,0,0,0,0",
          "0.02,0,1,0,0,1e6,0",
          "1e300,0,1,0,0,0,0",
          "0.03,0,-499,0,0,-9999,0",
        ]))
    let read = try readRecording(path)
    #expect(read.samples.map(\.time) == [0, 0.03])
    #expect(read.statistics.invalidByReason[.impossible] == 3)
    #expect(read.statistics.firstInvalidLine == 8)
  }

  /// A file whose line ends are CR only is one long first line: the
  /// message shows the CR, and quotes only the start of it.
  @Test func aCarriageReturnInTheVersionIsShownNotPrinted() throws {
    let directory = try TemporaryDirectory()
    let body =
      Self.header(rate: "100").joined(separator: "\r") + "\r"
      + String(repeating: "0,0,1,0\r", count: 10_000)
    let path = try directory.write("cr.csv", body)
    let error = try #require(throws: RecordingError.self) {
      _ = try RecordingReader(path: path)
    }
    #expect(!error.description.contains("\r"))
    #expect(error.description.contains("version '1\\r# rate_hz: 100\\r"))
    #expect(error.description.count < 300)
  }

  @Test func aWriterRefusesARateItsReaderWould() throws {
    let directory = try TemporaryDirectory()
    for rate in [1e19, 0, .nan, 0.5] {
      let error = try #require(throws: RecordingError.self) {
        _ = try RecordingWriter(
          path: directory.file("w.csv"),
          header: RecordingHeader(
            rateHz: rate, axes: try AxesMapping(parsing: "x=right,y=up,z=back")),
          hasGyro: false)
      }
      #expect(error.message.contains("rate from 1 to 10000 Hz"))
      #expect(!FileManager.default.fileExists(atPath: directory.file("w.csv")))
    }
  }
}

/// The importer checks the rate its time steps give and every value.
struct BoundedImportTests {
  static func phyphox(steps: [Double]) -> String {
    var text =
      "\"Time (s)\",\"Acceleration x (m/s^2)\",\"Acceleration y (m/s^2)\","
      + "\"Acceleration z (m/s^2)\"\n"
    for (i, t) in steps.enumerated() {
      text += "\(t),0.1,9.8,\(Double(i) * 0.001)\n"
    }
    return text
  }

  static var options: CSVImport.Options {
    get throws {
      CSVImport.Options(axes: try AxesMapping(parsing: "x=right,y=up,z=back"))
    }
  }

  /// Steps of 1e-19 s trapped in the writer; 5e-324 gave an infinite rate;
  /// 1e-12 imported a file at 10^12 Hz that `analyze` then crashed on.
  @Test(arguments: [1e-19, Double.leastNonzeroMagnitude, 1e-12, 10.0])
  func timeStepsGivingAnImpossibleRateAreRefused(step: Double) throws {
    let directory = try TemporaryDirectory()
    let input = try directory.write(
      "in.csv", Self.phyphox(steps: (0..<50).map { Double($0) * step }))
    let output = directory.file("out.csv")
    let error = try #require(throws: RecordingError.self) {
      _ = try CSVImport.importFile(
        input, to: output, layout: nil, options: try Self.options)
    }
    #expect(error.path == input)
    #expect(error.message.contains("rate from 1 to 10000 Hz"))
    #expect(!FileManager.default.fileExists(atPath: output))
  }

  @Test(arguments: [0, Double.nan, .infinity, 1e19])
  func anImpossibleRateGivenIsRefused(rate: Double) throws {
    let directory = try TemporaryDirectory()
    let input = try directory.write(
      "in.csv", Self.phyphox(steps: (0..<50).map { Double($0) * 0.01 }))
    var options = try Self.options
    options.rateHz = rate
    #expect(throws: RecordingError.self) {
      _ = try CSVImport.importFile(
        input, to: directory.file("out.csv"), layout: nil, options: options)
    }
  }

  @Test func impossibleRowsAreSkippedAndCounted() throws {
    let directory = try TemporaryDirectory()
    var text = Self.phyphox(steps: (0..<20).map { Double($0) * 0.01 })
    text += "0.2,1e12,9.8,0\n0.21,0.1,9.8,0\n"
    let input = try directory.write("in.csv", text)
    let output = directory.file("out.csv")
    let summary = try CSVImport.importFile(
      input, to: output, layout: nil, options: try Self.options)
    #expect(summary.impossibleSamples == 1)
    #expect(try readRecording(output).samples.count == 21)
  }
}
