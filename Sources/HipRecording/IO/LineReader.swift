import HipCore

/// Reads a file line by line in constant memory.
///
/// Lines come out as slices of an internal buffer (valid until the next
/// call), without their `\n` or `\r\n`. The file is read in fixed-size
/// blocks, so memory stays flat whatever the file's size. A line longer
/// than ``maximumLineLength`` is an error naming it: no recording or
/// export has one, and following it would hold all of it in memory.
final class LineReader {
  /// One line of the file.
  struct Line {
    /// The bytes, without the line end.
    var bytes: ArraySlice<UInt8>
    /// 1-based line number.
    var number: Int
    /// Byte offset of the line's first byte in the file.
    var offset: Int
    /// `false` for a last line that ends without `\n`: possibly cut short.
    var isTerminated: Bool
  }

  static let blockSize = 1 << 20
  /// The longest line read, in bytes: far beyond any sample row or header
  /// value, short enough to refuse a runaway line at once.
  static let maximumLineLength = 1 << 20

  let file: ByteFile
  var path: String { file.path }
  private let maximumLineLength: Int
  private var buffer: [UInt8] = []
  private var position = 0
  private var bufferOffset = 0
  private var reachedEnd = false
  private(set) var lineNumber = 0

  init(file: ByteFile, maximumLineLength: Int = LineReader.maximumLineLength) {
    self.file = file
    self.maximumLineLength = maximumLineLength
    buffer.reserveCapacity(Self.blockSize * 2)
  }

  convenience init(path: String) throws(SystemError) {
    self.init(file: try ByteFile(path: path, mode: .read))
  }

  /// The next line, or `nil` at the end of the file.
  ///
  /// - Throws: ``RecordingError`` when the file cannot be read or a line
  ///   is longer than the limit.
  func next() throws(RecordingError) -> Line? {
    // Where the search for the line end resumes: the bytes from `position`
    // up to here hold none. Searching the whole line again after every
    // block added to it would be quadratic in its length. A local, not a
    // property: this runs once a line.
    var searched = position
    while true {
      if let newline = ByteFile.firstNewline(in: buffer, from: searched) {
        if newline - position > maximumLineLength + 1 { throw lineTooLong() }
        var end = newline
        if end > position && buffer[end - 1] == 0x0D { end -= 1 }
        lineNumber += 1
        let line = Line(
          bytes: buffer[position..<end], number: lineNumber,
          offset: bufferOffset + position, isTerminated: true)
        position = newline + 1
        return line
      }
      searched = buffer.count
      if searched - position > maximumLineLength + 1 { throw lineTooLong() }
      if reachedEnd {
        guard position < buffer.count else { return nil }
        var end = buffer.count
        if buffer[end - 1] == 0x0D { end -= 1 }
        lineNumber += 1
        let line = Line(
          bytes: buffer[position..<end], number: lineNumber,
          offset: bufferOffset + position, isTerminated: false)
        position = buffer.count
        return line
      }
      let shift = position
      do {
        try refill()
      } catch {
        throw RecordingError(error)
      }
      searched -= shift
    }
  }

  /// Kept out of `next()`, which runs once a line.
  @inline(never)
  private func lineTooLong() -> RecordingError {
    RecordingError(
      kind: .lineTooLong, path: path, line: lineNumber + 1,
      message:
        "the line is longer than \(maximumLineLength) bytes (it starts "
        + "\(VisibleText.quoted(bytes: buffer[position...].prefix(40)))): "
        + "not a line of a recording or an export; is this the right file?")
  }

  private func refill() throws(SystemError) {
    if position > 0 {
      bufferOffset += position
      buffer.removeSubrange(0..<position)
      position = 0
    }
    let n = try file.read(appendingTo: &buffer, count: Self.blockSize)
    if n == 0 { reachedEnd = true }
  }
}
