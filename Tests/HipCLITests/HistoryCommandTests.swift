import Foundation
import HipHistory
import HipTestSupport
import Testing

/// The history commands read a history; they never make one by mistake.
struct HistoryCommandTests {
  @Test(arguments: [
    ["trend", "-o", "trend.html"], ["sessions", "list"],
    ["sessions", "show", "1"],
    ["report", "1"],
  ])
  func readingAHistoryThatDoesNotExistSaysSoAndCreatesNone(
    command: [String]
  ) throws {
    let directory = try TemporaryDirectory()
    let database = directory.file("typo.sqlite")
    let run = try Hipform.run(command + ["--db", database], in: directory)
    #expect(run.termination == .exited(1))
    #expect(run.standardError.contains("no session history at \(database)"))
    #expect(!FileManager.default.fileExists(atPath: database))
  }
}

/// A history a person can correct.
struct HistoryCorrectionTests {
  static let bridge = ReplayCommandTests.bundled("bridge-sacrum-100hz.csv")

  @Test func theSameRecordingSavedAgainIsRefusedUnlessAsked() throws {
    let directory = try TemporaryDirectory()
    let database = directory.file("h.sqlite")
    let first = try Hipform.run(
      ["analyze", Self.bridge, "--save", "--pain", "3", "--db", database],
      in: directory)
    #expect(first.termination == .exited(0), "\(first.standardError)")
    let second = try Hipform.run(
      ["sessions", "add", Self.bridge, "--pain", "4", "--db", database],
      in: directory)
    #expect(second.termination == .exited(1))
    #expect(
      second.standardError.contains(
        "not saved: this recording is already session 1"))
    #expect(second.standardError.contains("hipform sessions edit 1"))
    #expect(try History(path: database).sessions().count == 1)
    let again = try Hipform.run(
      ["sessions", "add", Self.bridge, "--again", "--db", database],
      in: directory)
    #expect(again.termination == .exited(0), "\(again.standardError)")
    #expect(try History(path: database).sessions().count == 2)
  }

  @Test func aSessionsPainAndNoteCanBeCorrectedAndASessionDeleted() throws {
    let directory = try TemporaryDirectory()
    let database = directory.file("h.sqlite")
    _ = try Hipform.run(
      ["sessions", "add", Self.bridge, "--pain", "7", "--db", database],
      in: directory)
    let edit = try Hipform.run(
      [
        "sessions", "edit", "1", "--pain", "2", "--note", "typo fixed",
        "--db", database,
      ],
      in: directory)
    #expect(edit.termination == .exited(0), "\(edit.standardError)")
    let session = try #require(try History(path: database).session(id: 1))
    #expect(session.pain == 2 && session.note == "typo fixed")
    let nothing = try Hipform.run(
      ["sessions", "edit", "1", "--db", database], in: directory)
    #expect(nothing.termination == .exited(64))
    let delete = try Hipform.run(
      ["sessions", "delete", "1", "--db", database], in: directory)
    #expect(delete.termination == .exited(0), "\(delete.standardError)")
    #expect(try History(path: database).sessions().isEmpty)
    #expect(FileManager.default.fileExists(atPath: Self.bridge))
    let missing = try Hipform.run(
      ["sessions", "delete", "1", "--db", database], in: directory)
    #expect(missing.termination == .exited(1))
    #expect(missing.standardError.contains("no session 1"))
  }
}
