import Foundation
import HipHistory
import HipTestSupport
import Synchronization
import Testing

/// Several `hipform` processes saving to one history at once: every save
/// is kept.
///
/// Before WAL, a busy timeout and a migration that tolerates
/// another process's, 36% of such saves were lost (70% on a new database).
struct ConcurrentSaveTests {
  static let processes = 4
  static let savesEach = 50

  /// `processes` workers, each running `savesEach` `hipform sessions add`
  /// one after another; returns the runs that failed.
  static func saveConcurrently(
    _ recording: String, to database: String
  ) -> [String] {
    let failures = Mutex<[String]>([])
    DispatchQueue.concurrentPerform(iterations: processes) { worker in
      for save in 0..<savesEach {
        do {
          // Where this run's output goes.
          let directory = try TemporaryDirectory()
          let run = try Hipform.run(
            [
              "sessions", "add", recording, "--db", database, "--again",
              "--note", "worker \(worker) save \(save)",
            ],
            in: directory)
          if run.termination != .exited(0) {
            failures.withLock { $0.append(run.standardError) }
          }
        } catch {
          failures.withLock { $0.append("\(error)") }
        }
      }
    }
    return failures.withLock { $0 }
  }

  @Test func noSaveIsLostOnANewOrAnExistingHistory() throws {
    let directory = try TemporaryDirectory()
    // One rep: the test is about saving, not analysing.
    let recording = try ScriptedRecording.write(
      ScriptedRecording.script(sets: 1, reps: 1), in: directory)
    let database = directory.file("history/history.sqlite")
    let total = Self.processes * Self.savesEach

    // A new database: every process migrates it at the same moment.
    let first = Self.saveConcurrently(recording, to: database)
    #expect(first.isEmpty, "\(first.prefix(3))")
    #expect(try History(path: database).sessions().count == total)

    let second = Self.saveConcurrently(recording, to: database)
    #expect(second.isEmpty, "\(second.prefix(3))")
    let notes = Set(try History(path: database).sessions().compactMap(\.note))
    #expect(try History(path: database).sessions().count == 2 * total)
    #expect(notes.count == total)
  }

  /// The analysis is printed before the save: a failed save says which
  /// database and which session, and how to save it again.
  @Test func aFailedSaveNamesTheDatabaseTheSessionAndTheWayBack() throws {
    let directory = try TemporaryDirectory()
    let recording = try ScriptedRecording.write(
      ScriptedRecording.script(sets: 1, reps: 1), in: directory)
    let database = try directory.write("broken.sqlite", "not a database\n")
    let run = try Hipform.run(
      ["analyze", recording, "--save", "--db", database, "--pain", "3"],
      in: directory)
    #expect(run.termination == .exited(1))
    #expect(run.standardOutput.contains("bridge"))
    #expect(
      run.standardError.contains(
        "error: the session was not saved in \(database)"))
    #expect(run.standardError.contains("session: \(recording), bridge"))
    #expect(
      run.standardError.contains(
        "hipform sessions add \(recording) --db \(database) --side both "
          + "--exercise bridge --pain 3"), "\(run.standardError)")
  }
}
