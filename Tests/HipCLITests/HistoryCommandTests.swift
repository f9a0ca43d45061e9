import Foundation
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
