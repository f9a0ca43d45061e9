import Foundation
import HipCore
import HipHistory
import HipRecording
import HipReport
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
    "bench read", "bench analyze", "bench walk", "bench live", "report",
    "sessions",
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

  /// A walking session made in code (``WalkingFixture``: no recording,
  /// so it stays put while the analysis is tuned): its report in every
  /// format, and from a thigh sensor without a gyroscope.
  @Test func aWalkingSessionsReport() throws {
    let report = WalkingFixture.report()
    try Self.check(TextReport.render(report), against: "report-walking.txt")
    try Self.check(HTMLReport.render(report), against: "report-walking.html")
    try Self.check(CSVReport.render(report), against: "report-walking.csv")
    try Self.check(
      try ReportJSON(report: report).text(), against: "report-walking.json")
    let thigh = WalkingFixture.report(
      WalkingFixture.document(
        leftDrop: nil, rightDrop: nil, placement: "thigh-left",
        hasGyro: false),
      pain: nil, note: nil)
    try Self.check(
      TextReport.render(thigh), against: "report-walking-thigh.txt")
    try Self.check(
      HTMLReport.render(thigh), against: "report-walking-thigh.html")
  }

  /// Bridges and walks in one history: `sessions list`, the pooled trend
  /// page with walking's own charts, and walking's page alone.
  @Test func walkingInTheHistory() throws {
    let directory = try TemporaryDirectory()
    let database = directory.file("history.sqlite")
    let history = try History(path: database)
    func save(
      _ document: AnalysisDocument, path: String, day: Int, pain: Int?,
      note: String?
    ) throws {
      let date = String(format: "2026-11-%02dT12:00:00Z", day)
      try history.add(
        StoredSession(
          addedAt: date, startedAt: date,
          exercise: document.analysis.exercise,
          side: document.side.rawValue, recordingPath: path,
          recordingSHA256: try #require(History.checksum(ofFileAt: path)),
          analysis: try document.jsonText(), pain: pain, note: note))
    }
    let bridge = Self.recording(Self.bridge)
    try save(
      try RecordingAnalysis.analyze(path: bridge).analysisDocument,
      path: bridge, day: 1, pain: 3, note: nil)
    // Week by week the right leg's dip comes down and the rhythm quickens.
    let weeks: [(Int, Double, Double, Int?, String?)] = [
      (2, 7.2, 0.64, 3, "first walk outside"), (9, 6.4, 0.61, 2, nil),
      (16, 5.1, 0.59, 2, nil), (23, 4.6, 0.57, 1, "felt even"),
    ]
    for (number, (day, rightDrop, rightStep, pain, note)) in weeks.enumerated()
    {
      // A stand-in for the recording: present and unchanged.
      let path = directory.file("walk-\(number + 1).csv")
      try "walk \(number + 1)\n".write(
        toFile: path, atomically: true, encoding: .utf8)
      try save(
        WalkingFixture.document(rightStep: rightStep, rightDrop: rightDrop),
        path: path, day: day, pain: pain, note: note)
    }
    try Self.check(
      try Self.output(["sessions", "list", "--db", database]),
      against: "sessions-list-walking.txt")
    try Self.check(
      try Self.output(["trend", "--db", database, "-o", "-"]),
      against: "trend-with-walking.html")
    try Self.check(
      try Self.output([
        "trend", "--db", database, "--exercise", "walking", "-o", "-",
      ]),
      against: "trend-walking.html")
  }
}
