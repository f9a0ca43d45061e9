/// How right one recording's analysis is against its ground truth.
///
/// Reps pair in two rounds (``RepMatching``): first true full reps with
/// detected full reps, which makes the true positives; then whatever is
/// left on either side, partial or not, which finds partial reps counted as
/// full and full reps flagged partial. Every pair from either round is a
/// "paired rep" for the errors of timing, `hold_s`, `rom_deg`,
/// `level_change_deg` and side. Errors are detected minus true. A field a
/// true rep does not label (a key absent from the labels) is not scored for
/// that rep; `level_change_deg: null` is labelled, and compared.
///
/// ```swift
/// let score = RecordingScore(truth: labels, analysis: analysis)
/// score.reps.f1                  // 1 when every full rep is found
/// score.timing.start.medianAbsolute  // s, nil without a paired rep
/// ```
public struct RecordingScore: Sendable, Equatable {
  /// The exercise the labels name.
  public var exercise: String
  public var reps: RepCounts
  /// Every pair, sorted by true index.
  public var matches: [RepMatch]
  public var sets: SetScore
  public var timing: TimingErrors
  /// `hold_s` of paired reps that label it, seconds.
  public var hold: ErrorStatistics
  /// `rom_deg` of paired reps that label it, degrees.
  public var rom: ErrorStatistics
  /// `level_change_deg` of paired reps where both are defined, degrees.
  public var levelChange: ErrorStatistics
  /// Paired reps labelling `level_change_deg` where one is `null` and the
  /// other not.
  public var levelChangeNullMismatches: Int
  /// The fields some true rep labels; the others are not scored.
  public var labelled: LabelledFields
  public var holds: HoldScore
  public var leftRight: LeftRightComparison
  public var side: SideScore
  public var partials: PartialScore

  /// Scores `analysis` against `truth`; both describe one recording.
  public init(truth: GroundTruth, analysis: SessionAnalysis) {
    let trueReps = truth.reps
    let found = analysis.reps
    let trueFull = trueReps.indices.filter { !trueReps[$0].partial }
    let foundFull = found.indices.filter { !found[$0].partial }

    let fullPairs = RepMatching.match(
      truth: trueReps, detected: found, trueCandidates: trueFull,
      detectedCandidates: foundFull)
    let pairedTrue = Set(fullPairs.map(\.trueIndex))
    let pairedFound = Set(fullPairs.map(\.detectedIndex))
    let otherPairs = RepMatching.match(
      truth: trueReps, detected: found,
      trueCandidates: trueReps.indices.filter { !pairedTrue.contains($0) },
      detectedCandidates: found.indices.filter { !pairedFound.contains($0) })
    let pairs = (fullPairs + otherPairs).sorted {
      $0.trueIndex < $1.trueIndex
    }
    let paired = pairs.map {
      (truth: trueReps[$0.trueIndex], found: found[$0.detectedIndex])
    }
    let anyTrue = Set(pairs.map(\.trueIndex))
    let anyFound = Set(pairs.map(\.detectedIndex))

    exercise = truth.exercise
    matches = pairs
    reps = RepCounts(
      trueFull: trueFull.count, truePartial: trueReps.count - trueFull.count,
      detectedFull: foundFull.count,
      detectedPartial: found.count - foundFull.count,
      truePositives: fullPairs.count)
    sets = Self.setScore(truth: truth, analysis: analysis)
    timing = TimingErrors(
      start: ErrorStatistics(
        paired.map { $0.found.startSeconds - $0.truth.startSeconds }),
      peak: ErrorStatistics(
        paired.map { $0.found.peakSeconds - $0.truth.peakSeconds }),
      end: ErrorStatistics(
        paired.map { $0.found.endSeconds - $0.truth.endSeconds }))
    hold = ErrorStatistics(
      paired.compactMap { pair in
        pair.truth.holdSeconds.map { pair.found.holdSeconds - $0 }
      })
    rom = ErrorStatistics(
      paired.compactMap { pair in
        pair.truth.romDegrees.map { pair.found.romDegrees - $0 }
      })
    levelChange = ErrorStatistics(
      paired.compactMap { pair in
        pair.found.levelChangeDegrees.flatMap { found in
          pair.truth.levelChange?.degrees.map { found - $0 }
        }
      })
    levelChangeNullMismatches =
      paired.filter { pair in
        guard let label = pair.truth.levelChange else { return false }
        return (pair.found.levelChangeDegrees == nil) != (label.degrees == nil)
      }.count
    labelled = LabelledFields(reps: trueReps)
    holds = Self.holdScore(truth: truth.holds, found: analysis.holds)
    leftRight = LeftRightComparison(
      trueDifferenceDegrees: Self.trueLevelChangeDifference(trueReps),
      detectedDifferenceDegrees: analysis.asymmetry?
        .levelChangeDifferenceDegrees,
      isLabelled: labelled.levelChange)
    let alternating =
      truth.side == .alternating
      || (truth.side == nil && trueReps.contains { $0.side == .left }
        && trueReps.contains { $0.side == .right })
    let agreeing = paired.filter { $0.found.side == $0.truth.side }.count
    side = SideScore(
      compared: alternating ? paired.count : 0,
      agreeing: alternating ? agreeing : 0,
      mismatchedAnywhere: paired.count - agreeing)
    partials = PartialScore(
      partialCountedAsFull: paired.filter {
        $0.truth.partial && !$0.found.partial
      }.count,
      fullFlaggedPartial: paired.filter {
        !$0.truth.partial && $0.found.partial
      }.count,
      partialAgreed: paired.filter { $0.truth.partial && $0.found.partial }
        .count,
      partialMissed: trueReps.indices.filter {
        trueReps[$0].partial && !anyTrue.contains($0)
      }.count,
      partialSpurious: found.indices.filter {
        found[$0].partial && !anyFound.contains($0)
      }.count)
  }

  /// Whether the analysis found exactly as many full reps as the labels
  /// hold, however it placed them.
  public var countIsExact: Bool { reps.detectedFull == reps.trueFull }

  /// The left-right difference of the true full reps, as ``Asymmetry``
  /// takes it from detected ones.
  private static func trueLevelChangeDifference(_ reps: [LabelledRep])
    -> Double?
  {
    func levels(_ side: Side) -> [Double] {
      reps.filter { !$0.partial && $0.side == side }.compactMap {
        $0.levelChange?.degrees
      }
    }
    return Asymmetry.levelChangeDifference(
      left: levels(.left), right: levels(.right))
  }

  /// Full reps per true set, counted by peak time.
  ///
  /// Labels without sets but with reps get one implicit set over every rep
  /// of both sides, so that the count of such a recording is still scored.
  private static func setScore(truth: GroundTruth, analysis: SessionAnalysis)
    -> SetScore
  {
    let foundFull = analysis.reps.filter { !$0.partial }
    let truePeaks = truth.reps.filter { !$0.partial }.map(\.peakSeconds)
    let foundPeaks = foundFull.map(\.peakSeconds)
    var spans = truth.sets.map {
      (start: $0.startSeconds, end: $0.endSeconds, implicit: false)
    }
    let starts = truth.reps.map(\.startSeconds) + foundFull.map(\.startSeconds)
    let ends = truth.reps.map(\.endSeconds) + foundFull.map(\.endSeconds)
    if spans.isEmpty, let start = starts.filter(\.isFinite).min(),
      let end = ends.filter(\.isFinite).max()
    {
      spans = [(start: min(start, end), end: max(start, end), implicit: true)]
    }
    func count(_ peaks: [Double], in span: (start: Double, end: Double))
      -> Int
    {
      peaks.filter { span.start <= $0 && $0 <= span.end }.count
    }
    let outside = foundPeaks.filter { peak in
      !spans.contains { $0.start <= peak && peak <= $0.end }
    }.count
    return SetScore(
      sets: spans.map { span in
        SetCount(
          startSeconds: span.start, endSeconds: span.end,
          trueReps: count(truePeaks, in: (span.start, span.end)),
          detectedReps: count(foundPeaks, in: (span.start, span.end)),
          implicit: span.implicit)
      },
      detectedSets: analysis.sets.count, detectedRepsOutsideSets: outside)
  }

  /// Pairs holds by overlap, longest overlap first, one-to-one.
  private static func holdScore(truth: [Hold], found: [Hold]) -> HoldScore {
    var candidates: [(overlap: Double, truth: Int, found: Int)] = []
    for (t, trueHold) in truth.enumerated() {
      for (f, foundHold) in found.enumerated() {
        let overlap =
          min(trueHold.endSeconds, foundHold.endSeconds)
          - max(trueHold.startSeconds, foundHold.startSeconds)
        if overlap > 0 { candidates.append((overlap, t, f)) }
      }
    }
    candidates.sort {
      ($0.overlap, -$0.truth, -$0.found) > ($1.overlap, -$1.truth, -$1.found)
    }
    var usedTrue = Set<Int>()
    var usedFound = Set<Int>()
    var errors: [(truth: Int, error: Double)] = []
    for candidate in candidates
    where !usedTrue.contains(candidate.truth)
      && !usedFound.contains(candidate.found)
    {
      usedTrue.insert(candidate.truth)
      usedFound.insert(candidate.found)
      errors.append(
        (
          candidate.truth,
          found[candidate.found].durationSeconds
            - truth[candidate.truth].durationSeconds
        ))
    }
    return HoldScore(
      trueHolds: truth.count, detectedHolds: found.count,
      matched: errors.count,
      duration: ErrorStatistics(
        errors.sorted { $0.truth < $1.truth }.map(\.error)))
  }
}

extension RecordingScore: Encodable {
  enum CodingKeys: String, CodingKey {
    case exercise, reps, sets, holds, side, partials
    case matchedReps = "matched_reps"
    case timing = "timing_s"
    case hold = "hold_s"
    case rom = "rom_deg"
    case levelChange = "level_change_deg"
    case levelChangeNullMismatches = "level_change_null_mismatches"
    case leftRight = "left_right"
    case countIsExact = "count_exact"
    case notLabelled = "not_labelled"
  }

  /// Writes the statistics; the pairs themselves only as a count.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(exercise, forKey: .exercise)
    try c.encode(reps, forKey: .reps)
    try c.encode(countIsExact, forKey: .countIsExact)
    try c.encode(matches.count, forKey: .matchedReps)
    try c.encode(sets, forKey: .sets)
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
