/// How right one walking recording's steps, bouts and pelvic drop are
/// against its labels.
///
/// Steps pair one to one within ``StepScore/tolerance`` of each other,
/// the nearest pair first. The labels mark only walking, so a detected step
/// with no labelled partner is a false positive wherever it is, and one
/// outside every labelled bout (widened by the tolerance) is also counted
/// as a step while not walking. Bouts are the labels' (`walking_bouts`, or
/// the contract's bouts of the labelled steps when there are none).
///
/// ```swift
/// let score = StepScore(truth: labels, analysis: analysis)
/// score.steps.recall             // share of labelled contacts found
/// score.timing.medianAbsolute    // s, nil without a matched step
/// ```
public struct StepScore: Sendable, Equatable {
  /// Labelled steps, detected steps and matched pairs.
  public var steps: StepCounts
  /// Matched steps: detected minus labelled time, s.
  public var timing: ErrorStatistics
  /// Matched steps whose side agrees.
  public var sideAgreeing: Int
  /// Each labelled bout against the detected steps inside it.
  public var bouts: [BoutStepCount]
  /// Detected steps outside every labelled bout.
  public var stepsOutsideBouts: Int
  /// Per bout, 60 / mean step time of the detected steps inside it minus
  /// the labelled cadence, steps per minute.
  public var cadence: ErrorStatistics
  /// Per labelled bout with a detected bout overlapping it that reports
  /// one: detected minus true `step_time_asymmetry_pct`, the truth from the
  /// labelled steps in the bout, percent.
  public var stepTimeAsymmetry: ErrorStatistics
  /// Per labelled bout with a true drop and a detected bout overlapping
  /// it, and per stance side: detected minus true drop, degrees.
  public var pelvicDrop: ErrorStatistics
  /// Labelled bouts with a true drop that no detected bout overlaps.
  public var pelvicDropMissing: Int
  /// Whether any labelled bout carries a true drop (a simulator's labels).
  public var pelvicDropLabelled: Bool
  public var trendelenburg: TrendelenburgCheck

  /// How far apart a detected and a labelled contact may be and still
  /// pair, s.
  public static let tolerance = 0.25

  /// Scores `analysis` against `truth`, whose `steps` are labelled.
  public init(truth: GroundTruth, analysis: SessionAnalysis) {
    let labelled = (truth.steps ?? []).sorted { $0.time < $1.time }
    let found = analysis.steps.sorted { $0.time < $1.time }
    let pairs = Self.match(labelled: labelled, detected: found)
    steps = StepCounts(
      labelled: labelled.count, detected: found.count, matched: pairs.count)
    timing = ErrorStatistics(
      pairs.map { found[$0.detected].time - labelled[$0.labelled].time })
    sideAgreeing =
      pairs.filter { found[$0.detected].side == labelled[$0.labelled].side }
      .count

    let reference =
      truth.walkingBouts
      ?? Self.bouts(of: labelled).map {
        LabelledWalkingBout(
          startSeconds: $0.startSeconds, endSeconds: $0.endSeconds,
          initialContacts: $0.steps, cadence: $0.cadence)
      }
    let reach = Self.tolerance
    func inside(_ bout: LabelledWalkingBout, _ time: Double) -> Bool {
      bout.startSeconds - reach <= time && time <= bout.endSeconds + reach
    }
    bouts = reference.map { bout in
      let detected = found.filter { inside(bout, $0.time) }
      let times = detected.map(\.time)
      let labelledCount =
        bout.initialContacts ?? labelled.filter { inside(bout, $0.time) }.count
      let labelledCadence =
        bout.cadence
        ?? Self.cadence(labelled.filter { inside(bout, $0.time) }.map(\.time))
      return BoutStepCount(
        startSeconds: bout.startSeconds, endSeconds: bout.endSeconds,
        labelledSteps: labelledCount, detectedSteps: detected.count,
        labelledCadence: labelledCadence, detectedCadence: Self.cadence(times))
    }
    stepsOutsideBouts =
      found.filter { step in !reference.contains { inside($0, step.time) } }
      .count
    cadence = ErrorStatistics(bouts.compactMap(\.cadenceError))

    var dropErrors: [Double] = []
    var missing = 0
    let partners = Self.overlapPartners(
      labelled: reference, detected: analysis.walkingBouts)
    // An analysis that measures no drop at all in the recording (no
    // gyroscope, or a thigh: `null` by the contract) is not missing one.
    let measuresDrop = analysis.walkingBouts.contains { $0.pelvicDrop != nil }
    for (index, bout) in reference.enumerated() where measuresDrop {
      guard let trueDrop = bout.pelvicDrop else { continue }
      guard let partner = partners[index],
        let drop = analysis.walkingBouts[partner].pelvicDrop
      else {
        missing += 1
        continue
      }
      for (detected, labelledDrop) in [
        (drop.leftStance, trueDrop.leftStance),
        (drop.rightStance, trueDrop.rightStance),
      ] {
        if let detected, let labelledDrop {
          dropErrors.append(detected - labelledDrop)
        }
      }
    }
    pelvicDrop = ErrorStatistics(dropErrors)
    stepTimeAsymmetry = ErrorStatistics(
      reference.indices.compactMap { index in
        let bout = reference[index]
        let inBout = labelled.filter { inside(bout, $0.time) }
        guard let partner = partners[index],
          let detected = analysis.walkingBouts[partner]
            .stepTimeAsymmetryPercent,
          let truth = WalkingBout(steps: inBout, drops: nil)
            .stepTimeAsymmetryPercent
        else { return nil }
        return detected - truth
      })
    pelvicDropMissing = missing
    pelvicDropLabelled = reference.contains { $0.pelvicDrop != nil }
    trendelenburg = TrendelenburgCheck(
      labelled: reference.compactMap(\.pelvicDrop),
      detected: analysis.gait?.pelvicDrop)
  }

  /// Matched steps whose side agrees over matched steps; `nil` with none
  /// matched.
  public var sideAgreement: Double? {
    steps.matched == 0 ? nil : Double(sideAgreeing) / Double(steps.matched)
  }

  /// Labelled bouts whose detected step count is within 1 of the labelled.
  public var boutsWithinOne: Int { bouts.filter(\.isWithinOne).count }

  /// One labelled and one detected step paired.
  public struct Pair: Sendable, Equatable {
    public var labelled: Int
    public var detected: Int

    public init(labelled: Int, detected: Int) {
      self.labelled = labelled
      self.detected = detected
    }
  }

  /// One-to-one pairs within ``tolerance``, sorted by labelled index.
  ///
  /// The nearest pair is taken first (ties: the earlier labelled step, then
  /// the earlier detected one); both lists sorted by time.
  public static func match(labelled: [Step], detected: [Step]) -> [Pair] {
    var candidates: [(gap: Double, pair: Pair)] = []
    var first = 0
    for (l, step) in labelled.enumerated() where step.time.isFinite {
      while first < detected.count,
        !(detected[first].time >= step.time - tolerance)
      {
        first += 1
      }
      var d = first
      while d < detected.count, detected[d].time <= step.time + tolerance {
        candidates.append(
          (
            Swift.abs(detected[d].time - step.time),
            Pair(labelled: l, detected: d)
          ))
        d += 1
      }
    }
    candidates.sort {
      ($0.gap, $0.pair.labelled, $0.pair.detected)
        < ($1.gap, $1.pair.labelled, $1.pair.detected)
    }
    var usedLabelled = Set<Int>()
    var usedDetected = Set<Int>()
    var pairs: [Pair] = []
    for candidate in candidates
    where !usedLabelled.contains(candidate.pair.labelled)
      && !usedDetected.contains(candidate.pair.detected)
    {
      usedLabelled.insert(candidate.pair.labelled)
      usedDetected.insert(candidate.pair.detected)
      pairs.append(candidate.pair)
    }
    return pairs.sorted { $0.labelled < $1.labelled }
  }

  /// 60 over the mean time between consecutive `times` (sorted); `nil`
  /// with fewer than two.
  static func cadence(_ times: [Double]) -> Double? {
    guard times.count >= 2, let first = times.first, let last = times.last,
      last > first
    else { return nil }
    return 60 * Double(times.count - 1) / (last - first)
  }

  /// The contract's bouts of `steps` (sorted): at least 4 contacts with no
  /// pause over 3 s.
  static func bouts(of steps: [Step]) -> [WalkingBout] {
    var bouts: [WalkingBout] = []
    var run: [Step] = []
    func close() {
      if run.count >= 4 { bouts.append(WalkingBout(steps: run, drops: nil)) }
      run = []
    }
    for step in steps {
      if let last = run.last, step.time - last.time > 3 { close() }
      run.append(step)
    }
    close()
    return bouts
  }

  /// For each labelled bout, the detected bout paired with it by overlap,
  /// the longest overlap first, one to one.
  static func overlapPartners(
    labelled: [LabelledWalkingBout], detected: [WalkingBout]
  ) -> [Int?] {
    var candidates: [(overlap: Double, labelled: Int, detected: Int)] = []
    for (l, bout) in labelled.enumerated() {
      for (d, found) in detected.enumerated() {
        let overlap =
          Swift.min(bout.endSeconds, found.endSeconds)
          - Swift.max(bout.startSeconds, found.startSeconds)
        if overlap > 0 { candidates.append((overlap, l, d)) }
      }
    }
    candidates.sort {
      ($0.overlap, -$0.labelled, -$0.detected)
        > ($1.overlap, -$1.labelled, -$1.detected)
    }
    var partners = [Int?](repeating: nil, count: labelled.count)
    var used = Set<Int>()
    for candidate in candidates
    where partners[candidate.labelled] == nil
      && !used.contains(candidate.detected)
    {
      partners[candidate.labelled] = candidate.detected
      used.insert(candidate.detected)
    }
    return partners
  }
}

/// Labelled and detected steps and how many paired; precision, recall and
/// F1 as ``RepCounts`` has them (1 with nothing to find and nothing found).
public struct StepCounts: Sendable, Equatable {
  public var labelled: Int
  public var detected: Int
  public var matched: Int

  public init(labelled: Int, detected: Int, matched: Int) {
    self.labelled = labelled
    self.detected = detected
    self.matched = matched
  }

  public init(pooling parts: [StepCounts]) {
    self.init(
      labelled: parts.map(\.labelled).reduce(0, +),
      detected: parts.map(\.detected).reduce(0, +),
      matched: parts.map(\.matched).reduce(0, +))
  }

  public var falsePositives: Int { detected - matched }
  public var falseNegatives: Int { labelled - matched }

  private var counts: RepCounts {
    RepCounts(
      trueFull: labelled, truePartial: 0, detectedFull: detected,
      detectedPartial: 0, truePositives: matched)
  }

  public var precision: Double { counts.precision }
  public var recall: Double { counts.recall }
  public var f1: Double { counts.f1 }
}

extension StepCounts: Encodable {
  enum CodingKeys: String, CodingKey {
    case labelled, detected, matched
    case falsePositives = "false_positives"
    case falseNegatives = "false_negatives"
    case precision, recall, f1
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(labelled, forKey: .labelled)
    try c.encode(detected, forKey: .detected)
    try c.encode(matched, forKey: .matched)
    try c.encode(falsePositives, forKey: .falsePositives)
    try c.encode(falseNegatives, forKey: .falseNegatives)
    try c.encode(precision, forKey: .precision)
    try c.encode(recall, forKey: .recall)
    try c.encode(f1, forKey: .f1)
  }
}

/// One labelled bout: its contacts and cadence against the detected steps
/// inside it (its span widened by ``StepScore/tolerance``).
public struct BoutStepCount: Sendable, Equatable {
  public var startSeconds: Double
  public var endSeconds: Double
  public var labelledSteps: Int
  public var detectedSteps: Int
  /// Steps per minute; `nil` where neither labelled nor measurable.
  public var labelledCadence: Double?
  /// From the detected steps inside; `nil` with fewer than two.
  public var detectedCadence: Double?

  public init(
    startSeconds: Double, endSeconds: Double, labelledSteps: Int,
    detectedSteps: Int, labelledCadence: Double?, detectedCadence: Double?
  ) {
    self.startSeconds = startSeconds
    self.endSeconds = endSeconds
    self.labelledSteps = labelledSteps
    self.detectedSteps = detectedSteps
    self.labelledCadence = labelledCadence
    self.detectedCadence = detectedCadence
  }

  public var isWithinOne: Bool { Swift.abs(detectedSteps - labelledSteps) <= 1 }

  /// Detected minus labelled cadence, where both are known.
  public var cadenceError: Double? {
    guard let labelledCadence, let detectedCadence else { return nil }
    return detectedCadence - labelledCadence
  }
}

extension BoutStepCount: Encodable {
  enum CodingKeys: String, CodingKey {
    case startSeconds = "start_s"
    case endSeconds = "end_s"
    case labelledSteps = "labelled_steps"
    case detectedSteps = "detected_steps"
    case labelledCadence = "labelled_cadence_spm"
    case detectedCadence = "detected_cadence_spm"
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(startSeconds, forKey: .startSeconds)
    try c.encode(endSeconds, forKey: .endSeconds)
    try c.encode(labelledSteps, forKey: .labelledSteps)
    try c.encode(detectedSteps, forKey: .detectedSteps)
    try c.encode(labelledCadence, forKey: .labelledCadence)
    try c.encode(detectedCadence, forKey: .detectedCadence)
  }
}

/// Whether the analysis names the side of a Trendelenburg sign the labels
/// hold: the stance side whose drop is clearly the larger.
public struct TrendelenburgCheck: Sendable, Equatable {
  /// The stance side whose mean labelled drop exceeds the other's by more
  /// than ``margin``; `nil` without one.
  public var labelledSide: Side?
  /// The stance side of the larger drop in the analysis's gait; `nil`
  /// without both drops.
  public var detectedSide: Side?

  /// How much larger one side's true drop must be to count as a sign,
  /// degrees.
  public static let margin = 3.0

  public init(labelledSide: Side?, detectedSide: Side?) {
    self.labelledSide = labelledSide
    self.detectedSide = detectedSide
  }

  /// From the labelled bouts' drops (averaged over bouts) and the
  /// detected gait's.
  public init(labelled: [PelvicDrop], detected: PelvicDrop?) {
    func mean(_ values: [Double]) -> Double? {
      values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }
    var side: Side?
    if let left = mean(labelled.compactMap(\.leftStance)),
      let right = mean(labelled.compactMap(\.rightStance)),
      Swift.abs(left - right) > Self.margin
    {
      side = left > right ? .left : .right
    }
    var found: Side?
    if let left = detected?.leftStance, let right = detected?.rightStance,
      left != right
    {
      found = left > right ? .left : .right
    }
    self.init(labelledSide: side, detectedSide: found)
  }

  /// `nil` when the labels hold no sign; else whether the analysis named
  /// its side.
  public var isNamed: Bool? {
    labelledSide.map { $0 == detectedSide }
  }
}

extension TrendelenburgCheck: Encodable {
  enum CodingKeys: String, CodingKey {
    case labelledSide = "labelled_side"
    case detectedSide = "detected_side"
    case named
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(labelledSide, forKey: .labelledSide)
    try c.encode(detectedSide, forKey: .detectedSide)
    try c.encode(isNamed, forKey: .named)
  }
}

extension StepScore: Encodable {
  enum CodingKeys: String, CodingKey {
    case steps, bouts, trendelenburg
    case timing = "timing_s"
    case sideAgreeing = "side_agreeing"
    case sideAgreement = "side_agreement"
    case boutsWithinOne = "bouts_within_one"
    case stepsOutsideBouts = "steps_outside_bouts"
    case cadence = "cadence_spm"
    case pelvicDrop = "pelvic_drop_deg"
    case pelvicDropMissing = "pelvic_drop_missing"
    case pelvicDropLabelled = "pelvic_drop_labelled"
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(steps, forKey: .steps)
    try c.encode(timing, forKey: .timing)
    try c.encode(pelvicDropLabelled, forKey: .pelvicDropLabelled)
    try c.encode(sideAgreeing, forKey: .sideAgreeing)
    try c.encode(sideAgreement, forKey: .sideAgreement)
    try c.encode(bouts, forKey: .bouts)
    try c.encode(boutsWithinOne, forKey: .boutsWithinOne)
    try c.encode(stepsOutsideBouts, forKey: .stepsOutsideBouts)
    try c.encode(cadence, forKey: .cadence)
    try c.encode(pelvicDrop, forKey: .pelvicDrop)
    try c.encode(pelvicDropMissing, forKey: .pelvicDropMissing)
    try c.encode(trendelenburg, forKey: .trendelenburg)
  }
}
