import Foundation
import HipTestSupport
import Testing

/// `hipform eval` on folders shaped like the real recordings: labels that
/// leave fields out, walking files scored on steps, and the figures a
/// caller requires.
struct EvalCommandTests {
  static let recordings = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Recordings").path

  /// A bundled recording copied into `directory`, its labels without
  /// `hold_s` and `level_change_deg`, as a thigh accelerometer labels them.
  static func bridgeWithoutHoldOrLevel(in directory: TemporaryDirectory)
    throws
  {
    let name = "bridge-sacrum-100hz"
    _ = try directory.write(
      "\(name).csv",
      try String(contentsOfFile: "\(recordings)/\(name).csv", encoding: .utf8))
    let labels = try JSONSerialization.jsonObject(
      with: Data(
        contentsOf: URL(fileURLWithPath: "\(recordings)/\(name).labels.json")))
    var top = try #require(labels as? [String: Any])
    let reps = try #require(top["reps"] as? [[String: Any]])
    top["reps"] = reps.map { rep in
      rep.filter { $0.key != "hold_s" && $0.key != "level_change_deg" }
    }
    top["source"] = ["repository": "someone/dataset"]
    _ = try directory.write(
      "\(name).labels.json",
      bytes: Array(try JSONSerialization.data(withJSONObject: top)))
  }

  @Test func fieldsLeftOutAreNotLabelledNotFailures() throws {
    let directory = try TemporaryDirectory()
    try Self.bridgeWithoutHoldOrLevel(in: directory)
    let run = try Hipform.run(["eval", directory.path], in: directory)

    #expect(run.termination == .exited(0), "\(run.standardError)")
    let output = run.standardOutput
    #expect(output.contains("1 recording(s) scored, 0 failed"))
    #expect(output.contains("  hold_s s    not labelled"))
    #expect(output.contains("  level deg   not labelled"))
    #expect(output.contains("  ROM deg     median"))
    #expect(output.contains("  counts      1 of 1 recordings counted exactly"))
    #expect(
      output.contains("not labelled in any recording: level_change_deg, hold_s")
    )
    #expect(!output.contains("FAILED"))
  }

  @Test func walkingIsScoredOnStepsInItsOwnTable() throws {
    let directory = try TemporaryDirectory()
    _ = try directory.write(
      "walk.csv",
      fileText(
        standardHeader + [
          "t,ax,ay,az,gx,gy,gz", "0,0,1,0,0,0,0", "0.01,0,1,0,0,0,0",
        ]))
    _ = try directory.write(
      "walk.labels.json",
      """
      {"exercise": "walking", "side": "both", "reps": [], "holds": [],
       "sets": [], "steps": [{"t_s": 0.5, "side": "left"}],
       "walking_bouts": [{"start_s": 0, "end_s": 1}]}
      """)
    let run = try Hipform.run(["eval", directory.path], in: directory)

    #expect(run.termination == .exited(0), "\(run.standardError)")
    // No rep table for a folder of walks; a still recording finds no step.
    #expect(!run.standardOutput.contains("reps t/d"))
    #expect(run.standardOutput.contains("walk.csv  walking         1/0  0.000"))
    #expect(
      run.standardOutput.contains("summary: 1 recording(s) scored, 0 failed"))
    #expect(
      run.standardOutput.contains(
        "  steps       labelled 1, detected 0, matched 0 within 0.25 s"))
    #expect(run.standardOutput.contains("recall 0.000"))
    #expect(run.standardOutput.contains("- step recall 0.0 < 0.95"))
    let json = try Hipform.run(
      ["eval", "--json", directory.path], in: directory)
    #expect(json.standardOutput.contains("\"status\" : \"scored\""))
    #expect(json.standardOutput.contains("\"step_summary\" : {"))
    #expect(json.standardOutput.contains("\"failed\" : 0"))
  }

  /// `eval` on one two-sample recording, `name.csv`, with `labels` beside
  /// it; it must run and list the file as not scored.
  static func evalNotScored(_ name: String, labels: String) throws -> String {
    let directory = try TemporaryDirectory()
    _ = try directory.write(
      "\(name).csv",
      fileText(
        standardHeader + [
          "t,ax,ay,az,gx,gy,gz", "0,0,1,0,0,0,0", "0.01,0,1,0,0,0,0",
        ]))
    _ = try directory.write("\(name).labels.json", labels)
    let run = try Hipform.run(["eval", directory.path], in: directory)
    #expect(run.termination == .exited(0), "\(run.standardError)")
    #expect(
      run.standardOutput.contains(
        "summary: 0 recording(s) scored, 0 failed, 1 not scored"))
    return run.standardOutput
  }

  @Test func walkingWithoutStepsIsListedNotScored() throws {
    let output = try Self.evalNotScored(
      "walk",
      labels: """
        {"exercise": "walking", "side": "both", "reps": [], "holds": [],
         "sets": []}
        """)
    #expect(
      output.contains("walk.csv  walking   walking: no steps labelled to score")
    )
  }

  @Test func repLabelsWithoutARepsKeyAreListedNotScored() throws {
    // A misspelt key: not a session of no reps.
    let output = try Self.evalNotScored(
      "bridge",
      labels: """
        {"exercise": "bridge", "side": "both", "repz": [], "holds": [],
         "sets": []}
        """)
    #expect(
      output.contains(
        "no \"reps\" key in the labels: nothing to score reps against"),
      "\(output)")
  }

  @Test func aRequiredFigureMissedFailsAndIsNamed() throws {
    let directory = try TemporaryDirectory()
    try Self.bridgeWithoutHoldOrLevel(in: directory)
    let met = try Hipform.run(
      [
        "eval", directory.path, "--require-f1", "0.5",
        "--require-exact-files-pct", "100", "--require-max-partials-as-full",
        "0",
      ], in: directory)
    #expect(met.termination == .exited(0), "\(met.standardError)")

    let missed = try Hipform.run(
      [
        "eval", directory.path, "--require-f1", "1.01",
        "--require-max-start-median-s", "0",
      ], in: directory)
    #expect(missed.termination == .exited(1))
    #expect(
      missed.standardError.contains(
        "eval: required figure missed: rep F1 1.0 is below the required 1.01"))
    #expect(
      missed.standardError.contains(
        "eval: required figure missed: median start error s "))
    #expect(missed.standardError.contains("is above the required 0.0"))
  }
}
