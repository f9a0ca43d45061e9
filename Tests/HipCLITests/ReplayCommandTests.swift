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

  static func bundled(_ name: String) -> String {
    URL(fileURLWithPath: recording).deletingLastPathComponent()
      .appendingPathComponent(name).path
  }

  @Test func aThighSensorSaysOnceItCannotSeeThePelvisAndSizesWhatItRefused()
    throws
  {
    let directory = try TemporaryDirectory()
    let run = try Hipform.run(
      [
        "replay", "--speed", "max",
        Self.bundled("bridge-thigh-left-50hz-nogyro.csv"),
      ], in: directory)
    #expect(run.termination == .exited(0), "\(run.standardError)")
    let lines = run.standardOutput.split(separator: "\n").map(String.init)
    #expect(
      lines.first
        == "The sensor is on the thigh: it sees the leg's range, hold and "
        + "tempo, not whether the hips stay level.")
    #expect(
      lines.contains(
        "0:14.8  not counted: 2.7°, too short to be a rep (a bump)"))
    #expect(lines.contains("0:20.1  rep  25.7°  held 1.5 s of 2.0 s"))
    #expect(!run.standardOutput.contains("hips stayed"))
    #expect(run.standardOutput.components(separatedBy: "hips").count == 2)
    #expect(!run.standardOutput.contains("side dropped"))
  }

  @Test func aReplayedWalkEndsWithTheSessionsGait() throws {
    let directory = try TemporaryDirectory()
    let run = try Hipform.run(
      [
        "replay", "--speed", "max",
        Self.bundled("walking-sacrum-100hz-trendelenburg-right.csv"),
      ], in: directory)
    #expect(run.termination == .exited(0), "\(run.standardError)")
    let lines = run.standardOutput.split(separator: "\n").map(String.init)
    #expect(lines.filter { $0.contains("walk done:") }.count == 4)
    #expect(
      lines.contains(
        "  96 steps in 4 walks, 52 s of walking, 106 steps a minute."))
    #expect(
      lines.last?.hasPrefix(
        "  The pelvis dips more while you stand on your right leg") == true,
      "\(run.standardOutput)")
  }

  @Test func aSessionThatCountedNothingSaysWhatWasSeenAndWhatToCheck() throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("still.csv")
    var text = [
      "# hipform-recording: 1", "# rate_hz: 50", "# accel_unit: g",
      "# axes: x=right,y=up,z=back", "# placement: sacrum",
      "# exercise: bridge", "t,ax,ay,az",
    ]
    // Lying still on the back for 20 s.
    for i in 0..<1000 { text.append("\(Double(i) / 50),0,0,-1") }
    try (text.joined(separator: "\n") + "\n").write(
      toFile: path, atomically: true, encoding: .utf8)
    let expected = [
      "0 reps: no movement was seen.",
      "What to check:",
      "  - how the sensor is mounted: the header's axes line says "
        + "x=right,y=up,z=back; each sensor axis must point that way on the "
        + "body",
      "  - where it is worn: placement sacrum",
      "  - the exercise: bridge, as the header says; if another was done, "
        + "name it with --exercise",
    ]
    let analyze = try Hipform.run(["analyze", path], in: directory)
    #expect(analyze.termination == .exited(0), "\(analyze.standardError)")
    let analyzed = analyze.standardOutput.split(separator: "\n").map {
      String($0.dropFirst(2))
    }
    #expect(Array(analyzed.suffix(5)) == expected, "\(analyze.standardOutput)")
    let replay = try Hipform.run(
      ["replay", "--speed", "max", path], in: directory)
    #expect(replay.termination == .exited(0), "\(replay.standardError)")
    #expect(
      replay.standardOutput == expected.joined(separator: "\n") + "\n")
  }
}

/// Where what a user asks and what the data says disagree, the commands
/// say so.
struct RequestAgainstDataTests {
  static let bridge = ReplayCommandTests.bundled("bridge-sacrum-100hz.csv")

  @Test func anExerciseOtherThanTheHeadersIsNoted() throws {
    let directory = try TemporaryDirectory()
    let run = try Hipform.run(
      ["analyze", Self.bridge, "--exercise", "clamshell"], in: directory)
    #expect(run.termination == .exited(0), "\(run.standardError)")
    #expect(
      run.standardError.contains(
        "note: the recording's header says 'bridge'; analysing it as "
          + "'clamshell', as --exercise asks."))
    let same = try Hipform.run(
      ["analyze", Self.bridge, "--exercise", "bridge"], in: directory)
    #expect(!same.standardError.contains("header says"))
  }

  @Test func anExerciseIdIsTakenInAnyCase() throws {
    let directory = try TemporaryDirectory()
    let run = try Hipform.run(
      ["analyze", Self.bridge, "--exercise", "Bridge"], in: directory)
    #expect(run.termination == .exited(0), "\(run.standardError)")
    #expect(run.standardOutput.hasPrefix("bridge, side both: 15 reps"))
  }

  /// The bundled bridge with its header's `exercise` line replaced.
  static func bridge(
    namedInHeader name: String, in directory: TemporaryDirectory
  )
    throws -> String
  {
    let path = directory.file("named.csv")
    let text = try String(contentsOfFile: Self.bridge, encoding: .utf8)
      .replacingOccurrences(
        of: "# exercise: bridge\n", with: "# exercise: \(name)\n")
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test func anExerciseInTheHeaderIsReadAsPeopleWriteIt() throws {
    let directory = try TemporaryDirectory()
    let path = try Self.bridge(namedInHeader: "Bridge", in: directory)
    let run = try Hipform.run(["analyze", path], in: directory)
    #expect(run.termination == .exited(0), "\(run.standardError)")
    #expect(run.standardOutput.hasPrefix("bridge, side both: 15 reps"))
    #expect(run.standardError.isEmpty, "\(run.standardError)")
  }

  @Test func anExerciseInTheHeaderThatIsNotKnownIsNoted() throws {
    let directory = try TemporaryDirectory()
    let path = try Self.bridge(namedInHeader: "brige", in: directory)
    for command in ["analyze", "replay"] {
      let run = try Hipform.run([command, path], in: directory)
      #expect(run.termination == .exited(0), "\(run.standardError)")
      #expect(
        run.standardError.contains(
          "note: the recording's header names the exercise 'brige', which "
            + "HipForm does not know"), "\(command): \(run.standardError)")
    }
  }

  @Test func badSamplesAreSaidWithWhere() throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("bad.csv")
    var text = [
      "# hipform-recording: 1", "# rate_hz: 50", "# accel_unit: g",
      "# axes: x=right,y=up,z=back", "# exercise: bridge", "t,ax,ay,az",
    ]
    for i in 0..<500 {
      // Line 107 garbled; the last line cut short by a crash.
      text.append(i == 100 ? "2.0,0,zero,-1" : "\(Double(i) / 50),0,0,-1")
    }
    try (text.joined(separator: "\n") + "\n10.00,0,0").write(
      toFile: path, atomically: true, encoding: .utf8)
    let run = try Hipform.run(["analyze", path], in: directory)
    #expect(run.termination == .exited(0), "\(run.standardError)")
    #expect(
      run.standardOutput.contains(
        "  data: 1 invalid sample skipped (first on line 107), 1 gap in the "
          + "recording (0.02 s missing), last line 507 cut short and skipped"),
      "\(run.standardOutput)")
  }

  @Test func replayingFromPastTheEndSaysSo() throws {
    let directory = try TemporaryDirectory()
    let run = try Hipform.run(
      ["replay", "--speed", "max", "--from", "500", Self.bridge],
      in: directory)
    #expect(run.termination == .exited(0), "\(run.standardError)")
    #expect(run.standardOutput.isEmpty, "\(run.standardOutput)")
    #expect(
      run.standardError.contains(
        "note: --from 500.0 s is past the recording's end (134.1 s)"))
  }
}
