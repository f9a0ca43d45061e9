import HipCore

/// Reads numeric rows from someone else's CSV (or TSV, or semicolon-separated
/// with decimal commas) by column name or 1-based column number.
///
/// Lines that are not rows of numbers (a title, a second header, boot noise
/// from a serial logger) are skipped and counted, never turned into zeros.
final class DelimitedTable {
  let path: String
  /// The header row's names, or `nil` when the file starts with numbers.
  let columnNames: [String]?
  let delimiter: UInt8
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
        let trimmed = line.bytes.drop { $0 == 0x20 || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF }
        if trimmed.isEmpty || trimmed.first == 0x23 { continue }
        first = line
        break
      }
      guard let first else {
        throw RecordingError(
          kind: .layout, path: path, message: "the file holds no rows")
      }
      let text = first.bytes
      let separator: UInt8 =
        text.contains(0x09) ? 0x09 : text.contains(0x3B) ? 0x3B : 0x2C
      delimiter = separator
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
        do {
          guard let next = try lines.next() else { return nil }
          line = next
        } catch {
          throw RecordingError(error)
        }
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
      return DecimalParser.parse(ArraySlice(bytes.map { $0 == 0x2C ? 0x2E : $0 }))
    }
    return DecimalParser.parse(bytes)
  }
}
