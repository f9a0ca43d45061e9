/// Figures a walking test set's summary must reach: the gate that pins
/// what the step analysis reaches today (``ScoreRequirements`` for reps).
///
/// Every requirement set here must be measured: a figure that cannot be
/// computed misses it. `nil` requires nothing.
public struct StepRequirements: Sendable, Equatable {
  public var minimumPrecision: Double?
  public var minimumRecall: Double?
  /// Median absolute contact time error, s, at most.
  public var maximumMedianTimingSeconds: Double?
  /// Percent of matched steps whose side is right, at least.
  public var minimumSidePercent: Double?
  /// Percent of labelled bouts whose steps are counted within 1, at least.
  public var minimumBoutsWithinOnePercent: Double?
  /// Median absolute cadence error, steps a minute, at most.
  public var maximumMedianCadenceError: Double?
  /// Steps found outside labelled walking, at most.
  public var maximumStepsOutsideWalking: Int?

  public init(
    minimumPrecision: Double? = nil, minimumRecall: Double? = nil,
    maximumMedianTimingSeconds: Double? = nil,
    minimumSidePercent: Double? = nil,
    minimumBoutsWithinOnePercent: Double? = nil,
    maximumMedianCadenceError: Double? = nil,
    maximumStepsOutsideWalking: Int? = nil
  ) {
    self.minimumPrecision = minimumPrecision
    self.minimumRecall = minimumRecall
    self.maximumMedianTimingSeconds = maximumMedianTimingSeconds
    self.minimumSidePercent = minimumSidePercent
    self.minimumBoutsWithinOnePercent = minimumBoutsWithinOnePercent
    self.maximumMedianCadenceError = maximumMedianCadenceError
    self.maximumStepsOutsideWalking = maximumStepsOutsideWalking
  }

  public var isEmpty: Bool { self == StepRequirements() }

  /// Each requirement `summary` misses, one sentence naming the figure, its
  /// value and the required one; empty when all are met.
  public func misses(_ summary: StepSummary?) -> [String] {
    guard !isEmpty else { return [] }
    guard let summary, summary.recordings > 0 else {
      return [
        "no walking recording scored, so no required step figure was measured"
      ]
    }
    var found: [String] = []
    func text(_ value: Double) -> String {
      ScoreSummary.text(value, decimals: 4)
    }
    func atLeast(_ value: Double?, _ required: Double?, _ figure: String) {
      guard let required else { return }
      guard let value else {
        found.append("\(figure) not measured; required at least \(required)")
        return
      }
      if !(value >= required) {
        found.append(
          "\(figure) \(text(value)) is below the required \(required)")
      }
    }
    func atMost(_ value: Double?, _ required: Double?, _ figure: String) {
      guard let required else { return }
      guard let value else {
        found.append("\(figure) not measured; required at most \(required)")
        return
      }
      if !(value <= required) {
        found.append(
          "\(figure) \(text(value)) is above the required \(required)")
      }
    }
    atLeast(summary.steps.precision, minimumPrecision, "step precision")
    atLeast(summary.steps.recall, minimumRecall, "step recall")
    atMost(
      summary.timing.medianAbsolute, maximumMedianTimingSeconds,
      "median step time error s")
    atLeast(
      summary.sideAgreement.map { 100 * $0 }, minimumSidePercent,
      "percent of steps with the right side")
    atLeast(
      summary.boutsWithinOneShare.map { 100 * $0 },
      minimumBoutsWithinOnePercent, "percent of bouts with steps within 1")
    atMost(
      summary.cadence.medianAbsolute, maximumMedianCadenceError,
      "median cadence error spm")
    atMost(
      maximumStepsOutsideWalking.map { _ in Double(summary.stepsOutsideBouts) },
      maximumStepsOutsideWalking.map(Double.init), "steps found outside walking"
    )
    return found
  }
}
