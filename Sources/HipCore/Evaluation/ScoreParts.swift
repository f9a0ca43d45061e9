/// Reps found and missed, and precision, recall and F1 over full reps.
///
/// A partial rep (`partial: true`) is not a rep (`recording-format.md`), so
/// only full reps count here: a detected full rep paired with a true full
/// rep is a true positive; every other detected full rep is a false
/// positive (also one paired with a true partial rep: a partial counted as
/// full); every other true full rep is a false negative (also one whose
/// partner the analysis flagged partial).
///
/// A ratio whose denominator is zero is 1 when there is nothing wrong at
/// all (no false positive, no false negative: nothing to find and nothing
/// found) and 0 otherwise, so each ratio is 1 exactly for a perfect result
/// and an analysis that finds nothing in a recording with reps scores 0.
public struct RepCounts: Sendable, Equatable {
  public var trueFull: Int
  public var truePartial: Int
  public var detectedFull: Int
  public var detectedPartial: Int
  /// True full reps paired with a detected full rep.
  public var truePositives: Int

  public init(
    trueFull: Int, truePartial: Int, detectedFull: Int, detectedPartial: Int,
    truePositives: Int
  ) {
    self.trueFull = trueFull
    self.truePartial = truePartial
    self.detectedFull = detectedFull
    self.detectedPartial = detectedPartial
    self.truePositives = truePositives
  }

  /// The counts of several recordings added up.
  public init(pooling parts: [RepCounts]) {
    self.init(
      trueFull: parts.map(\.trueFull).reduce(0, +),
      truePartial: parts.map(\.truePartial).reduce(0, +),
      detectedFull: parts.map(\.detectedFull).reduce(0, +),
      detectedPartial: parts.map(\.detectedPartial).reduce(0, +),
      truePositives: parts.map(\.truePositives).reduce(0, +))
  }

  /// Detected full reps without a true full partner.
  public var falsePositives: Int { detectedFull - truePositives }
  /// True full reps without a detected full partner.
  public var falseNegatives: Int { trueFull - truePositives }

  /// Share of detected full reps that are true full reps.
  public var precision: Double {
    ratio(truePositives, truePositives + falsePositives)
  }

  /// Share of true full reps that were detected as full reps.
  public var recall: Double {
    ratio(truePositives, truePositives + falseNegatives)
  }

  /// `2 TP / (2 TP + FP + FN)`: the harmonic mean of precision and recall.
  public var f1: Double {
    ratio(
      2 * truePositives, 2 * truePositives + falsePositives + falseNegatives)
  }

  private func ratio(_ numerator: Int, _ denominator: Int) -> Double {
    guard denominator > 0 else {
      return falsePositives == 0 && falseNegatives == 0 ? 1 : 0
    }
    return Double(numerator) / Double(denominator)
  }
}

extension RepCounts: Encodable {
  enum CodingKeys: String, CodingKey {
    case trueFull = "true_full"
    case truePartial = "true_partial"
    case detectedFull = "detected_full"
    case detectedPartial = "detected_partial"
    case truePositives = "true_positives"
    case falsePositives = "false_positives"
    case falseNegatives = "false_negatives"
    case precision, recall, f1
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(trueFull, forKey: .trueFull)
    try c.encode(truePartial, forKey: .truePartial)
    try c.encode(detectedFull, forKey: .detectedFull)
    try c.encode(detectedPartial, forKey: .detectedPartial)
    try c.encode(truePositives, forKey: .truePositives)
    try c.encode(falsePositives, forKey: .falsePositives)
    try c.encode(falseNegatives, forKey: .falseNegatives)
    try c.encode(precision, forKey: .precision)
    try c.encode(recall, forKey: .recall)
    try c.encode(f1, forKey: .f1)
  }
}

/// One true set: its full reps against the detected full reps in it.
public struct SetCount: Sendable, Equatable {
  public var startSeconds: Double
  public var endSeconds: Double
  /// True full reps whose peak lies in the set.
  public var trueReps: Int
  /// Detected full reps whose peak lies in the set.
  public var detectedReps: Int
  /// The labels list no set, so one was assumed over every rep.
  public var implicit: Bool

  public init(
    startSeconds: Double, endSeconds: Double, trueReps: Int,
    detectedReps: Int, implicit: Bool = false
  ) {
    self.startSeconds = startSeconds
    self.endSeconds = endSeconds
    self.trueReps = trueReps
    self.detectedReps = detectedReps
    self.implicit = implicit
  }

  /// Detected minus true.
  public var countError: Int { detectedReps - trueReps }
  public var isExact: Bool { countError == 0 }
}

extension SetCount: Encodable {
  enum CodingKeys: String, CodingKey {
    case startSeconds = "start_s"
    case endSeconds = "end_s"
    case trueReps = "true_reps"
    case detectedReps = "detected_reps"
    case implicit
  }
}

/// Rep counts set by set, against the true sets.
///
/// Sets come from the labels, not from the analysis: a set is counted
/// right when the analysis finds exactly its number of full reps inside
/// it, however it splits the session into sets itself.
public struct SetScore: Sendable, Equatable {
  public var sets: [SetCount]
  /// Sets the analysis reported (for reading, not scored).
  public var detectedSets: Int
  /// Detected full reps whose peak lies in no true set.
  public var detectedRepsOutsideSets: Int

  public init(
    sets: [SetCount], detectedSets: Int, detectedRepsOutsideSets: Int
  ) {
    self.sets = sets
    self.detectedSets = detectedSets
    self.detectedRepsOutsideSets = detectedRepsOutsideSets
  }

  /// The sets of several recordings together.
  public init(pooling parts: [SetScore]) {
    self.init(
      sets: parts.flatMap(\.sets),
      detectedSets: parts.map(\.detectedSets).reduce(0, +),
      detectedRepsOutsideSets: parts.map(\.detectedRepsOutsideSets).reduce(
        0, +))
  }

  /// True sets whose rep count the analysis got exactly right.
  public var exact: Int { sets.filter(\.isExact).count }

  /// `exact / sets.count`; `nil` without a true set.
  public var exactShare: Double? {
    sets.isEmpty ? nil : Double(exact) / Double(sets.count)
  }

  /// Sum over sets of `|detected - true|`.
  public var absoluteCountError: Int {
    sets.map { abs($0.countError) }.reduce(0, +)
  }

  /// Sum over sets of `detected - true` (negative: reps missed).
  public var signedCountError: Int { sets.map(\.countError).reduce(0, +) }
}

extension SetScore: Encodable {
  enum CodingKeys: String, CodingKey {
    case sets, exact
    case total
    case exactShare = "exact_share"
    case absoluteCountError = "count_error_abs"
    case signedCountError = "count_error_signed"
    case detectedSets = "detected_sets"
    case detectedRepsOutsideSets = "detected_reps_outside_sets"
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(sets, forKey: .sets)
    try c.encode(sets.count, forKey: .total)
    try c.encode(exact, forKey: .exact)
    try c.encode(exactShare, forKey: .exactShare)
    try c.encode(absoluteCountError, forKey: .absoluteCountError)
    try c.encode(signedCountError, forKey: .signedCountError)
    try c.encode(detectedSets, forKey: .detectedSets)
    try c.encode(detectedRepsOutsideSets, forKey: .detectedRepsOutsideSets)
  }
}

/// Timing errors of paired reps, seconds, detected minus true.
public struct TimingErrors: Sendable, Equatable, Encodable {
  public var start: ErrorStatistics
  public var peak: ErrorStatistics
  public var end: ErrorStatistics

  public init(
    start: ErrorStatistics = ErrorStatistics(),
    peak: ErrorStatistics = ErrorStatistics(),
    end: ErrorStatistics = ErrorStatistics()
  ) {
    self.start = start
    self.peak = peak
    self.end = end
  }

  public init(pooling parts: [TimingErrors]) {
    self.init(
      start: ErrorStatistics(pooling: parts.map(\.start)),
      peak: ErrorStatistics(pooling: parts.map(\.peak)),
      end: ErrorStatistics(pooling: parts.map(\.end)))
  }
}

/// Holds outside reps (stretches, long static positions), true against
/// detected.
///
/// A true and a detected hold pair when they overlap in time; pairs are
/// chosen one-to-one, the longest overlap first.
public struct HoldScore: Sendable, Equatable {
  public var trueHolds: Int
  public var detectedHolds: Int
  public var matched: Int
  /// Duration of paired holds, seconds, detected minus true.
  public var duration: ErrorStatistics

  public init(
    trueHolds: Int, detectedHolds: Int, matched: Int,
    duration: ErrorStatistics
  ) {
    self.trueHolds = trueHolds
    self.detectedHolds = detectedHolds
    self.matched = matched
    self.duration = duration
  }

  public init(pooling parts: [HoldScore]) {
    self.init(
      trueHolds: parts.map(\.trueHolds).reduce(0, +),
      detectedHolds: parts.map(\.detectedHolds).reduce(0, +),
      matched: parts.map(\.matched).reduce(0, +),
      duration: ErrorStatistics(pooling: parts.map(\.duration)))
  }

  /// True holds the analysis did not find.
  public var missed: Int { trueHolds - matched }
  /// Detected holds with no true hold under them.
  public var spurious: Int { detectedHolds - matched }
}

extension HoldScore: Encodable {
  enum CodingKeys: String, CodingKey {
    case trueHolds = "true"
    case detectedHolds = "detected"
    case matched, missed, spurious
    case duration = "duration_s"
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(trueHolds, forKey: .trueHolds)
    try c.encode(detectedHolds, forKey: .detectedHolds)
    try c.encode(matched, forKey: .matched)
    try c.encode(missed, forKey: .missed)
    try c.encode(spurious, forKey: .spurious)
    try c.encode(duration, forKey: .duration)
  }
}

/// The session's left-minus-right `level_change_deg` difference, from the
/// true reps against the analysis's `asymmetry`.
public struct LeftRightComparison: Sendable, Equatable {
  /// From the true full reps of each side; `nil` without both sides.
  public var trueDifferenceDegrees: Double?
  /// What the analysis reported in `asymmetry`.
  public var detectedDifferenceDegrees: Double?
  /// The labels give `level_change_deg`; without it there is no truth to
  /// compare with, and nothing the analysis reports is wrong or missing.
  public var isLabelled: Bool

  public init(
    trueDifferenceDegrees: Double?, detectedDifferenceDegrees: Double?,
    isLabelled: Bool = true
  ) {
    self.trueDifferenceDegrees = trueDifferenceDegrees
    self.detectedDifferenceDegrees = detectedDifferenceDegrees
    self.isLabelled = isLabelled
  }

  /// Detected minus true, where both are defined.
  public var errorDegrees: Double? {
    guard let trueDifferenceDegrees, let detectedDifferenceDegrees else {
      return nil
    }
    return detectedDifferenceDegrees - trueDifferenceDegrees
  }

  /// The truth has a difference and the analysis reported none.
  public var isMissing: Bool {
    trueDifferenceDegrees != nil && detectedDifferenceDegrees == nil
  }

  /// The analysis reported a difference the truth does not have.
  public var isSpurious: Bool {
    isLabelled && trueDifferenceDegrees == nil
      && detectedDifferenceDegrees != nil
  }
}

extension LeftRightComparison: Encodable {
  enum CodingKeys: String, CodingKey {
    case trueDifferenceDegrees = "true_difference_deg"
    case detectedDifferenceDegrees = "detected_difference_deg"
    case errorDegrees = "error_deg"
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(trueDifferenceDegrees, forKey: .trueDifferenceDegrees)
    try c.encode(detectedDifferenceDegrees, forKey: .detectedDifferenceDegrees)
    try c.encode(errorDegrees, forKey: .errorDegrees)
  }
}

/// Left-right differences over several recordings.
public struct LeftRightSummary: Sendable, Equatable {
  /// One error per recording where both sides have a difference.
  public var error: ErrorStatistics
  /// Recordings whose truth has a difference the analysis did not report.
  public var missing: Int
  /// Recordings where the analysis reported a difference the truth lacks.
  public var spurious: Int

  public init(_ comparisons: [LeftRightComparison]) {
    error = ErrorStatistics(comparisons.compactMap(\.errorDegrees))
    missing = comparisons.filter(\.isMissing).count
    spurious = comparisons.filter(\.isSpurious).count
  }
}

extension LeftRightSummary: Encodable {
  enum CodingKeys: String, CodingKey {
    case error = "error_deg"
    case missing, spurious
  }
}

/// Whether paired reps agree on the working leg.
///
/// Only alternating sets are scored for agreement: elsewhere the side is
/// given, not inferred, and counting it would dilute the share. Any
/// disagreement at all is still counted in `mismatchedAnywhere`.
public struct SideScore: Sendable, Equatable {
  /// Paired reps in alternating recordings.
  public var compared: Int
  /// Of those, pairs whose `side` agrees.
  public var agreeing: Int
  /// Paired reps, in any recording, whose `side` disagrees.
  public var mismatchedAnywhere: Int

  public init(compared: Int, agreeing: Int, mismatchedAnywhere: Int) {
    self.compared = compared
    self.agreeing = agreeing
    self.mismatchedAnywhere = mismatchedAnywhere
  }

  public init(pooling parts: [SideScore]) {
    self.init(
      compared: parts.map(\.compared).reduce(0, +),
      agreeing: parts.map(\.agreeing).reduce(0, +),
      mismatchedAnywhere: parts.map(\.mismatchedAnywhere).reduce(0, +))
  }

  /// `agreeing / compared`; `nil` with nothing to compare.
  public var agreement: Double? {
    compared == 0 ? nil : Double(agreeing) / Double(compared)
  }
}

extension SideScore: Encodable {
  enum CodingKeys: String, CodingKey {
    case compared, agreeing, agreement
    case mismatchedAnywhere = "mismatched_anywhere"
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(compared, forKey: .compared)
    try c.encode(agreeing, forKey: .agreeing)
    try c.encode(agreement, forKey: .agreement)
    try c.encode(mismatchedAnywhere, forKey: .mismatchedAnywhere)
  }
}

/// How partial reps were told from full ones.
public struct PartialScore: Sendable, Equatable {
  /// True partial reps paired with a detected rep marked full.
  public var partialCountedAsFull: Int
  /// True full reps paired with a detected rep marked partial.
  public var fullFlaggedPartial: Int
  /// True partial reps paired with a detected partial rep.
  public var partialAgreed: Int
  /// True partial reps with no detected rep at all.
  public var partialMissed: Int
  /// Detected partial reps with no true rep at all.
  public var partialSpurious: Int

  public init(
    partialCountedAsFull: Int, fullFlaggedPartial: Int, partialAgreed: Int,
    partialMissed: Int, partialSpurious: Int
  ) {
    self.partialCountedAsFull = partialCountedAsFull
    self.fullFlaggedPartial = fullFlaggedPartial
    self.partialAgreed = partialAgreed
    self.partialMissed = partialMissed
    self.partialSpurious = partialSpurious
  }

  public init(pooling parts: [PartialScore]) {
    self.init(
      partialCountedAsFull: parts.map(\.partialCountedAsFull).reduce(0, +),
      fullFlaggedPartial: parts.map(\.fullFlaggedPartial).reduce(0, +),
      partialAgreed: parts.map(\.partialAgreed).reduce(0, +),
      partialMissed: parts.map(\.partialMissed).reduce(0, +),
      partialSpurious: parts.map(\.partialSpurious).reduce(0, +))
  }
}

extension PartialScore: Encodable {
  enum CodingKeys: String, CodingKey {
    case partialCountedAsFull = "partial_counted_as_full"
    case fullFlaggedPartial = "full_flagged_partial"
    case partialAgreed = "partial_agreed"
    case partialMissed = "partial_missed"
    case partialSpurious = "partial_spurious"
  }
}

/// Which of a rep's measured fields the labels give: a field no true rep
/// labels is not scored, and says so rather than "none paired".
public struct LabelledFields: Sendable, Equatable {
  public var rom: Bool
  public var hold: Bool
  public var levelChange: Bool

  public init(rom: Bool, hold: Bool, levelChange: Bool) {
    self.rom = rom
    self.hold = hold
    self.levelChange = levelChange
  }

  /// The fields that at least one of `reps` labels.
  public init(reps: [LabelledRep]) {
    self.init(
      rom: reps.contains { $0.romDegrees != nil },
      hold: reps.contains { $0.holdSeconds != nil },
      levelChange: reps.contains { $0.levelChange != nil })
  }

  /// The fields that at least one of `parts` labels.
  public init(pooling parts: [LabelledFields]) {
    self.init(
      rom: parts.contains(where: \.rom), hold: parts.contains(where: \.hold),
      levelChange: parts.contains(where: \.levelChange))
  }

  /// The labels' names of the fields not labelled, in the contract's order.
  public var unlabelledNames: [String] {
    [("rom_deg", rom), ("level_change_deg", levelChange), ("hold_s", hold)]
      .filter { !$0.1 }.map(\.0)
  }
}
