import Foundation
import GRDB
import HipCore
import HipRecording
import HipReport
import HipTestSupport
import Testing

@testable import HipHistory

/// The session history: saving, reopening, migrating, and sessions whose
/// recording went missing.
struct HistoryTests {
  /// This test's files, removed when it ends.
  let directory: TemporaryDirectory

  init() throws {
    directory = try TemporaryDirectory()
  }

  /// A database in a folder that does not exist yet.
  func databasePath() -> String {
    directory.file("nested/history.sqlite")
  }

  func analysed() throws -> AnalyzedRecording {
    try RecordingAnalysis.analyze(path: ScriptedRecording.write(in: directory))
  }

  @Test func aSessionSurvivesReopening() throws {
    let path = databasePath()
    let recording = try analysed()
    let saved = try History(path: path).add(
      recording, pain: 2, note: "<script>alert(1)</script>, \"quoted\"")
    let id = try #require(saved.id)

    let reopened = try History(path: path)
    #expect(try reopened.appliedMigrations() == ["v1", "v2-summary"])
    let sessions = try reopened.sessions()
    #expect(sessions.count == 1)
    let session = try #require(try reopened.session(id: id))
    #expect(session == saved)
    #expect(session.pain == 2)
    #expect(session.note == "<script>alert(1)</script>, \"quoted\"")
    #expect(session.exercise == "bridge")
    #expect(session.startedAt == "2026-11-21T15:00:00Z")
    #expect(session.recordingPath == History.absolutePath(recording.path))
    #expect(
      session.recordingSHA256
        == History.checksum(ofFileAt: recording.path))
    #expect(session.fullReps == 12)
    #expect(
      try session.document().jsonText()
        == recording.analysisDocument.jsonText())
    #expect(History.recordingState(of: session) == .present)
  }

  @Test func aVersion1DatabaseOpensAndUpgrades() throws {
    let path = databasePath()
    try FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent,
      withIntermediateDirectories: true)
    let json = try analysed().analysisDocument.jsonText()
    // The v1 schema as hipform 0.1 wrote it, by hand.
    let old = try DatabaseQueue(path: path)
    try old.write { db in
      try db.execute(
        sql: """
          CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
          INSERT INTO grdb_migrations VALUES ('v1');
          CREATE TABLE "session" (
            "id" INTEGER PRIMARY KEY AUTOINCREMENT,
            "addedAt" TEXT NOT NULL,
            "startedAt" TEXT,
            "exercise" TEXT NOT NULL,
            "side" TEXT NOT NULL,
            "recordingPath" TEXT NOT NULL,
            "recordingSHA256" TEXT NOT NULL,
            "analysis" TEXT NOT NULL,
            "pain" INTEGER CHECK (("pain" >= 0) AND ("pain" <= 10)),
            "note" TEXT);
          """)
      try db.execute(
        sql: """
          INSERT INTO session (addedAt, startedAt, exercise, side,
            recordingPath, recordingSHA256, analysis, pain, note)
          VALUES ('2026-11-22T09:00:00Z', NULL, 'bridge', 'both',
            '/nowhere/bridge.csv', 'abc', ?, 3, 'from v1'),
            ('2026-11-23T09:00:00Z', NULL, 'bridge', 'both',
            '/nowhere/other.csv', 'def', 'not json', NULL, NULL)
          """, arguments: [json])
    }
    try old.close()

    let history = try History(path: path)
    #expect(try history.appliedMigrations() == ["v1", "v2-summary"])
    let sessions = try history.sessions()
    #expect(sessions.count == 2)
    let first = try #require(sessions.first)
    #expect(first.note == "from v1")
    #expect(first.pain == 3)
    #expect(first.fullReps == 12)
    let expected = try StoredSession.Summary(AnalysisDocument(jsonText: json))
    #expect(first.meanRomDegrees == expected.meanRomDegrees)
    #expect(first.meanHoldSeconds == expected.meanHoldSeconds)
    // A row whose analysis cannot be read is kept, not dropped.
    #expect(sessions.last?.fullReps == 0)
    #expect(History.recordingState(of: first) == .missing)
    // And it opens again at the current version without change.
    #expect(try History(path: path).sessions() == sessions)
  }

  @Test func aDatabaseFromANewerVersionIsRefused() throws {
    let path = databasePath()
    _ = try History(path: path)
    let queue = try DatabaseQueue(path: path)
    try queue.write {
      try $0.execute(sql: "INSERT INTO grdb_migrations VALUES ('v9-future')")
    }
    try queue.close()
    #expect(throws: History.Failure.self) { try History(path: path) }
  }

  @Test func aMissingRecordingIsReportedNotDropped() throws {
    let history = try History(path: databasePath())
    let recording = try analysed()
    let saved = try history.add(recording, pain: 1, note: nil)
    try FileManager.default.removeItem(atPath: recording.path)

    let sessions = try history.sessions()
    #expect(sessions.map(\.id) == [saved.id])
    #expect(History.recordingState(of: saved) == .missing)
    let report = try Reports.report(for: saved)
    #expect(report.notices.count == 1)
    #expect(report.notices.first?.contains("is missing") == true)
    #expect(report.trace == nil)
    #expect(report.reps.count == recording.analysis.reps.count)
    let html = HTMLReport.render(report)
    #expect(html.contains("is missing"))
    #expect(html.components(separatedBy: "class=\"rep-band").count - 1 == 12)
    let entry = Reports.trendEntry(saved)
    #expect(entry.recordingState == "missing")
    let trend = TrendReport.render(entries: [entry], exercise: "bridge")
    #expect(trend.contains("recording missing"))
  }

  @Test func aChangedRecordingIsReportedAsChanged() throws {
    let history = try History(path: databasePath())
    let recording = try analysed()
    let saved = try history.add(recording, pain: nil, note: nil)
    let handle = try #require(FileHandle(forWritingAtPath: recording.path))
    try handle.seekToEnd()
    try handle.write(contentsOf: Data("# edited\n".utf8))
    try handle.close()
    #expect(History.recordingState(of: saved) == .changed)
    let report = try Reports.report(for: saved)
    #expect(report.notices.first?.contains("has changed") == true)
  }

  @Test func aPainRatingOutsideZeroToTenIsRefused() throws {
    let history = try History(path: databasePath())
    #expect(throws: DatabaseError.self) {
      try history.add(Self.session(pain: 11, day: 1))
    }
  }

  @Test func theDefaultPathFollowsXDG() {
    #expect(
      History.defaultPath(environment: [
        "XDG_DATA_HOME": "/data", "HOME": "/home/p",
      ]) == "/data/hipform/history.sqlite")
    #expect(
      History.defaultPath(environment: ["HOME": "/home/p"])
        == "/home/p/.local/share/hipform/history.sqlite")
    #expect(
      History.defaultPath(environment: [
        "XDG_DATA_HOME": "relative", "HOME": "/home/p",
      ]) == "/home/p/.local/share/hipform/history.sqlite")
  }

  static let minimalAnalysis = """
    {"format": "hipform-analysis/1", "recording": {"duration_s": 60,
    "rate_hz": 100, "samples": 6000, "invalid_samples": 0, "gaps": 0,
    "has_gyro": true}, "exercise": "bridge", "reps": [], "holds": [],
    "sets": [], "asymmetry": null}
    """

  @Test func aStartedHeaderThatIsNoDateIsNotTheSessionsDate() throws {
    let text = ScriptedRecording.text(
      ScriptedRecording.script(sets: 1, reps: 2)
    )
    .replacingOccurrences(
      of: "# started: 2026-11-21T15:00:00Z", with: "# started: =1+1")
    let path = try directory.write("started.csv", text)
    let recording = try RecordingAnalysis.analyze(path: path)
    let history = try History(path: databasePath())
    let stored = try history.add(recording, pain: nil, note: nil)
    #expect(stored.startedAt == nil)
    #expect(ISODate.parse(stored.addedAt) != nil)
  }

  static func session(pain: Int?, day: Int) -> StoredSession {
    StoredSession(
      addedAt: "2026-12-\(10 + day)T09:00:00Z", startedAt: nil,
      exercise: "bridge", side: "both", recordingPath: "/nowhere.csv",
      recordingSHA256: "0", analysis: minimalAnalysis, pain: pain, note: nil)
  }

  @Test func theTrendHintFollowsTheRuleOverAStoredHistory() throws {
    let history = try History(path: databasePath())
    // Saved out of order: the hint reads them by date.
    for (day, pain) in [(3, 2), (1, 5), (2, 3)] {
      try history.add(Self.session(pain: pain, day: day))
    }
    var pains = try history.sessions(exercise: "bridge").map(\.pain)
    #expect(pains == [5, 3, 2])
    #expect(Progression.hint(pains: pains) == .progress)
    let page = TrendReport.render(
      entries: try history.sessions().map(Reports.trendEntry),
      exercise: "bridge")
    #expect(page.contains("trend-hint progress"))

    try history.add(Self.session(pain: 4, day: 4))
    pains = try history.sessions(exercise: "bridge").map(\.pain)
    #expect(Progression.hint(pains: pains) == .scaleBack)
    #expect(try history.sessions(exercise: "squat").isEmpty)
  }
}
