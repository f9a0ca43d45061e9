import HipCore
import HipRecording
import HipTestSupport
import Testing

/// A recording cut short (a crash, a pulled cable, a full disk) reads back
/// as exactly the samples it holds in full.
struct TruncationTests {
  static let rows = [
    "0.000000,0.01230,-0.99810,0.04560,0.120,-0.050,0.330,1,31.5",
    "0.010000,0.01190,-0.99790,0.04610,0.118,-0.049,0.331,2,31.5",
    "0.020000,-0.01150,-1.00000,0.04660,-0.116,0.048,-0.332,3,31.6",
    "0.030000,1.5e-3,-0.99750,-0.04700,0.114,-0.047,0.333,4,",
    "0.040000,0.01080,-0.99800,0.04750,0.112,-0.046,0.334,5,31.6",
    "0.050000,0.01040,-0.99850,0.04800,0.110,-0.045,0.335,66,31.7",
  ]

  static let headerLines = [
    "# hipform-recording: 1",
    "# rate_hz: 100",
    "# accel_unit: g",
    "# gyro_unit: dps",
    "# axes: x=right,y=up,z=back",
    "# sensor: test",
    "t,ax,ay,az,gx,gy,gz,seq,temp_c",
  ]

  @Test func aLastLineCutMidNumberIsDroppedAndReported() throws {
    let directory = try TemporaryDirectory()
    // The cut leaves a line with every field, the last one short: it must
    // not be read as gz = 0.3.
    let text =
      fileText(Self.headerLines + Self.rows.prefix(3))
      + "0.030000,0.01,-0.99750,-0.04700,0.114,-0.047,0.3"
    let path = try directory.write("cut.csv", text)
    let read = try readRecording(path)
    #expect(read.samples.count == 3)
    #expect(read.statistics.truncatedLastLine == 11)
    #expect(read.statistics.invalidSamples == 0)
  }

  @Test(arguments: ["\n", "\r\n"])
  func everyCutReadsBackAsAnExactPrefix(lineEnd: String) throws {
    let directory = try TemporaryDirectory()
    let full = Array(
      (Self.headerLines + Self.rows).map { $0 + lineEnd }.joined().utf8)
    let fullPath = try directory.write("full.csv", bytes: full)
    let whole = try readRecording(fullPath)
    #expect(whole.samples.count == Self.rows.count)
    #expect(whole.statistics.truncatedLastLine == nil)
    let headerEnd = Array(
      Self.headerLines.map { $0 + lineEnd }.joined().utf8
    ).count

    for cut in 0...full.count {
      let bytes = Array(full[..<cut])
      let path = try directory.write("cut-\(cut).csv", bytes: bytes)
      if cut < headerEnd {
        // Cut inside the header: refused, or read as a file with no samples.
        do {
          let read = try readRecording(path)
          #expect(read.samples.isEmpty, "cut at byte \(cut)")
        } catch let error as RecordingError {
          #expect(error.kind == .header, "cut at byte \(cut): \(error)")
        }
        continue
      }
      let read: ReadBack
      do {
        read = try readRecording(path)
      } catch {
        Issue.record("cut at byte \(cut) of \(full.count): \(error)")
        continue
      }
      let body = bytes[headerEnd...]
      let completeLines = body.filter { $0 == 0x0A }.count
      let cutMidLine = bytes.last != 0x0A && cut > headerEnd
      let count = read.samples.count
      #expect(count == completeLines, "cut at byte \(cut)")
      #expect(
        read.samples.map(bits) == whole.samples.prefix(count).map(bits),
        "cut at byte \(cut)")
      #expect(
        read.extraFields == Array(whole.extraFields.prefix(count)),
        "cut at byte \(cut)")
      #expect(read.statistics.invalidSamples == 0, "cut at byte \(cut)")
      #expect(
        read.statistics.truncatedLastLine
          == (cutMidLine ? Self.headerLines.count + completeLines + 1 : nil),
        "cut at byte \(cut)")
    }
  }
}
