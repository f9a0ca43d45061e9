import HipCore

/// Reads numeric rows from someone else's CSV (or TSV, or semicolon-separated
/// with decimal commas) by column name or 1-based column number.
///
/// Lines that are not rows of numbers (a title, a second header, boot noise
/// from a serial logger) are skipped and counted, never turned into zeros.
final class DelimitedTable {
  let path: String
  /// The header row's names, or `nil` when the file starts with numbers.
  private(set) var columnNames: [String]?
  private(set) var delimiter: UInt8
  /// The line the header row is on (or the first row, without a header).
  private var headerLine: Int
  private let lines: LineReader
  private var pendingFirstRow: LineReader.Line?
  private(set) var skippedLines = 0
  private(set) var firstSkippedLine: Int?

  init(path: String) throws(RecordingError) {
    self.path = path
    do {
      lines = try LineReader(path: path)
      var first: LineReader.Line?
      while let line = try lines.next() {
        let trimmed = line.bytes.drop {
          $0 == 0x20 || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF
        }
        if trimmed.isEmpty || trimmed.first == 0x23 { continue }
        first = line
        break
      }
      guard let first else {
        throw RecordingError(
          kind: .layout, path: path, message: "the file holds no rows")
      }
      let text = first.bytes
      let separator = Self.delimiter(of: text)
      delimiter = separator
      headerLine = first.number
      let fields = Self.split(text, delimiter: separator)
      if fields.allSatisfy({ Self.number($0, delimiter: separator) != nil }) {
        columnNames = nil
        pendingFirstRow = first
      } else {
        columnNames = fields.map(Self.name)
      }
    } catch let error as SystemError {
      throw RecordingError(error)
    } catch let error as RecordingError {
      throw error
    } catch {
      throw RecordingError(kind: .layout, path: path, message: "\(error)")
    }
  }

  /// Takes the first line that names every column of `specs` as the header.
  ///
  /// Only when the first line does not name them all: a title or boot noise
  /// from a serial logger can come before the header. The lines passed over
  /// are counted as skipped. Column numbers need no header. Without such a
  /// line before the first row of numbers, the header stays as it was and
  /// the caller reports the missing name.
  func findHeader(naming specs: [String]) throws(RecordingError) {
    let wanted = specs.filter { Int($0) == nil }.map(Self.normalized)
    func namesAll(_ names: [String]) -> Bool {
      let have = Set(names.map(Self.normalized))
      return wanted.allSatisfy(have.contains)
    }
    guard let current = columnNames, !namesAll(current) else { return }
    var passed = [headerLine]
    while true {
      guard let line = try lines.next() else { return }
      let trimmed = line.bytes.drop { $0 == 0x20 || $0 == 0x09 }
      if trimmed.isEmpty || trimmed.first == 0x23 { continue }
      let separator = Self.delimiter(of: line.bytes)
      let fields = Self.split(line.bytes, delimiter: separator)
      if fields.allSatisfy({ Self.number($0, delimiter: separator) != nil }) {
        pendingFirstRow = line
        return
      }
      let names = fields.map(Self.name)
      if namesAll(names) {
        columnNames = names
        delimiter = separator
        headerLine = line.number
        skippedLines += passed.count
        firstSkippedLine = firstSkippedLine ?? passed.first
        return
      }
      passed.append(line.number)
    }
  }

  /// The 0-based index of the column that `spec` names: a header name
  /// (case and surrounding quotes ignored) or a 1-based number.
  func columnIndex(_ spec: String) -> Int? {
    if let number = Int(spec), number >= 1 { return number - 1 }
    let wanted = Self.normalized(spec)
    return columnNames?.firstIndex { Self.normalized($0) == wanted }
  }

  /// The values of `indices` in the next row of numbers, with its line.
  func nextRow(_ indices: [Int]) throws(RecordingError) -> (
    values: [Double], line: Int
  )? {
    while true {
      let line: LineReader.Line
      if let pending = pendingFirstRow {
        line = pending
        pendingFirstRow = nil
      } else {
        guard let next = try lines.next() else { return nil }
        line = next
      }
      if line.bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
      let fields = Self.split(line.bytes, delimiter: delimiter)
      var values: [Double] = []
      values.reserveCapacity(indices.count)
      for index in indices {
        guard index < fields.count,
          let value = Self.number(fields[index], delimiter: delimiter),
          value.isFinite
        else { break }
        values.append(value)
      }
      if values.count == indices.count { return (values, line.number) }
      skippedLines += 1
      if firstSkippedLine == nil { firstSkippedLine = line.number }
    }
  }

  /// The field separator of a line: tab, else `;`, else `,`.
  static func delimiter(of line: ArraySlice<UInt8>) -> UInt8 {
    line.contains(0x09) ? 0x09 : line.contains(0x3B) ? 0x3B : 0x2C
  }

  static func split(_ bytes: ArraySlice<UInt8>, delimiter: UInt8)
    -> [ArraySlice<UInt8>]
  {
    bytes.split(separator: delimiter, omittingEmptySubsequences: false)
  }

  static func name(_ field: ArraySlice<UInt8>) -> String {
    String(decoding: field, as: UTF8.self).trimmed(of: " \t\"\u{FEFF}")
  }

  static func normalized(_ name: String) -> String {
    name.trimmed(of: " \t\"").lowercased()
  }

  /// A field as a number; with `;` or tab between fields a decimal comma is
  /// read as a decimal point, as spreadsheets in many locales write it.
  static func number(_ field: ArraySlice<UInt8>, delimiter: UInt8) -> Double? {
    var bytes = field
    if let first = bytes.first, first == 0x22, bytes.count >= 2,
      bytes.last == 0x22
    {
      bytes = bytes.dropFirst().dropLast()
    }
    if delimiter != 0x2C && bytes.contains(0x2C) {
      return DecimalParser.parse(
        ArraySlice(bytes.map { $0 == 0x2C ? 0x2E : $0 }))
    }
    return DecimalParser.parse(bytes)
  }
}
