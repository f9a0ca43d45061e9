import Foundation
import GRDB
import HipCore
import HipRecording
import HipReport

/// The session history: one SQLite file, every analysed session kept.
///
/// The schema is versioned with GRDB's `DatabaseMigrator` (``migrator``):
/// opening a history made by an older hipform upgrades it in place, and
/// one made by a newer hipform is refused rather than misread.
///
/// - `v1`: table `session` (id, addedAt, startedAt, exercise, side,
///   recordingPath, recordingSHA256, analysis JSON, pain 0-10, note).
/// - `v2-summary`: summary columns (fullReps, meanRomDegrees,
///   meanHoldSeconds, levelDifferenceDegrees, romSymmetryPercent) filled
///   from each row's stored analysis, and an index on
///   (exercise, startedAt).
///
/// Several processes may use one history at once: it is in WAL mode, so
/// reading never waits for a writer, and a writer waits up to
/// ``busyTimeout`` for another to finish rather than failing.
public struct History: Sendable {
  /// How long a write waits for another process's write to end.
  public static let busyTimeout: TimeInterval = 10

  /// Why a history cannot be opened or a session saved.
  public struct Failure: Error, CustomStringConvertible {
    public var description: String
  }

  /// Where the database file is.
  public let path: String
  private let queue: DatabasePool

  /// Opens (creating if needed) the history at `path` and brings its
  /// schema up to date.
  ///
  /// - Parameter path: The database file; its folder is created.
  /// - Throws: ``Failure`` for a history from a newer hipform;
  ///   `DatabaseError` when SQLite cannot open or migrate it.
  public init(path: String) throws {
    self.path = path
    let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
    try FileManager.default.createDirectory(
      atPath: folder, withIntermediateDirectories: true)
    var configuration = Configuration()
    configuration.busyMode = .timeout(Self.busyTimeout)
    queue = try DatabasePool(path: path, configuration: configuration)
    try Self.migrate(queue, path: path)
  }

  /// Brings the schema up to date, when other processes may be doing the
  /// same.
  ///
  /// GRDB's migrator reads which migrations are applied, then runs each
  /// in a transaction of its own, so two processes opening a new history
  /// together can both start one (one then fails: "table session already
  /// exists", "no such table: grdb_migrations"). Each such failure means
  /// another process committed a migration, so trying again, a bounded
  /// number of times, ends with every migration applied once.
  private static func migrate(_ pool: DatabasePool, path: String) throws {
    let attempts = migrator.migrations.count + 2
    for attempt in 1...attempts {
      do {
        let superseded = try pool.read { try migrator.hasBeenSuperseded($0) }
        if superseded {
          throw Failure(
            description:
              "\(path) was written by a newer hipform; update hipform to open it."
          )
        }
        try migrator.migrate(pool)
        return
      } catch is DatabaseError where attempt < attempts {
        // Another process got there first: look again.
        continue
      }
    }
  }

  /// The default history file: `$XDG_DATA_HOME/hipform/history.sqlite`,
  /// or `~/.local/share/hipform/history.sqlite`.
  ///
  /// - Parameter environment: The process environment.
  /// - Returns: The path.
  public static func defaultPath(
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> String {
    if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") {
      return data + "/hipform/history.sqlite"
    }
    let home = environment["HOME"] ?? NSHomeDirectory()
    return home + "/.local/share/hipform/history.sqlite"
  }

  /// The schema's migrations, oldest first.
  public static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1") { db in
      try db.create(table: "session") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("addedAt", .text).notNull()
        t.column("startedAt", .text)
        t.column("exercise", .text).notNull()
        t.column("side", .text).notNull()
        t.column("recordingPath", .text).notNull()
        t.column("recordingSHA256", .text).notNull()
        t.column("analysis", .text).notNull()
        t.column("pain", .integer).check { $0 >= 0 && $0 <= 10 }
        t.column("note", .text)
      }
    }
    migrator.registerMigration("v2-summary") { db in
      try db.alter(table: "session") { t in
        t.add(column: "fullReps", .integer).notNull().defaults(to: 0)
        t.add(column: "meanRomDegrees", .double)
        t.add(column: "meanHoldSeconds", .double)
        t.add(column: "levelDifferenceDegrees", .double)
        t.add(column: "romSymmetryPercent", .double)
      }
      try db.create(
        index: "session_on_exercise_startedAt", on: "session",
        columns: ["exercise", "startedAt"])
      let rows = try Row.fetchAll(db, sql: "SELECT id, analysis FROM session")
      for row in rows {
        let json: String = row["analysis"]
        // A row whose analysis cannot be read keeps empty summaries: it is
        // never dropped.
        guard let document = try? AnalysisDocument(jsonText: json) else {
          continue
        }
        let s = StoredSession.Summary(document)
        try db.execute(
          sql: """
            UPDATE session SET fullReps = ?, meanRomDegrees = ?,
              meanHoldSeconds = ?, levelDifferenceDegrees = ?,
              romSymmetryPercent = ?
            WHERE id = ?
            """,
          arguments: [
            s.fullReps, s.meanRomDegrees, s.meanHoldSeconds,
            s.levelDifferenceDegrees, s.romSymmetryPercent,
            row["id"] as Int64,
          ])
      }
    }
    return migrator
  }

  /// The migrations applied to this history, oldest first.
  ///
  /// - Returns: Migration identifiers.
  /// - Throws: `DatabaseError` on a read failure.
  public func appliedMigrations() throws -> [String] {
    try queue.read { try Self.migrator.appliedMigrations($0) }
  }

  /// Saves a session.
  ///
  /// - Parameter session: The session; its `id` is ignored.
  /// - Returns: The session with its new id.
  /// - Throws: `DatabaseError` when it cannot be written (a pain rating
  ///   outside 0-10 breaks a constraint).
  @discardableResult
  public func add(_ session: StoredSession) throws -> StoredSession {
    var row = session
    row.id = nil
    return try queue.write { db in
      try row.insert(db)
      return row
    }
  }

  /// Saves an analysed recording with the person's rating and note.
  ///
  /// - Parameters:
  ///   - recording: The analysed recording.
  ///   - pain: Pain rating 0-10, if given.
  ///   - note: A note, if given.
  ///   - now: The time it is added.
  /// - Returns: The stored session, with its id.
  /// - Throws: ``Failure`` when the recording cannot be read for its
  ///   checksum; `DatabaseError` when it cannot be written.
  @discardableResult
  public func add(
    _ recording: AnalyzedRecording, pain: Int?, note: String?,
    now: Date = Date()
  ) throws -> StoredSession {
    let path = Self.absolutePath(recording.path)
    guard let checksum = Self.checksum(ofFileAt: path) else {
      throw Failure(description: "cannot read \(path) for its checksum")
    }
    let session = StoredSession(
      addedAt: ISODate.text(now),
      // Only a date is a session's date: any other text (`=1+1`) is not.
      startedAt: recording.header["started"].flatMap {
        ISODate.parse($0) == nil ? nil : $0
      },
      exercise: recording.analysis.exercise,
      side: recording.configuration.side.rawValue, recordingPath: path,
      recordingSHA256: checksum,
      analysis: try recording.analysisDocument.jsonText(), pain: pain,
      note: note)
    return try add(session)
  }

  /// Every session, oldest first (by recording date, then id).
  ///
  /// - Parameter exercise: Only this exercise's sessions, if given.
  /// - Returns: The sessions.
  /// - Throws: `DatabaseError` on a read failure.
  public func sessions(exercise: String? = nil) throws -> [StoredSession] {
    let all = try queue.read { db in
      var request = StoredSession.all()
      if let exercise {
        request = request.filter(Column("exercise") == exercise)
      }
      return try request.order(Column("id")).fetchAll(db)
    }
    return all.sorted { ($0.date, $0.id ?? 0) < ($1.date, $1.id ?? 0) }
  }

  /// The sessions already saved from the same recording (the same bytes,
  /// by checksum), oldest first.
  ///
  /// - Parameter recording: The analysed recording.
  /// - Returns: The sessions; empty when it was never saved, or when it
  ///   cannot be read for its checksum.
  /// - Throws: `DatabaseError` on a read failure.
  public func sessions(savedFrom recording: AnalyzedRecording) throws
    -> [StoredSession]
  {
    guard
      let checksum = Self.checksum(ofFileAt: Self.absolutePath(recording.path))
    else { return [] }
    return try queue.read { db in
      try StoredSession.filter(Column("recordingSHA256") == checksum)
        .order(Column("id")).fetchAll(db)
    }
  }

  /// Deletes a session.
  ///
  /// - Parameter id: Its id.
  /// - Returns: Whether there was one to delete.
  /// - Throws: `DatabaseError` when it cannot be written.
  @discardableResult
  public func delete(id: Int64) throws -> Bool {
    try queue.write { try StoredSession.deleteOne($0, key: id) }
  }

  /// Corrects a session's pain rating or note; `nil` leaves one as it is.
  ///
  /// - Parameters:
  ///   - id: The session's id.
  ///   - pain: The new rating, 0-10.
  ///   - note: The new note; an empty one removes it.
  /// - Returns: The session as it is now, or `nil` when there is none.
  /// - Throws: `DatabaseError` when it cannot be written (a rating outside
  ///   0-10 breaks a constraint).
  @discardableResult
  public func edit(id: Int64, pain: Int? = nil, note: String? = nil) throws
    -> StoredSession?
  {
    try queue.write { db in
      guard var session = try StoredSession.fetchOne(db, key: id) else {
        return nil
      }
      if let pain { session.pain = pain }
      if let note { session.note = note.isEmpty ? nil : note }
      try session.update(db)
      return session
    }
  }

  /// One session.
  ///
  /// - Parameter id: Its id.
  /// - Returns: The session, or `nil` when there is none with that id.
  /// - Throws: `DatabaseError` on a read failure.
  public func session(id: Int64) throws -> StoredSession? {
    try queue.read { try StoredSession.fetchOne($0, key: id) }
  }

  /// Whether a session's recording is still there and unchanged.
  ///
  /// - Parameter session: The session.
  /// - Returns: ``RecordingState``.
  public static func recordingState(of session: StoredSession)
    -> RecordingState
  {
    guard let checksum = checksum(ofFileAt: session.recordingPath) else {
      return .missing
    }
    return checksum == session.recordingSHA256 ? .present : .changed
  }

  /// The SHA-256 of a file's bytes, or `nil` when it cannot be read.
  ///
  /// - Parameter path: The file.
  /// - Returns: Lowercase hex.
  public static func checksum(ofFileAt path: String) -> String? {
    guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
    defer { try? handle.close() }
    var hash = SHA256()
    do {
      // At the end of the file this is empty, or `nil` on Linux.
      while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
        hash.update([UInt8](chunk))
      }
    } catch {
      return nil
    }
    return hash.finalize().hex
  }

  /// A path made absolute against the working directory.
  ///
  /// - Parameter path: A path.
  /// - Returns: The absolute, standardized path.
  public static func absolutePath(_ path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.path
  }
}

/// What became of a session's recording since it was saved.
public enum RecordingState: String, Sendable {
  /// There, with the same checksum.
  case present
  /// No file at the saved path.
  case missing
  /// A file is there, but not the same bytes.
  case changed
}
