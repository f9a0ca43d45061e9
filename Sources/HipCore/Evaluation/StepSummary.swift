/// The step scores of many walking recordings, pooled as ``ScoreSummary``
/// pools reps: counts added up and errors pooled before any statistic, so
/// a recording weighs by how many steps and bouts it holds.
public struct StepSummary: Sendable, Equatable {
  /// Walking recordings scored.
  public var recordings: Int
  public var steps: StepCounts
  public var timing: ErrorStatistics
  public var sideAgreeing: Int
  public var bouts: Int
  public var boutsWithinOne: Int
  public var stepsOutsideBouts: Int
  public var cadence: ErrorStatistics
  public var stepTimeAsymmetry: ErrorStatistics
  public var pelvicDrop: ErrorStatistics
  public var pelvicDropMissing: Int
  /// Whether any recording's bouts carry a true drop.
  public var pelvicDropLabelled: Bool
  /// Recordings whose labels hold a Trendelenburg sign.
  public var trendelenburgFiles: Int
  /// Of those, the ones where the analysis named its side.
  public var trendelenburgNamed: Int

  public init(_ scores: [StepScore]) {
    recordings = scores.count
    steps = StepCounts(pooling: scores.map(\.steps))
    timing = ErrorStatistics(pooling: scores.map(\.timing))
    sideAgreeing = scores.map(\.sideAgreeing).reduce(0, +)
    bouts = scores.map(\.bouts.count).reduce(0, +)
    boutsWithinOne = scores.map(\.boutsWithinOne).reduce(0, +)
    stepsOutsideBouts = scores.map(\.stepsOutsideBouts).reduce(0, +)
    cadence = ErrorStatistics(pooling: scores.map(\.cadence))
    stepTimeAsymmetry = ErrorStatistics(
      pooling: scores.map(\.stepTimeAsymmetry))
    pelvicDrop = ErrorStatistics(pooling: scores.map(\.pelvicDrop))
    pelvicDropMissing = scores.map(\.pelvicDropMissing).reduce(0, +)
    pelvicDropLabelled = scores.contains(where: \.pelvicDropLabelled)
    let signs = scores.compactMap(\.trendelenburg.isNamed)
    trendelenburgFiles = signs.count
    trendelenburgNamed = signs.filter { $0 }.count
  }

  /// Matched steps whose side agrees over matched steps; `nil` with none.
  public var sideAgreement: Double? {
    steps.matched == 0 ? nil : Double(sideAgreeing) / Double(steps.matched)
  }

  /// `boutsWithinOne / bouts`; `nil` without a labelled bout.
  public var boutsWithinOneShare: Double? {
    bouts == 0 ? nil : Double(boutsWithinOne) / Double(bouts)
  }

  /// What falls short of `targets`, one sentence each; empty when all are
  /// met.
  ///
  /// A figure with nothing to measure (no step matched, no bout) is not a
  /// shortfall: recall and the bouts say why.
  public func shortfalls(against targets: StepTargets = .default) -> [String] {
    var found: [String] = []
    func text(_ value: Double) -> String {
      ScoreSummary.text(value, decimals: 3)
    }
    func atLeast(_ value: Double?, _ target: Double, _ what: String) {
      guard let value, !(value >= target) else { return }
      found.append("\(what) \(text(value)) < \(text(target))")
    }
    func atMost(_ value: Double?, _ target: Double, _ what: String) {
      guard let value, !(value <= target) else { return }
      found.append("\(what) \(text(value)) > \(text(target))")
    }
    atLeast(steps.precision, targets.minimumPrecision, "step precision")
    atLeast(steps.recall, targets.minimumRecall, "step recall")
    atMost(
      timing.medianAbsolute, targets.maximumMedianTimingSeconds,
      "step timing median error s")
    atLeast(sideAgreement, targets.minimumSideAgreement, "step side right")
    atLeast(
      boutsWithinOneShare, targets.minimumBoutsWithinOneShare,
      "bouts with steps within 1")
    atMost(
      cadence.medianAbsolute, targets.maximumCadenceErrorSpm,
      "cadence median error spm")
    atMost(
      pelvicDrop.meanAbsolute, targets.maximumPelvicDropErrorDegrees,
      "pelvic drop error deg")
    if pelvicDropMissing > 0 {
      found.append("pelvic drop missing in \(pelvicDropMissing) bouts")
    }
    if trendelenburgNamed < trendelenburgFiles {
      found.append(
        "Trendelenburg side named in \(trendelenburgNamed) of "
          + "\(trendelenburgFiles) recordings")
    }
    if stepsOutsideBouts > targets.maximumStepsOutsideBouts {
      found.append(
        "steps while not walking \(stepsOutsideBouts) > "
          + "\(targets.maximumStepsOutsideBouts)")
    }
    return found
  }
}

extension StepSummary: Encodable {
  enum CodingKeys: String, CodingKey {
    case recordings, steps, bouts
    case timing = "timing_s"
    case sideAgreement = "side_agreement"
    case boutsWithinOne = "bouts_within_one"
    case boutsWithinOneShare = "bouts_within_one_share"
    case stepsOutsideBouts = "steps_outside_bouts"
    case cadence = "cadence_spm"
    case stepTimeAsymmetry = "step_time_asymmetry_pct"
    case pelvicDrop = "pelvic_drop_deg"
    case pelvicDropMissing = "pelvic_drop_missing"
    case pelvicDropLabelled = "pelvic_drop_labelled"
    case trendelenburgFiles = "trendelenburg_files"
    case trendelenburgNamed = "trendelenburg_named"
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(recordings, forKey: .recordings)
    try c.encode(steps, forKey: .steps)
    try c.encode(timing, forKey: .timing)
    try c.encode(sideAgreement, forKey: .sideAgreement)
    try c.encode(bouts, forKey: .bouts)
    try c.encode(boutsWithinOne, forKey: .boutsWithinOne)
    try c.encode(boutsWithinOneShare, forKey: .boutsWithinOneShare)
    try c.encode(stepsOutsideBouts, forKey: .stepsOutsideBouts)
    try c.encode(cadence, forKey: .cadence)
    try c.encode(stepTimeAsymmetry, forKey: .stepTimeAsymmetry)
    try c.encode(pelvicDrop, forKey: .pelvicDrop)
    try c.encode(pelvicDropMissing, forKey: .pelvicDropMissing)
    try c.encode(pelvicDropLabelled, forKey: .pelvicDropLabelled)
    try c.encode(trendelenburgFiles, forKey: .trendelenburgFiles)
    try c.encode(trendelenburgNamed, forKey: .trendelenburgNamed)
  }
}

/// The accuracy issue 17 asks of walking analysis over a labelled set.
public struct StepTargets: Sendable, Equatable {
  public var minimumPrecision: Double
  public var minimumRecall: Double
  /// Median absolute contact timing error of matched steps, s.
  public var maximumMedianTimingSeconds: Double
  /// Share of matched steps with the right side.
  public var minimumSideAgreement: Double
  /// Share of labelled bouts whose detected step count is within 1.
  public var minimumBoutsWithinOneShare: Double
  /// Median absolute cadence error over bouts, steps per minute.
  public var maximumCadenceErrorSpm: Double
  /// Mean absolute pelvic drop error per bout and side, degrees.
  public var maximumPelvicDropErrorDegrees: Double
  /// Detected steps outside every labelled bout (sitting, standing,
  /// turning on the spot).
  public var maximumStepsOutsideBouts: Int

  public init(
    minimumPrecision: Double, minimumRecall: Double,
    maximumMedianTimingSeconds: Double, minimumSideAgreement: Double,
    minimumBoutsWithinOneShare: Double, maximumCadenceErrorSpm: Double,
    maximumPelvicDropErrorDegrees: Double, maximumStepsOutsideBouts: Int
  ) {
    self.minimumPrecision = minimumPrecision
    self.minimumRecall = minimumRecall
    self.maximumMedianTimingSeconds = maximumMedianTimingSeconds
    self.minimumSideAgreement = minimumSideAgreement
    self.minimumBoutsWithinOneShare = minimumBoutsWithinOneShare
    self.maximumCadenceErrorSpm = maximumCadenceErrorSpm
    self.maximumPelvicDropErrorDegrees = maximumPelvicDropErrorDegrees
    self.maximumStepsOutsideBouts = maximumStepsOutsideBouts
  }

  /// Precision and recall at least 0.95, median timing error at most
  /// 0.05 s, side right in 95 %, steps within 1 in 90 % of bouts, cadence
  /// within 3 steps a minute, drop within 1 degree, no step while not
  /// walking (and the Trendelenburg side named in every file with one).
  public static let `default` = StepTargets(
    minimumPrecision: 0.95, minimumRecall: 0.95,
    maximumMedianTimingSeconds: 0.05, minimumSideAgreement: 0.95,
    minimumBoutsWithinOneShare: 0.9, maximumCadenceErrorSpm: 3,
    maximumPelvicDropErrorDegrees: 1, maximumStepsOutsideBouts: 0)
}
