import HipCore

/// Turns CSV files people already have into format-v1 recordings.
///
/// One importer serves every layout: a ``Layout`` says which columns hold
/// time, acceleration and angular rate and in which units. The phyphox and
/// x-IMU3 layouts are recognised from the header row; any other CSV is
/// described with flags (`--time-column`, `--accel-unit`...).
public enum CSVImport {
  /// Unit of an imported time column.
  public enum TimeUnit: String, Sendable, CaseIterable {
    case seconds = "s"
    case milliseconds = "ms"
    case microseconds = "us"

    var toSeconds: Double {
      switch self {
      case .seconds: 1
      case .milliseconds: 1e-3
      case .microseconds: 1e-6
      }
    }
  }

  /// Unit of imported accelerometer columns.
  public enum AccelerationUnit: String, Sendable, CaseIterable {
    case g
    case milliG = "mg"
    case metersPerSecondSquared = "m/s2"

    var toG: Double {
      switch self {
      case .g: 1
      case .milliG: 1e-3
      case .metersPerSecondSquared: 1 / Units.standardGravity
      }
    }
  }

  /// Which columns hold what, in which units.
  public struct Layout: Sendable, Equatable {
    public var name: String
    public var timeColumn: String
    public var timeUnit: TimeUnit
    public var accelerationColumns: [String]
    public var accelerationUnit: AccelerationUnit
    /// `nil` for a file without a gyroscope.
    public var angularRateColumns: [String]?
    public var angularRateUnit: RecordingHeader.AngularRateUnit

    public init(
      name: String = "csv", timeColumn: String, timeUnit: TimeUnit = .seconds,
      accelerationColumns: [String], accelerationUnit: AccelerationUnit = .g,
      angularRateColumns: [String]? = nil,
      angularRateUnit: RecordingHeader.AngularRateUnit = .degreesPerSecond
    ) {
      self.name = name
      self.timeColumn = timeColumn
      self.timeUnit = timeUnit
      self.accelerationColumns = accelerationColumns
      self.accelerationUnit = accelerationUnit
      self.angularRateColumns = angularRateColumns
      self.angularRateUnit = angularRateUnit
    }

    /// phyphox's "Acceleration with g" export (m/s², seconds); its gyroscope
    /// columns (rad/s) are used when the same file has them.
    public static let phyphox = Layout(
      name: "phyphox", timeColumn: "Time (s)",
      accelerationColumns: [
        "Acceleration x (m/s^2)", "Acceleration y (m/s^2)",
        "Acceleration z (m/s^2)",
      ],
      accelerationUnit: .metersPerSecondSquared,
      angularRateColumns: [
        "Gyroscope x (rad/s)", "Gyroscope y (rad/s)", "Gyroscope z (rad/s)",
      ],
      angularRateUnit: .radiansPerSecond)

    /// phyphox's separate gyroscope export, merged with `--gyro`.
    public static let phyphoxGyroscope = Layout(
      name: "phyphox gyroscope", timeColumn: "Time (s)",
      accelerationColumns: [
        "Gyroscope x (rad/s)", "Gyroscope y (rad/s)", "Gyroscope z (rad/s)",
      ],
      accelerationUnit: .g, angularRateUnit: .radiansPerSecond)

    /// The x-IMU3 GUI's `Inertial.csv` (µs timestamps, deg/s, g).
    public static let xIMU3 = Layout(
      name: "x-IMU3", timeColumn: "Timestamp (us)", timeUnit: .microseconds,
      accelerationColumns: [
        "Accelerometer X (g)", "Accelerometer Y (g)", "Accelerometer Z (g)",
      ],
      angularRateColumns: [
        "Gyroscope X (deg/s)", "Gyroscope Y (deg/s)", "Gyroscope Z (deg/s)",
      ])

    /// The layout a header row belongs to, if it is one this package knows.
    public static func detect(columnNames: [String]) -> Layout? {
      let names = Set(columnNames.map(DelimitedTable.normalized))
      func has(_ column: String) -> Bool {
        names.contains(DelimitedTable.normalized(column))
      }
      if phyphox.accelerationColumns.allSatisfy(has), has(phyphox.timeColumn) {
        var layout = phyphox
        if !(phyphox.angularRateColumns ?? []).allSatisfy(has) {
          layout.angularRateColumns = nil
        }
        return layout
      }
      if xIMU3.accelerationColumns.allSatisfy(has) {
        var layout = xIMU3
        if !has(xIMU3.timeColumn) && has("Time (s)") {
          layout.timeColumn = "Time (s)"
          layout.timeUnit = .seconds
        }
        return layout
      }
      return nil
    }
  }

  /// What the output recording says about itself beyond the samples.
  public struct Options: Sendable {
    public var axes: AxesMapping
    /// Nominal rate, Hz; estimated from the timestamps when `nil`.
    public var rateHz: Double?
    public var placement: RecordingHeader.Placement = .sacrum
    public var metadata: [RecordingHeader.Entry] = []
    public var overwrite = false

    public init(axes: AxesMapping, rateHz: Double? = nil) {
      self.axes = axes
      self.rateHz = rateHz
    }
  }

  /// What an import did.
  public struct Summary: Sendable, Equatable {
    public var layout: String
    public var samples = 0
    public var rateHz = 0.0
    public var hasGyro = false
    /// Lines that were not rows of numbers, or had a repeated time.
    public var skippedLines = 0
    /// Samples dropped because the merged gyroscope file did not cover them.
    public var outsideGyroscope = 0
    /// Rows with a value no sensor reports (``PhysicalLimits``): garbled,
    /// not a movement.
    public var impossibleSamples = 0
  }

  /// Samples that rate estimation looks at before the header is written.
  static let rateEstimationSamples = 2000

  /// Imports `inputPath` into a new recording at `outputPath`.
  ///
  /// - Parameters:
  ///   - inputPath: The CSV to import.
  ///   - outputPath: The v1 recording to create.
  ///   - layout: The columns; detected from the header row when `nil`.
  ///   - gyroscopePath: A second file with angular rate on its own time
  ///     base (phyphox exports one per sensor), interpolated linearly onto
  ///     the accelerometer's timestamps.
  ///   - options: What the output says about itself beyond the samples.
  /// - Returns: What the import did: samples, rate, lines skipped.
  /// - Throws: ``RecordingError`` naming the file (and line) when a column
  ///   is missing, the layout is not recognised, or time goes backwards.
  public static func importFile(
    _ inputPath: String, to outputPath: String, layout: Layout?,
    gyroscopePath: String? = nil, options: Options
  ) throws(RecordingError) -> Summary {
    if let rate = options.rateHz, !PhysicalLimits.isPossibleRate(rate) {
      throw RecordingError(
        kind: .layout, path: inputPath,
        message:
          "the rate given, \(rate) Hz, is not \(PhysicalLimits.rateDescription)"
      )
    }
    let table = try DelimitedTable(path: inputPath)
    if layout == nil, table.columnIndex("Linear Acceleration x (m/s^2)") != nil
    {
      throw RecordingError(
        kind: .layout, path: inputPath,
        message:
          "this is phyphox's 'Acceleration without g': gravity is removed, "
          + "so posture cannot be measured. Record 'Acceleration with g'")
    }
    guard let layout = layout ?? table.columnNames.flatMap(Layout.detect) else {
      let names = table.columnNames.map(Self.quotedNames) ?? "none"
      throw RecordingError(
        kind: .layout, path: inputPath,
        message:
          "not a layout hipform recognises (phyphox 'Acceleration with g' "
          + "or x-IMU3 Inertial.csv); columns: \(names). Describe it with "
          + "--time-column, --accel-columns and --accel-unit")
    }
    let primary = try ColumnStream(
      table: table, timeColumn: layout.timeColumn, timeUnit: layout.timeUnit,
      vectorColumns: [
        (layout.accelerationColumns, layout.accelerationUnit.toG),
        layout.angularRateColumns.map {
          ($0, layout.angularRateUnit.toDegreesPerSecond)
        },
      ].compactMap { $0 })
    var gyroscope: Interpolator?
    if let gyroscopePath {
      let gyroTable = try DelimitedTable(path: gyroscopePath)
      let gyroLayout =
        gyroTable.columnNames.flatMap(Layout.detect).flatMap {
          $0.angularRateColumns == nil ? nil : $0
        } ?? Layout.phyphoxGyroscope
      let columns =
        gyroLayout.angularRateColumns ?? gyroLayout.accelerationColumns
      let stream = try ColumnStream(
        table: gyroTable, timeColumn: gyroLayout.timeColumn,
        timeUnit: gyroLayout.timeUnit,
        vectorColumns: [
          (columns, gyroLayout.angularRateUnit.toDegreesPerSecond)
        ])
      gyroscope = Interpolator(stream: stream)
    }
    let hasGyro = layout.angularRateColumns != nil || gyroscope != nil

    var summary = Summary(layout: layout.name, hasGyro: hasGyro)
    var firstTime: Double?
    var pending: [Sample] = []
    var writer: RecordingWriter?

    func emit(_ sample: Sample) throws(RecordingError) {
      if let writer {
        try writer.append(sample)
        return
      }
      pending.append(sample)
      if pending.count >= rateEstimationSamples { try startWriting() }
    }
    func startWriting() throws(RecordingError) {
      let rate = options.rateHz ?? estimateRate(pending.map(\.time)) ?? 100
      guard PhysicalLimits.isPossibleRate(rate) else {
        throw RecordingError(
          kind: .layout, path: inputPath,
          message:
            "the time steps give \(rate) Hz, not "
            + "\(PhysicalLimits.rateDescription): is the time unit right "
            + "(--time-unit)? Give the rate with --rate if it is")
      }
      summary.rateHz = rate
      var header = RecordingHeader(
        rateHz: rate, axes: options.axes, placement: options.placement,
        metadata: options.metadata)
      if header["note"] == nil {
        header["note"] = "imported from \(layout.name) CSV"
      }
      let newWriter = try RecordingWriter(
        path: outputPath, header: header, hasGyro: hasGyro,
        overwrite: options.overwrite)
      for sample in pending { try newWriter.append(sample) }
      pending = []
      writer = newWriter
    }

    var previousTime: Double?
    while let row = try primary.next() {
      let t0 = firstTime ?? row.time
      let time = row.time - t0
      let sample = Sample(
        time: time, acceleration: row.vectors[0],
        angularRate: row.vectors.count > 1 ? row.vectors[1] : nil)
      guard PhysicalLimits.isPossible(sample) else {
        summary.impossibleSamples += 1
        continue
      }
      firstTime = t0
      if let previous = previousTime {
        if time < previous {
          throw RecordingError(
            kind: .timeGoesBackwards, path: inputPath, line: row.line,
            message:
              "time goes backwards (\(row.time) after an earlier, later time)")
        }
        if time == previous {
          summary.skippedLines += 1
          continue
        }
      }
      previousTime = time
      var angularRate = sample.angularRate
      if var interpolator = gyroscope {
        angularRate = try interpolator.value(at: row.time)
        gyroscope = interpolator
        guard let rate = angularRate else {
          summary.outsideGyroscope += 1
          continue
        }
        guard
          PhysicalLimits.isPossible(
            Sample(
              time: time, acceleration: sample.acceleration, angularRate: rate))
        else {
          summary.impossibleSamples += 1
          continue
        }
      }
      try emit(
        Sample(
          time: time, acceleration: sample.acceleration,
          angularRate: angularRate))
      summary.samples += 1
    }
    if writer == nil { try startWriting() }
    try writer?.close()
    summary.skippedLines += table.skippedLines
    return summary
  }

  /// A header row's names as an error message quotes them: visible and
  /// short, whatever the file holds.
  static func quotedNames(_ names: [String]) -> String {
    VisibleText.quoted(names.joined(separator: ", "), limit: 200)
  }

  /// The nominal rate behind a run of timestamps: one over the median step,
  /// rounded to a whole number of Hz above 10 Hz.
  public static func estimateRate(_ times: [Double]) -> Double? {
    guard times.count >= 2 else { return nil }
    let steps = zip(times.dropFirst(), times).map { $0 - $1 }.filter { $0 > 0 }
    guard let step = upperMedian(steps) else { return nil }
    let rate = 1 / step
    return rate >= 10 ? rate.rounded() : (rate * 10).rounded() / 10
  }
}

/// Rows of time plus 3-vectors from a ``DelimitedTable``.
struct ColumnStream {
  let table: DelimitedTable
  private let indices: [Int]
  private let timeScale: Double
  private let scales: [Double]

  init(
    table: DelimitedTable, timeColumn: String, timeUnit: CSVImport.TimeUnit,
    vectorColumns: [([String], Double)]
  ) throws(RecordingError) {
    self.table = table
    let names = [timeColumn] + vectorColumns.flatMap(\.0)
    try table.findHeader(naming: names)
    var indices: [Int] = []
    for name in names {
      guard let index = table.columnIndex(name) else {
        let names = table.columnNames.map(CSVImport.quotedNames) ?? "none"
        throw RecordingError(
          kind: .layout, path: table.path,
          message: "no column \(VisibleText.quoted(name)) (columns: \(names))")
      }
      indices.append(index)
    }
    self.indices = indices
    timeScale = timeUnit.toSeconds
    scales = vectorColumns.map(\.1)
  }

  func next() throws(RecordingError) -> (
    time: Double, vectors: [Vector3], line: Int
  )? {
    guard let (values, line) = try table.nextRow(indices) else { return nil }
    var vectors: [Vector3] = []
    for (k, scale) in scales.enumerated() {
      let base = 1 + 3 * k
      vectors.append(
        Vector3(values[base], values[base + 1], values[base + 2]) * scale)
    }
    return (values[0] * timeScale, vectors, line)
  }
}

/// Linear interpolation of a second stream onto the first one's times.
struct Interpolator {
  let stream: ColumnStream
  private var before: (time: Double, value: Vector3)?
  private var after: (time: Double, value: Vector3)?
  private var exhausted = false

  init(stream: ColumnStream) { self.stream = stream }

  /// The interpolated value at `time`, on the stream's own time base.
  ///
  /// `nil` outside the stream's span. Calls must come in increasing time.
  mutating func value(at time: Double) throws(RecordingError) -> Vector3? {
    while !exhausted, after.map({ $0.time < time }) ?? true {
      guard let row = try stream.next() else {
        exhausted = true
        break
      }
      before = after
      after = (row.time, row.vectors[0])
    }
    guard let b = before ?? after, let a = after else { return nil }
    if time < b.time || time > a.time { return nil }
    if a.time == b.time { return a.value }
    let f = (time - b.time) / (a.time - b.time)
    return b.value + (a.value - b.value) * f
  }
}
