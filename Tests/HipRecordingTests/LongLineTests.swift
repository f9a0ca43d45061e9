import Foundation
import HipCore
import HipRecording
import HipTestSupport
import Testing

/// A line longer than any recording or export has is refused at once,
/// naming it, instead of being read whole (a 300 MB line once took 16.8 s
/// and 1.25 GB).
struct LongLineTests {
  static let header = [
    "# hipform-recording: 1", "# rate_hz: 100", "# accel_unit: g",
    "# axes: x=right,y=up,z=back",
  ]

  /// A file of `size` zero bytes and no line end: one line, made sparse
  /// so that it costs no disk.
  static func sparseLine(
    _ size: Int, after text: String, in directory: TemporaryDirectory
  )
    throws -> String
  {
    let path = try directory.write("long.csv", text)
    let handle = try #require(FileHandle(forWritingAtPath: path))
    try handle.truncate(atOffset: UInt64(text.utf8.count + size))
    try handle.close()
    return path
  }

  @Test func a300MBLineIsRefusedNamingIt() throws {
    let directory = try TemporaryDirectory()
    let path = try Self.sparseLine(
      300_000_000, after: fileText(Self.header + ["t,ax,ay,az", "0,0,1,0"]),
      in: directory)
    let reader = try RecordingReader(path: path)
    #expect(try reader.next() != nil)
    let error = try #require(throws: RecordingError.self) {
      while try reader.next() != nil {}
    }
    #expect(error.kind == .lineTooLong)
    #expect(error.line == 7)
    #expect(error.description.hasPrefix("\(path):7: the line is longer than"))
    #expect(error.description.count < 500)
  }

  @Test func aLongHeaderLineIsRefusedNamingIt() throws {
    let directory = try TemporaryDirectory()
    let path = try Self.sparseLine(
      300_000_000, after: "# hipform-recording: 1\n# note: ", in: directory)
    let error = try #require(throws: RecordingError.self) {
      _ = try RecordingReader(path: path)
    }
    #expect(error.kind == .lineTooLong)
    #expect(error.line == 2)
  }

  @Test func anImportedFileWithALongLineIsRefusedNamingIt() throws {
    let directory = try TemporaryDirectory()
    let path = try Self.sparseLine(
      5_000_000, after: "t,ax,ay,az\n0,0,1,0\n", in: directory)
    let error = try #require(throws: RecordingError.self) {
      _ = try CSVImport.importFile(
        path, to: directory.file("out.csv"),
        layout: CSVImport.Layout(
          timeColumn: "t", accelerationColumns: ["ax", "ay", "az"]),
        options: CSVImport.Options(
          axes: try AxesMapping(parsing: "x=right,y=up,z=back")))
    }
    #expect(error.kind == .lineTooLong)
    #expect(error.line == 3)
  }

  /// Just under the limit is still a line; the limit leaves every real
  /// header value and row far behind.
  @Test func aLineAtTheLimitIsRead() throws {
    let directory = try TemporaryDirectory()
    let prefix = "# note: "
    let note = String(repeating: "n", count: (1 << 20) - prefix.utf8.count)
    let path = try directory.write(
      "note.csv",
      fileText(
        Self.header + [prefix + note, "t,ax,ay,az", "0,0,1,0", "0.01,0,1,0"]))
    let read = try readRecording(path)
    #expect(read.samples.count == 2)
    #expect(read.reader.header["note"]?.count == note.count)
  }
}
