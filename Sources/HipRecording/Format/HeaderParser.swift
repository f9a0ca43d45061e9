import HipCore

/// What a column of a recording holds.
enum ColumnRole: Equatable {
  case time, ax, ay, az, gx, gy, gz
  case extra

  init(name: String) {
    switch name {
    case "t": self = .time
    case "ax": self = .ax
    case "ay": self = .ay
    case "az": self = .az
    case "gx": self = .gx
    case "gy": self = .gy
    case "gz": self = .gz
    default: self = .extra
    }
  }
}

/// Reads and checks the metadata lines and the column header.
enum HeaderParser {
  struct Result {
    var header: RecordingHeader
    var columns: [String]
    var roles: [ColumnRole]
    var hasGyro: Bool
  }

  static func parse(lines: LineReader, path: String) throws(RecordingError)
    -> Result
  {
    func fail(_ line: Int?, _ message: String) -> RecordingError {
      RecordingError(kind: .header, path: path, line: line, message: message)
    }
    var entries: [(key: String, value: String, line: Int)] = []
    var columnLine: LineReader.Line?
    do {
      while let line = try lines.next() {
        let text = String(decoding: line.bytes, as: UTF8.self)
        if line.number == 1 {
          let first =
            text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
          guard let (key, value) = metadataPair(first),
            key == "hipform-recording"
          else {
            throw fail(
              1,
              "not a HipForm recording: the first line must be "
                + "'# hipform-recording: 1' (use 'hipform convert' to import "
                + "other CSV files)")
          }
          entries.append((key, value, 1))
          continue
        }
        if text.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
        if text.hasPrefix("#") {
          if let (key, value) = metadataPair(text) {
            entries.append((key, value, line.number))
          }
          continue
        }
        columnLine = line
        break
      }
    } catch let error as SystemError {
      throw RecordingError(error)
    } catch let error as RecordingError {
      throw error
    } catch {
      throw fail(nil, "\(error)")
    }
    guard let versionEntry = entries.first else {
      throw fail(1, "the file is empty: expected '# hipform-recording: 1'")
    }
    guard versionEntry.value == "1" else {
      throw fail(
        1,
        "recording format version \(VisibleText.quoted(versionEntry.value)) "
          + "is not supported (this hipform reads version 1)")
    }
    // A key given twice would leave the reader to pick one silently.
    for key in RecordingHeader.typedKeys {
      let lines = entries.filter { $0.key == key }.map(\.line)
      if lines.count > 1 {
        throw fail(
          lines[1], "'\(key)' is given twice (first on line \(lines[0]))")
      }
    }

    func required(_ key: String) throws(RecordingError) -> (String, Int) {
      guard let entry = entries.first(where: { $0.key == key }) else {
        throw fail(nil, "the header has no '# \(key): ...' line (required)")
      }
      return (entry.value, entry.line)
    }

    let (rateText, rateLine) = try required("rate_hz")
    guard let rate = Double(rateText), PhysicalLimits.isPossibleRate(rate)
    else {
      throw fail(
        rateLine,
        "rate_hz must be \(PhysicalLimits.rateDescription) "
          + "(got \(VisibleText.quoted(rateText)))")
    }
    let (accelText, accelLine) = try required("accel_unit")
    guard let accelUnit = RecordingHeader.AccelerationUnit(rawValue: accelText)
    else {
      throw fail(
        accelLine,
        "accel_unit must be 'g' or 'm/s2' (got \(VisibleText.quoted(accelText)))"
      )
    }
    let (axesText, axesLine) = try required("axes")
    let axes: AxesMapping
    do {
      axes = try AxesMapping(parsing: axesText)
    } catch {
      throw fail(axesLine, error.description)
    }
    var gyroUnit: RecordingHeader.AngularRateUnit?
    if let entry = entries.first(where: { $0.key == "gyro_unit" }) {
      guard let unit = RecordingHeader.AngularRateUnit(rawValue: entry.value)
      else {
        throw fail(
          entry.line,
          "gyro_unit must be 'dps' or 'rad/s' "
            + "(got \(VisibleText.quoted(entry.value)))")
      }
      gyroUnit = unit
    }
    var placement = RecordingHeader.Placement.sacrum
    if let entry = entries.first(where: { $0.key == "placement" }) {
      guard let value = RecordingHeader.Placement(rawValue: entry.value) else {
        throw fail(
          entry.line,
          "placement must be one of "
            + RecordingHeader.Placement.allCases.map(\.rawValue).joined(
              separator: ", ") + " (got \(VisibleText.quoted(entry.value)))")
      }
      placement = value
    }

    guard let columnLine else {
      throw fail(nil, "the file ends before its column header (t,ax,ay,az...)")
    }
    let columns = columnLine.bytes.split(
      separator: 0x2C, omittingEmptySubsequences: false
    ).map { String(decoding: $0, as: UTF8.self).trimmed(of: " \t") }
    let roles = columns.map(ColumnRole.init(name:))
    for required: ColumnRole in [.time, .ax, .ay, .az] {
      let count = roles.filter { $0 == required }.count
      if count != 1 {
        throw fail(
          columnLine.number,
          "the column header must name t, ax, ay and az once each "
            + "(got \(VisibleText.quoted(bytes: columnLine.bytes)))")
      }
    }
    let gyroCount = roles.filter { [.gx, .gy, .gz].contains($0) }.count
    guard gyroCount == 0 || gyroCount == 3,
      Set(roles.filter { [.gx, .gy, .gz].contains($0) }).count == gyroCount
    else {
      throw fail(
        columnLine.number,
        "gyro columns come as all of gx, gy, gz or none "
          + "(got \(VisibleText.quoted(bytes: columnLine.bytes)))")
    }
    let hasGyro = gyroCount == 3
    if hasGyro && gyroUnit == nil {
      throw fail(
        columnLine.number,
        "the file has gyro columns but no '# gyro_unit: dps|rad/s' line")
    }

    var header = RecordingHeader(
      rateHz: rate, accelerationUnit: accelUnit, angularRateUnit: gyroUnit,
      axes: axes, placement: placement)
    header.metadata = entries.filter {
      !RecordingHeader.typedKeys.contains($0.key)
    }.map { RecordingHeader.Entry(key: $0.key, value: $0.value) }
    return Result(
      header: header, columns: columns, roles: roles, hasGyro: hasGyro)
  }

  /// Splits `# key: value` into its parts.
  static func metadataPair(_ line: String) -> (String, String)? {
    guard line.hasPrefix("#") else { return nil }
    let body = line.dropFirst()
    guard let colon = body.firstIndex(of: ":") else { return nil }
    let key = body[..<colon].trimmed(of: " \t")
    let value = body[body.index(after: colon)...].trimmed(of: " \t")
    guard !key.isEmpty else { return nil }
    return (key, value)
  }
}

extension StringProtocol {
  func trimmed(of set: String) -> String {
    var s = Substring(self)
    while let c = s.first, set.contains(c) { s = s.dropFirst() }
    while let c = s.last, set.contains(c) { s = s.dropLast() }
    return String(s)
  }
}
