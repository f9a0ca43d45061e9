/// The scores of many recordings, pooled.
///
/// Counts are added up and errors pooled before any statistic is taken:
/// F1 comes from the total true positives, false positives and false
/// negatives; the share of exact sets is over all sets; medians and means
/// are over all paired reps (or holds, or recordings for the left-right
/// difference). So a recording weighs by how much it holds, and one with a
/// single rep cannot swing the result.
public struct ScoreSummary: Sendable, Equatable {
  /// Recordings scored.
  public var recordings: Int
  public var reps: RepCounts
  /// Paired reps, full or partial.
  public var matchedReps: Int
  public var sets: SetScore
  public var timing: TimingErrors
  public var hold: ErrorStatistics
  public var rom: ErrorStatistics
  public var levelChange: ErrorStatistics
  public var levelChangeNullMismatches: Int
  /// The fields some recording labels; the others are not scored.
  public var labelled: LabelledFields
  /// Recordings whose count of full reps found equals the count labelled.
  public var recordingsCountedExactly: Int
  public var holds: HoldScore
  public var leftRight: LeftRightSummary
  public var side: SideScore
  public var partials: PartialScore

  public init(_ scores: [RecordingScore]) {
    recordings = scores.count
    reps = RepCounts(pooling: scores.map(\.reps))
    matchedReps = scores.map(\.matches.count).reduce(0, +)
    sets = SetScore(pooling: scores.map(\.sets))
    timing = TimingErrors(pooling: scores.map(\.timing))
    hold = ErrorStatistics(pooling: scores.map(\.hold))
    rom = ErrorStatistics(pooling: scores.map(\.rom))
    levelChange = ErrorStatistics(pooling: scores.map(\.levelChange))
    levelChangeNullMismatches = scores.map(\.levelChangeNullMismatches)
      .reduce(0, +)
    labelled = LabelledFields(pooling: scores.map(\.labelled))
    recordingsCountedExactly = scores.filter(\.countIsExact).count
    holds = HoldScore(pooling: scores.map(\.holds))
    leftRight = LeftRightSummary(scores.map(\.leftRight))
    side = SideScore(pooling: scores.map(\.side))
    partials = PartialScore(pooling: scores.map(\.partials))
  }

  /// `recordingsCountedExactly / recordings`; `nil` without a recording.
  public var recordingsCountedExactlyShare: Double? {
    recordings == 0
      ? nil : Double(recordingsCountedExactly) / Double(recordings)
  }

  /// What falls short of `targets`, one sentence each; empty when all are
  /// met.
  ///
  /// A statistic with nothing to measure (no set, no paired rep) is not a
  /// shortfall: whether reps were missed shows in F1 and the set counts.
  /// A `nan` statistic always is.
  public func shortfalls(against targets: ScoreTargets = .default)
    -> [String]
  {
    var found: [String] = []
    func atLeast(_ value: Double?, _ target: Double, _ what: String) {
      guard let value, !(value >= target) else { return }
      found.append("\(what) \(text(value)) < \(text(target))")
    }
    func atMost(_ value: Double?, _ target: Double, _ what: String) {
      guard let value, !(value <= target) else { return }
      found.append("\(what) \(text(value)) > \(text(target))")
    }
    atLeast(sets.exactShare, targets.minimumExactSetShare, "sets exact")
    atLeast(reps.f1, targets.minimumF1, "F1")
    let timingTarget = targets.maximumMedianStartEndErrorSeconds
    atMost(timing.start.medianAbsolute, timingTarget, "start median error s")
    atMost(timing.end.medianAbsolute, timingTarget, "end median error s")
    atMost(
      hold.meanAbsolute, targets.maximumHoldErrorSeconds, "hold_s error s")
    atMost(rom.meanAbsolute, targets.maximumRomErrorDegrees, "ROM error deg")
    atMost(
      levelChange.meanAbsolute, targets.maximumLevelChangeErrorDegrees,
      "level-change error deg")
    atMost(
      leftRight.error.maximumAbsolute, targets.maximumLeftRightErrorDegrees,
      "left-right difference error deg")
    if leftRight.missing > 0 {
      found.append(
        "left-right difference missing in \(leftRight.missing) recordings")
    }
    if leftRight.spurious > 0 {
      found.append(
        "left-right difference reported without a true one in "
          + "\(leftRight.spurious) recordings")
    }
    if partials.partialCountedAsFull > targets.maximumPartialsCountedAsFull {
      found.append(
        "partial reps counted as full \(partials.partialCountedAsFull) > "
          + "\(targets.maximumPartialsCountedAsFull)")
    }
    return found
  }

  /// Three decimals, enough to read a threshold miss.
  private func text(_ value: Double) -> String {
    Self.text(value, decimals: 3)
  }

  /// `value` rounded to `decimals` places, in Swift's shortest form.
  static func text(_ value: Double, decimals: Int) -> String {
    guard value.isFinite else { return "\(value)" }
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    return "\((value * scale).rounded() / scale)"
  }
}

extension ScoreSummary: Encodable {
  enum CodingKeys: String, CodingKey {
    case recordings, reps, sets, holds, side, partials
    case matchedReps = "matched_reps"
    case timing = "timing_s"
    case hold = "hold_s"
    case rom = "rom_deg"
    case levelChange = "level_change_deg"
    case levelChangeNullMismatches = "level_change_null_mismatches"
    case leftRight = "left_right"
    case notLabelled = "not_labelled"
    case recordingsCountedExactly = "recordings_count_exact"
    case recordingsCountedExactlyShare = "recordings_count_exact_share"
  }

  /// The set totals without the list of every set (each recording's score
  /// has its own).
  private struct SetTotals: Encodable {
    var score: SetScore

    enum CodingKeys: String, CodingKey {
      case total, exact
      case exactShare = "exact_share"
      case absoluteCountError = "count_error_abs"
      case signedCountError = "count_error_signed"
      case detectedSets = "detected_sets"
      case detectedRepsOutsideSets = "detected_reps_outside_sets"
    }

    func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(score.sets.count, forKey: .total)
      try c.encode(score.exact, forKey: .exact)
      try c.encode(score.exactShare, forKey: .exactShare)
      try c.encode(score.absoluteCountError, forKey: .absoluteCountError)
      try c.encode(score.signedCountError, forKey: .signedCountError)
      try c.encode(score.detectedSets, forKey: .detectedSets)
      try c.encode(
        score.detectedRepsOutsideSets, forKey: .detectedRepsOutsideSets)
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(recordings, forKey: .recordings)
    try c.encode(recordingsCountedExactly, forKey: .recordingsCountedExactly)
    try c.encode(
      recordingsCountedExactlyShare, forKey: .recordingsCountedExactlyShare)
    try c.encode(reps, forKey: .reps)
    try c.encode(matchedReps, forKey: .matchedReps)
    try c.encode(SetTotals(score: sets), forKey: .sets)
    try c.encode(timing, forKey: .timing)
    try c.encode(hold, forKey: .hold)
    try c.encode(rom, forKey: .rom)
    try c.encode(levelChange, forKey: .levelChange)
    try c.encode(levelChangeNullMismatches, forKey: .levelChangeNullMismatches)
    try c.encode(labelled.unlabelledNames, forKey: .notLabelled)
    try c.encode(holds, forKey: .holds)
    try c.encode(leftRight, forKey: .leftRight)
    try c.encode(side, forKey: .side)
    try c.encode(partials, forKey: .partials)
  }
}

/// The accuracy a good analysis reaches over a labelled test set.
///
/// The defaults are the project's targets; each field names its statistic
/// and unit. ``ScoreSummary/shortfalls(against:)`` checks them all.
public struct ScoreTargets: Sendable, Equatable {
  /// Share of true sets whose full-rep count is exactly right.
  public var minimumExactSetShare: Double
  /// F1 over full reps.
  public var minimumF1: Double
  /// Median absolute error of rep start and of rep end, s.
  public var maximumMedianStartEndErrorSeconds: Double
  /// Mean absolute `hold_s` error of paired reps, s.
  public var maximumHoldErrorSeconds: Double
  /// Mean absolute `rom_deg` error of paired reps, degrees.
  public var maximumRomErrorDegrees: Double
  /// Mean absolute `level_change_deg` error of paired reps, degrees.
  public var maximumLevelChangeErrorDegrees: Double
  /// Largest left-right `level_change_difference_deg` error of any
  /// recording, degrees.
  public var maximumLeftRightErrorDegrees: Double
  /// True partial reps paired with a detected full rep.
  public var maximumPartialsCountedAsFull: Int

  public init(
    minimumExactSetShare: Double, minimumF1: Double,
    maximumMedianStartEndErrorSeconds: Double,
    maximumHoldErrorSeconds: Double, maximumRomErrorDegrees: Double,
    maximumLevelChangeErrorDegrees: Double,
    maximumLeftRightErrorDegrees: Double, maximumPartialsCountedAsFull: Int
  ) {
    self.minimumExactSetShare = minimumExactSetShare
    self.minimumF1 = minimumF1
    self.maximumMedianStartEndErrorSeconds = maximumMedianStartEndErrorSeconds
    self.maximumHoldErrorSeconds = maximumHoldErrorSeconds
    self.maximumRomErrorDegrees = maximumRomErrorDegrees
    self.maximumLevelChangeErrorDegrees = maximumLevelChangeErrorDegrees
    self.maximumLeftRightErrorDegrees = maximumLeftRightErrorDegrees
    self.maximumPartialsCountedAsFull = maximumPartialsCountedAsFull
  }

  /// Rep count exact in at least 95% of sets, F1 at least 0.98, start and
  /// end median error at most 0.25 s, hold error at most 0.3 s, ROM error
  /// at most 3°, level-change error at most 1.5°, left-right difference
  /// error at most 2°, and no partial rep counted as full.
  public static let `default` = ScoreTargets(
    minimumExactSetShare: 0.95, minimumF1: 0.98,
    maximumMedianStartEndErrorSeconds: 0.25, maximumHoldErrorSeconds: 0.3,
    maximumRomErrorDegrees: 3, maximumLevelChangeErrorDegrees: 1.5,
    maximumLeftRightErrorDegrees: 2, maximumPartialsCountedAsFull: 0)
}
