import Foundation
import HipHistory
import HipRecording
import HipTestSupport
import Testing

/// Everything a user reads, compared byte for byte with the files in
/// `Tests/Golden/`: a change to what people see shows up as a diff to
/// review, as swift-argument-parser's snapshot tests do for its help.
///
/// After a deliberate change, `HIPFORM_UPDATE_GOLDEN=1 swift test --filter
/// GoldenOutputTests` rewrites the files; the diff is then the review.
struct GoldenOutputTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
  static let golden = root.appendingPathComponent("Tests/Golden")
  static let updating =
    ProcessInfo.processInfo.environment["HIPFORM_UPDATE_GOLDEN"] == "1"

  static func recording(_ name: String) -> String {
    root.appendingPathComponent("Recordings/\(name)").path
  }

  /// Compares `text` with the golden file `name` (or writes it).
  static func check(_ text: String, against name: String) throws {
    let file = golden.appendingPathComponent(name)
    if updating {
      try FileManager.default.createDirectory(
        at: golden, withIntermediateDirectories: true)
      try text.write(to: file, atomically: true, encoding: .utf8)
      return
    }
    let expected = try #require(
      try? String(contentsOf: file, encoding: .utf8),
      "no Tests/Golden/\(name): run with HIPFORM_UPDATE_GOLDEN=1 to make it")
    guard text != expected else { return }
    let ours = text.split(separator: "\n", omittingEmptySubsequences: false)
    let theirs = expected.split(
      separator: "\n", omittingEmptySubsequences: false)
    let common = Swift.min(ours.count, theirs.count)
    let first = (0..<common).first { ours[$0] != theirs[$0] } ?? common
    Issue.record(
      """
      \(name) differs from Tests/Golden/\(name) at line \(first + 1):
        golden: \(first < theirs.count ? String(theirs[first]) : "(end)")
        now:    \(first < ours.count ? String(ours[first]) : "(end)")
      If the change is meant, run HIPFORM_UPDATE_GOLDEN=1 swift test --filter GoldenOutputTests and review the diff.
      """)
  }

  /// The output of `hipform arguments` as a user in UTC sees it.
  static func output(_ arguments: [String]) throws -> String {
    let directory = try TemporaryDirectory()
    let run = try Hipform.run(
      arguments, environment: ["TZ": "UTC", "COLUMNS": "80"],
      workingDirectory: root.path, in: directory)
    #expect(run.termination == .exited(0), "\(arguments): \(run.standardError)")
    return run.standardOutput
  }

  static let commands = [
    "info", "analyze", "replay", "convert", "synth", "eval", "bench",
    "bench read", "bench analyze", "bench live", "report", "sessions",
    "sessions list", "sessions show", "sessions add", "sessions edit",
    "sessions delete", "trend", "record",
    "live", "simulate", "devices", "version",
  ]

  @Test(arguments: [""] + commands)
  func everyCommandsHelp(command: String) throws {
    let words = command.split(separator: " ").map(String.init)
    let name = (["help"] + words).joined(separator: "-") + ".txt"
    try Self.check(try Self.output(["help"] + words), against: name)
  }

  static let bridge = "bridge-sacrum-100hz.csv"
  static let thigh = "bridge-thigh-left-50hz-nogyro.csv"

  @Test(arguments: [
    ("analyze-bridge.txt", ["analyze", bridge]),
    ("analyze-bridge.json", ["analyze", bridge, "--format", "json"]),
    ("analyze-thigh.txt", ["analyze", thigh]),
    ("info-bridge.txt", ["info", bridge]),
    ("info-bridge.json", ["info", bridge, "--json"]),
    ("replay-bridge.txt", ["replay", bridge, "--speed", "max"]),
    ("report-bridge.txt", ["report", bridge, "--format", "text"]),
    ("report-bridge.json", ["report", bridge, "--format", "json"]),
    ("report-bridge.csv", ["report", bridge, "--format", "csv"]),
    ("report-bridge.html", ["report", bridge, "--format", "html", "-o", "-"]),
    ("report-thigh.html", ["report", thigh, "--format", "html", "-o", "-"]),
  ])
  func everyOutputOfABundledRecording(name: String, arguments: [String])
    throws
  {
    // Recordings by path from the project's folder, as the README types
    // them; the output names them the same way.
    let resolved = arguments.map {
      $0.hasSuffix(".csv") ? "Recordings/\($0)" : $0
    }
    try Self.check(try Self.output(resolved), against: name)
  }

  /// A history of four sessions on fixed dates, as `sessions list` and the
  /// trend page show it.
  @Test func theHistoryListedAndOverTheWeeks() throws {
    let directory = try TemporaryDirectory()
    let database = directory.file("history.sqlite")
    let history = try History(path: database)
    let sessions: [(String, Int, Int, String?)] = [
      (Self.bridge, 1, 4, "first week"), (Self.thigh, 3, 2, nil),
      (Self.bridge, 8, 3, nil),
      ("clamshell-left-thigh-left-100hz.csv", 15, 1, "easier"),
    ]
    for (name, day, pain, note) in sessions {
      let path = Self.recording(name)
      let recording = try RecordingAnalysis.analyze(path: path)
      let date = String(format: "2026-11-%02dT12:00:00Z", day)
      try history.add(
        StoredSession(
          addedAt: date, startedAt: date,
          exercise: recording.analysis.exercise,
          side: recording.configuration.side.rawValue, recordingPath: path,
          recordingSHA256: try #require(History.checksum(ofFileAt: path)),
          analysis: try recording.analysisDocument.jsonText(), pain: pain,
          note: note))
    }
    try Self.check(
      try Self.output(["sessions", "list", "--db", database]),
      against: "sessions-list.txt")
    try Self.check(
      try Self.output(["trend", "--db", database, "-o", "-"]),
      against: "trend.html")
    try Self.check(
      try Self.output([
        "trend", "--db", database, "--exercise", "bridge", "-o", "-",
      ]),
      against: "trend-bridge.html")
  }
}
