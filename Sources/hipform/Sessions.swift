import ArgumentParser
import Foundation
import HipCore
import HipHistory
import HipRecording
import HipReport

/// `--db PATH`: which history file to use.
struct HistoryLocation: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "The session history (SQLite).",
      discussion:
        "Default: $XDG_DATA_HOME/hipform/history.sqlite, or "
        + "~/.local/share/hipform/history.sqlite.",
      valueName: "path"))
  var db: String?

  /// Opens the history, or fails with a message on standard error.
  func open() throws -> History {
    let path = db ?? History.defaultPath()
    return try historyFailing { try History(path: path) }
  }

  /// Opens the history to read it, never creating one: `nil`, after
  /// saying so, when nothing was saved yet; an error for a `--db` that
  /// does not exist (a mistyped path).
  func openToRead() throws -> History? {
    let path = db ?? History.defaultPath()
    guard FileManager.default.fileExists(atPath: path) else {
      if db != nil {
        printError(
          "error: no session history at \(path): check --db (sessions are "
            + "kept where 'hipform analyze FILE --save' put them)")
        throw ExitCode.failure
      }
      printError(
        "no sessions saved yet (\(path)): save one with 'hipform analyze "
          + "FILE --save' or 'hipform sessions add FILE'")
      return nil
    }
    return try open()
  }

  /// The saved session `id` and its history, or a failure that says there
  /// is none (`sessions show`, `edit` and `delete`).
  func openSession(_ id: Int64) throws -> (History, StoredSession) {
    guard let history = try openToRead() else { throw ExitCode.failure }
    guard let session = try historyFailing({ try history.session(id: id) })
    else {
      printError("error: no session \(id) in \(history.path)")
      throw ExitCode.failure
    }
    return (history, session)
  }
}

/// What a person adds to a saved session: a pain rating and a note.
struct SessionAnnotation: ParsableArguments {
  @Option(
    parsing: .unconditional,
    help: "Pain rating after the session, 0 (none) to 10.")
  var pain: Int?

  @Option(help: "A note kept with the session.")
  var note: String?

  func validate() throws {
    if let pain, !(0...10).contains(pain) {
      throw ValidationError(
        "--pain takes a rating from 0 (none) to 10 (the worst), not \(pain).")
    }
  }
}

/// `analyze --save`: the history options `analyze` takes.
struct SaveOptions: ParsableArguments {
  @Flag(help: "Keep the session in the history (see 'hipform sessions').")
  var save = false

  @Flag(help: "Save it even if this recording is saved already.")
  var again = false

  @OptionGroup var annotation: SessionAnnotation
  @OptionGroup var location: HistoryLocation

  func validate() throws {
    if !save, annotation.pain != nil || annotation.note != nil || again {
      throw ValidationError("--pain, --note and --again go with --save.")
    }
  }

  /// Saves the analysed recording when `--save` was given.
  func saveIfAsked(_ recording: AnalyzedRecording) throws {
    guard save else { return }
    try saveSession(
      recording, annotation: annotation, location: location, again: again)
  }
}

/// Saves a session and says so on standard error.
///
/// The analysis has been printed by then, so a failed save must not look
/// like a lost session: the message names the database and the session,
/// and gives the command that saves it again.
func saveSession(
  _ recording: AnalyzedRecording, annotation: SessionAnnotation,
  location: HistoryLocation, again: Bool
) throws {
  let path = location.db ?? History.defaultPath()
  do {
    let history = try History(path: path)
    if !again, let saved = try history.sessions(savedFrom: recording).last {
      // Saving twice would count the session twice in the trend.
      let id = saved.id ?? 0
      printError(
        "not saved: this recording is already session \(id) in "
          + "\(history.path) (saved \(String(saved.addedAt.prefix(16)))"
          + (saved.pain.map { ", pain \($0)" } ?? "") + ").")
      printError(
        "  to correct its pain or note: hipform sessions edit \(id) "
          + "--pain 0-10 --note TEXT\n  to save it once more anyway: "
          + "the same command with --again")
      throw ExitCode.failure
    }
    let stored = try history.add(
      recording, pain: annotation.pain, note: annotation.note)
    printError("saved as session \(stored.id ?? 0) in \(history.path)")
  } catch let exit as ExitCode {
    throw exit
  } catch {
    var again = [
      "hipform", "sessions", "add", History.absolutePath(recording.path),
      "--db", History.absolutePath(path),
      "--side", recording.configuration.side.rawValue,
    ]
    let exercise = recording.analysis.exercise
    if Exercise(rawValue: exercise) != nil {
      again += ["--exercise", exercise]
    }
    if let pain = annotation.pain { again += ["--pain", "\(pain)"] }
    if let note = annotation.note { again += ["--note", note] }
    printError(
      "error: the session was not saved in \(path): "
        + VisibleText.escaped("\(error)"))
    printError(
      "  session: \(VisibleText.escaped(recording.path)), \(exercise), "
        + (exercise == Exercise.walking.rawValue
          ? "\(recording.analysis.gait?.steps ?? 0) steps"
          : "\(recording.analysis.reps.filter { !$0.partial }.count) full reps")
    )
    printError(
      "  the recording is unchanged; save it again with:\n    "
        + again.map(shellQuoted).joined(separator: " "))
    throw ExitCode.failure
  }
}

/// A word as a POSIX shell reads it back unchanged.
func shellQuoted(_ word: String) -> String {
  let plain = word.unicodeScalars.allSatisfy {
    $0.isASCII
      && ("a"..."z" ~= $0 || "A"..."Z" ~= $0 || "0"..."9" ~= $0
        || "-_./=:,+@%".unicodeScalars.contains($0))
  }
  if plain && !word.isEmpty { return word }
  return "'" + VisibleText.escaped(word).replacing("'", with: "'\\''") + "'"
}

/// Turns a history error into the CLI's failure.
func historyFailing<T>(_ body: () throws -> T) throws -> T {
  do {
    return try failing(body)
  } catch let error as ExitCode {
    throw error
  } catch {
    printError("error: \(error)")
    throw ExitCode.failure
  }
}

/// `hipform sessions`: the session history.
struct Sessions: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List, show, add, correct and delete sessions in the history.",
    discussion: """
      Every saved session keeps its recording's path and SHA-256, its
      analysis, a pain rating and a note. A session whose recording has
      gone missing or changed is listed as such, never dropped. Save with
      'hipform sessions add FILE' or 'hipform analyze FILE --save'.
      """,
    subcommands: [List.self, Show.self, Add.self, Edit.self, Delete.self],
    defaultSubcommand: List.self)
}

extension Sessions {
  /// `hipform sessions list`.
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List the saved sessions, oldest first.")

    @Option(help: "Only this exercise's sessions.")
    var exercise: String?

    @OptionGroup var location: HistoryLocation

    mutating func validate() throws {
      try validateExercise(&exercise)
    }

    func run() throws {
      guard let history = try location.openToRead() else { return }
      let sessions = try historyFailing {
        try history.sessions(exercise: exercise)
      }
      guard !sessions.isEmpty else {
        printError("no sessions in \(history.path)")
        return
      }
      print(
        "   id  date        exercise                   reps   range   "
          + "hold  pain  recording  note")
      for s in sessions {
        let date = String((s.startedAt ?? s.addedAt).prefix(10))
        let state = History.recordingState(of: s).rawValue
        let note = VisibleText.escaped(s.note ?? "")
          .replacingOccurrences(of: "\n", with: " ")
        print(
          pad("\(s.id ?? 0)", 5) + "  " + date.padded(10) + "  "
            + VisibleText.escaped(s.exercise).padded(25)
            + (s.exercise == Exercise.walking.rawValue
              ? walkingColumns(s.gait)
              : pad("\(s.fullReps)", 6)
                + pad(
                  s.meanRomDegrees.map { NumberText.fixed($0, 1) + "°" } ?? "",
                  8)
                + pad(
                  s.meanHoldSeconds.map { NumberText.fixed($0, 1) + " s" }
                    ?? "", 7))
            + pad(s.pain.map(String.init) ?? "", 6) + "  "
            + state.padded(9) + "  "
            + (note.count > 40 ? String(note.prefix(39)) + "…" : note))
      }
      if sessions.contains(where: { $0.exercise == Exercise.walking.rawValue })
      {
        print("walking: steps under reps, steps a minute under range")
      }
    }
  }

  /// Steps under reps, steps a minute under range, nothing under hold
  /// (the note under the table says so).
  static func walkingColumns(_ gait: GaitSummary?) -> String {
    pad("\(gait?.steps ?? 0)", 6)
      + pad(gait.map { NumberText.fixed($0.cadence, 0) + "/min" } ?? "", 8)
      + pad("", 7)
  }

  /// `hipform sessions show ID`.
  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show one saved session: its recording and its analysis.")

    @Argument(help: "The session's id (see 'hipform sessions').")
    var id: Int64

    @OptionGroup var location: HistoryLocation

    func run() throws {
      let (_, session) = try location.openSession(id)
      let state = History.recordingState(of: session)
      print("session \(id), added \(session.addedAt)")
      print("recording: " + VisibleText.escaped(session.recordingPath))
      print("sha-256:   \(session.recordingSHA256)")
      switch state {
      case .present: print("           present, unchanged")
      case .missing: print("           MISSING: the file is not there")
      case .changed: print("           CHANGED since saved (checksum differs)")
      }
      print("")
      let report = try historyFailing { try Reports.report(for: session) }
      print(TextReport.render(report), terminator: "")
    }
  }

  /// `hipform sessions add FILE`.
  struct Add: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Analyse a recording and save it in the history.")

    @Argument(help: "A format-v1 recording (.csv).")
    var file: String

    @Option(help: "Exercise id (default: the header's 'exercise').")
    var exercise: String?

    @Option(help: "Working side (default: the header's 'side').")
    var side: Side?

    @OptionGroup var annotation: SessionAnnotation
    @OptionGroup var location: HistoryLocation

    @Flag(help: "Save it even if this recording is saved already.")
    var again = false

    mutating func validate() throws {
      try validateExercise(&exercise)
    }

    func run() throws {
      let recording = try failing {
        try RecordingAnalysis.analyze(
          path: file, exercise: exercise, side: side)
      }
      try saveSession(
        recording, annotation: annotation, location: location, again: again)
    }
  }

  /// `hipform sessions edit ID`.
  struct Edit: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Correct a saved session's pain rating or note.")

    @Argument(help: "The session's id (see 'hipform sessions').")
    var id: Int64

    @OptionGroup var annotation: SessionAnnotation
    @OptionGroup var location: HistoryLocation

    func validate() throws {
      guard annotation.pain != nil || annotation.note != nil else {
        throw ValidationError(
          "Give what to correct: --pain 0-10, --note TEXT (an empty note "
            + "removes it), or both.")
      }
    }

    func run() throws {
      let (history, _) = try location.openSession(id)
      // Gone in between only if another process deleted it.
      guard
        let session = try historyFailing({
          try history.edit(id: id, pain: annotation.pain, note: annotation.note)
        })
      else { throw ExitCode.failure }
      printError(
        "session \(id): pain "
          + (session.pain.map(String.init) ?? "not rated") + ", note "
          + (session.note.map { "\"" + VisibleText.escaped($0) + "\"" }
            ?? "none"))
    }
  }

  /// `hipform sessions delete ID`.
  struct Delete: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Delete a saved session (its recording is left as it is).")

    @Argument(help: "The session's id (see 'hipform sessions').")
    var id: Int64

    @OptionGroup var location: HistoryLocation

    func run() throws {
      let (history, session) = try location.openSession(id)
      _ = try historyFailing { try history.delete(id: id) }
      printError(
        "deleted session \(id) (\(VisibleText.escaped(session.exercise)), "
          + "\(String((session.startedAt ?? session.addedAt).prefix(10)))); "
          + "its recording \(VisibleText.escaped(session.recordingPath)) "
          + "is untouched")
    }
  }
}

/// Takes an exercise id in any case ("Bridge" is `bridge`), or refuses
/// one the catalogue does not know, listing those it does.
func validateExercise(_ exercise: inout String?) throws {
  guard let given = exercise else { return }
  guard let known = Exercise(named: given) else {
    throw ValidationError(
      "Unknown exercise '\(given)'. Known: " + knownExercises)
  }
  exercise = known.rawValue
}

/// The catalogue's exercise ids, for messages.
let knownExercises = Exercise.allCases.map(\.rawValue).joined(separator: ", ")

/// Says when the exercise asked for is not the one the recording's
/// header names: the analysis follows the request, and 0 reps may only
/// mean the wrong exercise.
func noteExerciseChoice(asked: String?, named: String?) {
  if asked == nil, let named, Exercise(named: named) == nil {
    printError(
      "note: the recording's header names the exercise "
        + "'\(VisibleText.escaped(named))', which HipForm does not know: "
        + "reps are counted by movement alone, with no hold target, no form "
        + "cues and no check of the exercise's position. Give the exercise "
        + "with --exercise. Known: " + knownExercises)
    return
  }
  guard let asked, let named, Exercise(named: named)?.rawValue != asked else {
    return
  }
  printError(
    "note: the recording's header says '\(named)'; analysing it as "
      + "'\(asked)', as --exercise asks.")
}

private func pad(_ text: String, _ width: Int) -> String {
  String(repeating: " ", count: Swift.max(0, width - text.count)) + text
}

extension String {
  fileprivate func padded(_ width: Int) -> String {
    self + String(repeating: " ", count: Swift.max(0, width - count))
  }
}
