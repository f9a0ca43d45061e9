/// Figures a test set's summary must reach: a gate that pins what the
/// analysis reaches today, so that a change that makes it worse fails.
///
/// Unlike ``ScoreTargets`` (where the project wants to be, a statistic
/// with nothing to measure being no shortfall), every requirement set here
/// must be measured: a figure that cannot be computed misses it.
/// `nil` requires nothing.
public struct ScoreRequirements: Sendable, Equatable {
  /// F1 over full reps, at least.
  public var minimumF1: Double?
  /// Percent of recordings whose count of full reps is exactly right, at
  /// least.
  public var minimumPercentCountedExactly: Double?
  /// Median absolute error of rep start, s, at most.
  public var maximumMedianStartSeconds: Double?
  /// Median absolute error of rep end, s, at most.
  public var maximumMedianEndSeconds: Double?
  /// True partial reps paired with a detected full rep, at most.
  public var maximumPartialsCountedAsFull: Int?

  public init(
    minimumF1: Double? = nil, minimumPercentCountedExactly: Double? = nil,
    maximumMedianStartSeconds: Double? = nil,
    maximumMedianEndSeconds: Double? = nil,
    maximumPartialsCountedAsFull: Int? = nil
  ) {
    self.minimumF1 = minimumF1
    self.minimumPercentCountedExactly = minimumPercentCountedExactly
    self.maximumMedianStartSeconds = maximumMedianStartSeconds
    self.maximumMedianEndSeconds = maximumMedianEndSeconds
    self.maximumPartialsCountedAsFull = maximumPartialsCountedAsFull
  }

  /// Whether any figure is required at all.
  public var isEmpty: Bool { self == ScoreRequirements() }

  /// Each requirement `summary` misses, one sentence naming the figure, its
  /// value and the required one; empty when all are met.
  public func misses(_ summary: ScoreSummary) -> [String] {
    guard !isEmpty else { return [] }
    guard summary.recordings > 0 else {
      return ["no recording scored, so no required figure was measured"]
    }
    var found: [String] = []
    // One more decimal than `hipform eval` prints, so that a value just
    // below its pin does not read as equal to it.
    func text(_ value: Double, _ decimals: Int) -> String {
      ScoreSummary.text(value, decimals: decimals)
    }
    func atLeast(
      _ value: Double?, _ required: Double?, _ figure: String, _ decimals: Int
    ) {
      guard let required else { return }
      guard let value else {
        found.append("\(figure) not measured; required at least \(required)")
        return
      }
      guard !(value >= required) else { return }
      found.append(
        "\(figure) \(text(value, decimals)) is below the required \(required)")
    }
    func atMost(
      _ value: Double?, _ required: Double?, _ figure: String, _ decimals: Int
    ) {
      guard let required else { return }
      guard let value else {
        found.append(
          "\(figure) not measured (no rep paired); required at most "
            + "\(required)")
        return
      }
      guard !(value <= required) else { return }
      found.append(
        "\(figure) \(text(value, decimals)) is above the required \(required)")
    }
    atLeast(summary.reps.f1, minimumF1, "rep F1", 4)
    atLeast(
      summary.recordingsCountedExactlyShare.map { 100 * $0 },
      minimumPercentCountedExactly, "percent of recordings counted exactly", 2
    )
    atMost(
      summary.timing.start.medianAbsolute, maximumMedianStartSeconds,
      "median start error s", 4)
    atMost(
      summary.timing.end.medianAbsolute, maximumMedianEndSeconds,
      "median end error s", 4)
    if let allowed = maximumPartialsCountedAsFull,
      summary.partials.partialCountedAsFull > allowed
    {
      found.append(
        "partial reps counted as full \(summary.partials.partialCountedAsFull)"
          + " is above the required \(allowed)")
    }
    return found
  }
}
