import Foundation
import GRDB
import HipCore
import HipReport

/// One session as the history keeps it: a row of table `session`.
///
/// The analysis is stored whole as its contract JSON
/// (`hipform-analysis/1`), so a session stays readable when its recording
/// is gone; the summary columns repeat a few of its numbers for listing
/// and trends.
public struct StoredSession: Codable, Sendable, Equatable, FetchableRecord,
  MutablePersistableRecord
{
  public static let databaseTableName = "session"

  /// Row id; `nil` until inserted.
  public var id: Int64?
  /// When the session was added to the history (ISO 8601, UTC).
  public var addedAt: String
  /// When it was recorded: the recording header's `started`, if any.
  public var startedAt: String?
  public var exercise: String
  public var side: String
  /// Absolute path of the recording when it was added.
  public var recordingPath: String
  /// SHA-256 of the recording file's bytes, lowercase hex.
  public var recordingSHA256: String
  /// The contract JSON of the analysis.
  public var analysis: String
  /// Pain rating after the session, 0-10.
  public var pain: Int?
  public var note: String?
  /// Full reps (schema v2).
  public var fullReps: Int
  /// Mean range of motion of the full reps, degrees (schema v2).
  public var meanRomDegrees: Double?
  /// Mean hold, s: at the top of reps, or of holds for a hold exercise
  /// (schema v2).
  public var meanHoldSeconds: Double?
  /// Left minus right mean level change, degrees (schema v2).
  public var levelDifferenceDegrees: Double?
  /// Range-of-motion symmetry index, % (schema v2).
  public var romSymmetryPercent: Double?

  public init(
    id: Int64? = nil, addedAt: String, startedAt: String?, exercise: String,
    side: String, recordingPath: String, recordingSHA256: String,
    analysis: String, pain: Int?, note: String?
  ) {
    self.id = id
    self.addedAt = addedAt
    self.startedAt = startedAt
    self.exercise = exercise
    self.side = side
    self.recordingPath = recordingPath
    self.recordingSHA256 = recordingSHA256
    self.analysis = analysis
    self.pain = pain
    self.note = note
    let summary = (try? AnalysisDocument(jsonText: analysis)).map(Summary.init)
    fullReps = summary?.fullReps ?? 0
    meanRomDegrees = summary?.meanRomDegrees
    meanHoldSeconds = summary?.meanHoldSeconds
    levelDifferenceDegrees = summary?.levelDifferenceDegrees
    romSymmetryPercent = summary?.romSymmetryPercent
  }

  public mutating func didInsert(_ inserted: InsertionSuccess) {
    id = inserted.rowID
  }

  /// The stored analysis, decoded.
  ///
  /// - Returns: The contract document.
  /// - Throws: `DecodingError` when the stored JSON is not one.
  public func document() throws -> AnalysisDocument {
    try AnalysisDocument(jsonText: analysis)
  }

  /// A walking session's steps, rhythm, step times and pelvic drop, from
  /// its stored analysis; `nil` for the other exercises (and for a
  /// walking session that found no walk).
  ///
  /// Read from the analysis rather than kept in columns of its own: a
  /// listing of a few hundred sessions decodes them quickly, and the
  /// schema stays as it is.
  public var gait: GaitSummary? {
    guard exercise == Exercise.walking.rawValue else { return nil }
    return (try? document())?.analysis.gait.map(Rounding.gait)
  }

  /// The session's date: when it was recorded, else when it was added,
  /// as seconds since 1970.
  public var date: Double {
    startedAt.flatMap(ISODate.parse) ?? ISODate.parse(addedAt) ?? 0
  }

  /// The summary columns, from an analysis.
  struct Summary {
    var fullReps: Int
    var meanRomDegrees: Double?
    var meanHoldSeconds: Double?
    var levelDifferenceDegrees: Double?
    var romSymmetryPercent: Double?

    init(_ document: AnalysisDocument) {
      // A trend of hips level or not: never a thigh's own level.
      let analysis = document.pelvisSafeAnalysis
      let full = analysis.reps.filter { !$0.partial }.map(Rounding.rep)
      fullReps = full.count
      meanRomDegrees = Statistics.mean(full.map(\.romDegrees)).map(
        Rounding.angle)
      let isHold =
        Exercise(rawValue: analysis.exercise)?.profile.isHold ?? false
      let holds =
        isHold || full.isEmpty
        ? analysis.holds.map(\.durationSeconds) : full.map(\.holdSeconds)
      meanHoldSeconds = Statistics.mean(holds).map(Rounding.time)
      levelDifferenceDegrees = analysis.asymmetry?.levelChangeDifferenceDegrees
        .map(Rounding.angle)
      romSymmetryPercent = analysis.asymmetry?.romSymmetryIndexPercent.map(
        Rounding.angle)
    }
  }
}
