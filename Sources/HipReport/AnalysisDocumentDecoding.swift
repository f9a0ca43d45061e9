import Foundation
import HipCore

extension AnalysisDocument.RecordingSummary: Decodable {
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      durationSeconds: try c.decode(Double.self, forKey: .durationSeconds),
      rateHz: try c.decode(Double.self, forKey: .rateHz),
      samples: try c.decode(Int.self, forKey: .samples),
      invalidSamples: try c.decode(Int.self, forKey: .invalidSamples),
      gaps: try c.decode(Int.self, forKey: .gaps),
      hasGyro: try c.decode(Bool.self, forKey: .hasGyro))
  }
}

extension AnalysisDocument: Decodable {
  /// The format this decoder reads.
  public static let formatName = "hipform-analysis/1"

  /// Reads a document back, as the session history stores it.
  ///
  /// - Parameter decoder: A decoder over `hipform-analysis/1` JSON.
  /// - Throws: `DecodingError` when a key is missing or the format is not
  ///   `hipform-analysis/1`.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let format = try c.decode(String.self, forKey: .format)
    guard format == Self.formatName else {
      throw DecodingError.dataCorruptedError(
        forKey: .format, in: c,
        debugDescription: "Not \(Self.formatName): \(format)")
    }
    var analysis = SessionAnalysis(
      exercise: try c.decode(String.self, forKey: .exercise),
      reps: try c.decode([Rep].self, forKey: .reps),
      holds: try c.decode([Hold].self, forKey: .holds),
      sets: try c.decode([ExerciseSet].self, forKey: .sets),
      asymmetry: try c.decodeIfPresent(Asymmetry.self, forKey: .asymmetry),
      // Absent from documents saved before it was added.
      ignoredMovements: try c.decodeIfPresent(
        [IgnoredMovementEntry].self, forKey: .ignoredMovements
      )?.compactMap(\.movement) ?? [])
    analysis.steps = try c.decodeIfPresent([Step].self, forKey: .steps) ?? []
    analysis.walkingBouts =
      try c.decodeIfPresent([WalkingBoutEntry].self, forKey: .walkingBouts)?
      .map(\.bout) ?? []
    analysis.gait = try c.decodeIfPresent(GaitSummary.self, forKey: .gait)
    self.init(
      recording: try c.decode(RecordingSummary.self, forKey: .recording),
      analysis: analysis,
      side: try c.decodeIfPresent(Side.self, forKey: .side) ?? .both,
      placement: try c.decodeIfPresent(String.self, forKey: .placement))
  }

  /// Reads a document from its JSON text.
  ///
  /// - Parameter jsonText: What ``jsonText()`` wrote.
  /// - Throws: `DecodingError` when the text is not such a document.
  public init(jsonText: String) throws {
    self = try JSONDecoder().decode(
      AnalysisDocument.self, from: Data(jsonText.utf8))
  }
}
