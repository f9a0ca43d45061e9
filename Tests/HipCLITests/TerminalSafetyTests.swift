import Foundation
import HipTestSupport
import Testing

/// Text from files reaches the terminal with its control characters shown,
/// and an error quotes only a short excerpt of what it refuses.
struct TerminalSafetyTests {
  /// OSC 0 sets the terminal's title; OSC 52 writes its clipboard.
  static let hostile =
    "\u{1B}]0;pwned\u{07}\u{1B}]52;c;ZWNobyBoaQ==\u{07}\u{9B}2J"

  @Test func infoShowsEscapeSequencesInTheHeader() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write(
      "hostile.csv",
      fileText(
        standardHeader + [
          "# note: \(Self.hostile)", "# \u{1B}[31mkey: value",
          "t,ax,ay,az,gx,gy,gz,x\u{1B}[2Jcol", "0,0,1,0,0,0,0,1",
        ]))
    let run = try Hipform.run(["info", path], in: directory)
    #expect(run.termination == .exited(0), "\(run.standardError)")
    for scalar in run.standardOutput.unicodeScalars where scalar != "\n" {
      #expect(
        !(scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)),
        "control character \(scalar.value) in \(run.standardOutput)")
    }
    #expect(run.standardOutput.contains("\\u{1b}]0;pwned\\u{7}"))
    #expect(run.standardOutput.contains("\\u{9b}2J"))
    #expect(run.standardOutput.contains("x\\u{1b}[2Jcol"))
  }

  /// An 8 MB `rate_hz` was echoed whole (this one is under the line limit).
  @Test func anErrorQuotesAShortExcerpt() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write(
      "huge.csv",
      "# hipform-recording: 1\n# rate_hz: "
        + String(repeating: "9", count: 500_000) + "\u{1B}\n# accel_unit: g\n"
        + "# axes: x=right,y=up,z=back\nt,ax,ay,az\n")
    let run = try Hipform.run(["analyze", path], in: directory)
    #expect(run.termination == .exited(1))
    #expect(run.standardError.contains("\(path):2: rate_hz must be"))
    #expect(run.standardError.contains("(500001 characters)"))
    #expect(run.standardError.utf8.count < 400)
  }

  @Test func aRefusedNoteInAnErrorIsShownNotSent() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write(
      "bad.csv",
      fileText(
        standardHeader.map {
          $0.hasPrefix("# axes") ? "# axes: \(Self.hostile)" : $0
        } + ["t,ax,ay,az", "0,0,1,0"]))
    let run = try Hipform.run(["info", path], in: directory)
    #expect(run.termination == .exited(1))
    #expect(!run.standardError.contains("\u{1B}"))
    #expect(run.standardError.contains("\\u{1b}"), "\(run.standardError)")
  }
}
