import Foundation
import HipTestSupport
import Testing

/// `hipform replay`: the live view, played from a bundled recording.
struct ReplayCommandTests {
  static let recording =
    URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Recordings/pelvic-tilt-sacrum-100hz.csv").path

  @Test func aRepJudgedAgainIsSaidJustBeforeItsSetIsDone() throws {
    // A 1.8° tilt among 3.3-3.8° ones: under half of the set's reps before
    // it, over half of the whole set's.
    let directory = try TemporaryDirectory()
    let run = try Hipform.run(
      ["replay", "--speed", "max", Self.recording], in: directory)
    #expect(run.termination == .exited(0), "\(run.standardError)")
    let lines = run.standardOutput.split(separator: "\n").map(String.init)
    let shown = try #require(
      lines.firstIndex { $0.hasPrefix("2:14.8  partial  1.8°") },
      "\(run.standardOutput)")
    let judged = try #require(
      lines.firstIndex { $0.contains("judged again") },
      "\(run.standardOutput)")
    #expect(judged > shown)
    #expect(
      lines[judged]
        == "        judged again: the 1.8° rep at 2:14.8 counts: "
        + "over half of the set's usual range")
    #expect(lines[judged + 1].hasPrefix("2:36.0  set done: "))
  }
}
