/// Reads a file line by line in constant memory.
///
/// Lines come out as slices of an internal buffer (valid until the next
/// call), without their `\n` or `\r\n`. The file is read in fixed-size
/// blocks, so memory stays flat whatever the file's size.
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

  let file: ByteFile
  var path: String { file.path }
  private var buffer: [UInt8] = []
  private var position = 0
  private var bufferOffset = 0
  private var reachedEnd = false
  private(set) var lineNumber = 0

  init(file: ByteFile) {
    self.file = file
    buffer.reserveCapacity(Self.blockSize * 2)
  }

  convenience init(path: String) throws(SystemError) {
    self.init(file: try ByteFile(path: path, mode: .read))
  }

  /// The next line, or `nil` at the end of the file.
  func next() throws(SystemError) -> Line? {
    while true {
      if let newline = buffer[position...].firstIndex(of: 0x0A) {
        var end = newline
        if end > position && buffer[end - 1] == 0x0D { end -= 1 }
        lineNumber += 1
        let line = Line(
          bytes: buffer[position..<end], number: lineNumber,
          offset: bufferOffset + position, isTerminated: true)
        position = newline + 1
        return line
      }
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
      try refill()
    }
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
