import ArgumentParser
import Foundation
import HipCore
import HipRecording

/// `hipform convert IN OUT`: imports other CSV files, or rewrites a v1 file.
struct Convert: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Import a CSV export (phyphox, x-IMU3, any CSV) as format v1.",
    discussion: """
      A format-v1 input is rewritten with the same samples. phyphox
      ('Acceleration with g') and x-IMU3 GUI Inertial.csv files are
      recognised from their header row; any other CSV is described with
      --time-column, --accel-columns, --accel-unit and friends. Imports need
      --axes: where the sensor's axes pointed on the body.
      """)

  enum Layout: String, ExpressibleByArgument, CaseIterable {
    case auto, phyphox
    case xIMU3 = "x-imu3"
    case csv
  }

  @Argument(
    help: "The file to import, or a v1 recording to rewrite ('-': stdin).")
  var input: String

  @Argument(help: "The v1 recording to write.")
  var output: String

  @Option(help: "The input's layout.")
  var format: Layout = .auto

  @Option(help: "Where the sensor axes point, e.g. x=right,y=up,z=back.")
  var axes: String?

  @Option(help: "Nominal rate in Hz (default: from the timestamps).")
  var rate: Double?

  @Option(help: "Time column: a header name or a 1-based column number.")
  var timeColumn: String?

  @Option(help: "Unit of the time column.")
  var timeUnit: CSVImport.TimeUnit = .seconds

  @Option(help: "Accelerometer columns, x,y,z (names or numbers).")
  var accelColumns: String?

  @Option(help: "Unit of the accelerometer columns.")
  var accelUnit: CSVImport.AccelerationUnit = .g

  @Option(help: "Gyroscope columns, x,y,z (names or numbers).")
  var gyroColumns: String?

  @Option(help: "Unit of the gyroscope columns.")
  var gyroUnit: RecordingHeader.AngularRateUnit = .degreesPerSecond

  @Option(
    help: "A separate gyroscope file to merge (phyphox exports one per sensor)."
  )
  var gyro: String?

  @Option(help: "Where the sensor sat.")
  var placement: RecordingHeader.Placement = .sacrum

  @Option(help: "Exercise id to record in the header.")
  var exercise: String?

  @Option(help: "Side to record in the header: left, right, both, alternating.")
  var side: String?

  @Flag(help: "Replace OUT if it exists.")
  var force = false

  func validate() throws {
    try validateRate(rate)
    if output != "-", !force, FileManager.default.fileExists(atPath: output) {
      throw ValidationError(
        "\(output) already exists; give --force to replace it.")
    }
    if input != "-", !RecordingRewrite.isRecording(input) {
      guard let axes else {
        throw ValidationError(Self.axesNeeded)
      }
      do {
        _ = try AxesMapping(parsing: axes)
      } catch {
        throw ValidationError(error.description)
      }
    }
    if format == .csv && (timeColumn == nil || accelColumns == nil) {
      throw ValidationError(
        "--format csv needs --time-column and --accel-columns.")
    }
    for columns in [accelColumns, gyroColumns].compactMap({ $0 })
    where columns.split(separator: ",").count != 3 {
      throw ValidationError("'\(columns)' must name three columns: x,y,z.")
    }
  }

  static let axesNeeded =
    "Importing needs --axes: where the sensor's x, y and z pointed on the "
    + "body, e.g. --axes x=right,y=up,z=back for a phone upright in a "
    + "belt pouch at the back with its screen facing out."

  func run() throws {
    // Standard input cannot be peeked at without consuming it, so '-' is
    // always read as a v1 recording.
    if input == "-" || RecordingRewrite.isRecording(input) {
      let stats = try failing {
        try RecordingRewrite.rewrite(input, to: output, overwrite: force)
      }
      printError(
        "rewrote \(stats.samples) samples to \(output) "
          + "(\(stats.invalidSamples) invalid skipped, \(stats.gaps) gaps)")
      return
    }
    guard let axesText = axes else {
      throw ValidationError(Self.axesNeeded)
    }
    let mapping: AxesMapping
    do {
      mapping = try AxesMapping(parsing: axesText)
    } catch {
      throw ValidationError(error.description)
    }
    var options = CSVImport.Options(axes: mapping, rateHz: rate)
    options.placement = placement
    options.overwrite = force
    if let exercise {
      options.metadata.append(.init(key: "exercise", value: exercise))
    }
    if let side { options.metadata.append(.init(key: "side", value: side)) }

    let layout: CSVImport.Layout?
    switch format {
    case .auto:
      layout = timeColumn == nil ? nil : customLayout()
    case .phyphox: layout = .phyphox
    case .xIMU3: layout = .xIMU3
    case .csv: layout = customLayout()
    }
    let summary = try failing {
      try CSVImport.importFile(
        input, to: output, layout: layout, gyroscopePath: gyro,
        options: options)
    }
    var message =
      "imported \(summary.samples) samples (\(summary.layout), "
      + "\(NumberText.fixed(summary.rateHz, 1)) Hz, gyro: \(summary.hasGyro ? "yes" : "no")) "
      + "to \(output)"
    if summary.skippedLines > 0 {
      message += "; skipped \(summary.skippedLines) lines that were not samples"
    }
    if summary.impossibleSamples > 0 {
      message +=
        "; skipped \(summary.impossibleSamples) rows with values beyond what a sensor reports"
    }
    if summary.outsideGyroscope > 0 {
      message +=
        "; dropped \(summary.outsideGyroscope) samples outside the gyroscope file's time span"
    }
    printError(message)
  }

  private func customLayout() -> CSVImport.Layout {
    func columns(_ text: String?) -> [String]? {
      text.map { $0.split(separator: ",").map(String.init) }
    }
    return CSVImport.Layout(
      timeColumn: timeColumn ?? "t", timeUnit: timeUnit,
      accelerationColumns: columns(accelColumns) ?? ["ax", "ay", "az"],
      accelerationUnit: accelUnit, angularRateColumns: columns(gyroColumns),
      angularRateUnit: gyroUnit)
  }
}
