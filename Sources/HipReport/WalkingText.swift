import HipCore

/// Walking in a patient's and a physical therapist's words: steps,
/// rhythm, and how far the pelvis dips while standing on each leg.
public enum WalkingText {
  typealias N = NumberText

  static let stepsToStart = GaitSettings.default.stepsToStartBout
  static let longestPause = N.fixed(GaitSettings.default.longestPause, 0)

  /// A difference in drop between the legs from which it is worth a
  /// word, degrees: a stride's drop varies by about a degree.
  public static let noticeableDropDifference = 2.0

  /// Left and right step times under this many percent apart read as
  /// "about the same time".
  public static let evenStepTimesPercent = 10.0

  /// Steps needed before the step times' evenness is judged: over a short
  /// walk a step's natural variation and a turn decide it (a healthy
  /// walker's two 10-step walks in `../shared/real/walking` read 7% and
  /// 11% apart).
  public static let stepsToJudgeEvenness = 20

  /// What the left and right step times say.
  public enum Evenness: Equatable, Sendable {
    /// Within ``evenStepTimesPercent`` of each other.
    case even(percent: Double)
    /// One side's steps take longer.
    case uneven(percent: Double)
    /// Fewer than ``stepsToJudgeEvenness`` steps: not judged.
    case tooFewSteps(percent: Double, steps: Int)

    public var percent: Double {
      switch self {
      case .even(let p), .uneven(let p), .tooFewSteps(let p, _): p
      }
    }
  }

  /// The recording's step-time evenness; `nil` when not measured.
  public static func evenness(_ gait: GaitSummary) -> Evenness? {
    guard let percent = gait.stepTimeAsymmetryPercent else { return nil }
    if gait.steps < stepsToJudgeEvenness {
      return .tooFewSteps(percent: percent, steps: gait.steps)
    }
    return percent < evenStepTimesPercent
      ? .even(percent: percent) : .uneven(percent: percent)
  }

  /// "63 steps in 6 walks, 41 s of walking, 101 steps a minute".
  public static func headline(_ analysis: SessionAnalysis) -> String {
    guard let gait = analysis.gait else { return "0 steps" }
    let walks = analysis.walkingBouts.count
    return
      "\(gait.steps) steps in \(walks) \(walks == 1 ? "walk" : "walks"), "
      + "\(N.fixed(gait.walkingSeconds, 0)) s of walking, "
      + "\(N.fixed(gait.cadence, 0)) steps a minute"
  }

  /// Below this rate a step's timing is too coarse for its rhythm's
  /// evenness, Hz (walking is measured at 100 Hz; a step lasts about
  /// half a second).
  public static let lowestSteadyRate = 25.0

  /// What the sensor sees of walking from where it is worn, and at its
  /// rate; `nil` when it sees everything (a pelvis sensor with a gyroscope
  /// at 25 Hz or more).
  public static func sensorNote(
    placement: Placement, hasGyro: Bool, rateHz: Double
  ) -> String? {
    let notes = [
      placementNote(placement: placement, hasGyro: hasGyro),
      rateHz < lowestSteadyRate
        ? "Recorded at \(N.fixed(rateHz, 0)) Hz: each step is timed to "
          + "\(N.fixed(1000 / rateHz, 0)) ms at best, so small differences "
          + "between left and right steps are not measured; 50-100 Hz is "
          + "usual for walking."
        : nil,
    ].compactMap { $0 }
    return notes.isEmpty ? nil : notes.joined(separator: " ")
  }

  private static func placementNote(placement: Placement, hasGyro: Bool)
    -> String?
  {
    if !placement.isOnPelvis {
      return
        "The sensor is on the thigh: it counts steps and their rhythm, "
        + "telling left from right by which foot jolts that leg; it cannot "
        + "see the pelvis dip."
    }
    if placement != .sacrum, !hasGyro {
      return
        "The sensor is on the hip, with no gyroscope: steps and rhythm are "
        + "counted; the pelvis's dip cannot be told apart from its sway, so "
        + "it is not measured."
    }
    if placement != .sacrum {
      return
        "The sensor is on the hip, not over the lower back where walking "
        + "is usually measured: steps, rhythm and the pelvis's dip are "
        + "found the same way, and may be less exact."
    }
    if !hasGyro {
      return
        "This sensor has no gyroscope: steps and rhythm are counted, but "
        + "the pelvis's dip cannot be told apart from its sway, so it is "
        + "not measured."
    }
    return nil
  }

  /// One line per walk.
  public static func boutLines(_ analysis: SessionAnalysis) -> [String] {
    analysis.walkingBouts.enumerated().map { number, bout in
      var line =
        "walk \(number + 1): \(bout.steps) steps, "
        + "\(N.fixed(bout.startSeconds, 1))-\(N.fixed(bout.endSeconds, 1)) s, "
        + "\(N.fixed(bout.cadence, 0)) steps a minute"
      if let asymmetry = bout.stepTimeAsymmetryPercent {
        line += ", left and right steps differ by \(N.fixed(asymmetry, 0))%"
        if bout.steps < stepsToJudgeEvenness { line += " (a short walk)" }
      }
      if let drop = bout.pelvicDrop {
        line += "; pelvis dip " + dropText(drop)
      }
      return line
    }
  }

  /// "on the left leg 4.1°, on the right 6.0°".
  public static func dropText(_ drop: PelvicDrop) -> String {
    "standing on the left leg "
      + (drop.leftStance.map { N.fixed($0, 1) + "°" } ?? "n/a")
      + ", on the right "
      + (drop.rightStance.map { N.fixed($0, 1) + "°" } ?? "n/a")
  }

  /// The recording's gait in sentences: rhythm, evenness, and the dip.
  public static func summaryLines(_ analysis: SessionAnalysis) -> [String] {
    guard let gait = analysis.gait else { return [] }
    var lines = [headline(analysis) + "."]
    if let evenness = evenness(gait) {
      let apart = "\(N.fixed(evenness.percent, 0))% apart"
      switch evenness {
      case .even:
        lines.append(
          "Left and right steps took about the same time (\(apart)).")
        // Pooled over every walk, one side's longer steps in one walk and
        // the other's in the next even out; walks long enough to judge
        // that disagree with the total are worth a word.
        let walks = analysis.walkingBouts.filter {
          $0.steps >= stepsToJudgeEvenness
        }
        .compactMap(\.stepTimeAsymmetryPercent)
        if let most = walks.max(), most >= evenStepTimesPercent {
          lines.append(
            "Some walks were less even (up to \(N.fixed(most, 0))% apart), "
              + "one side's steps longer in one walk and the other's in "
              + "another, perhaps where you turned or paused.")
        }
      case .uneven:
        lines.append(
          "Left and right steps took different times: \(apart) (a limp "
            + "shows as one side's steps taking longer).")
      case .tooFewSteps(_, let steps):
        lines.append(
          "Left and right steps: \(apart), from \(steps) steps: too few to "
            + "tell a limp from a step's natural variation (\(stepsToJudgeEvenness) "
            + "or more are needed).")
      }
    }
    if let drop = gait.pelvicDrop {
      lines.append(
        "While you stand on one leg, the pelvis dips on the other side: "
          + dropText(drop) + ".")
      if let verdict = dropVerdict(drop) { lines.append(verdict) }
    }
    return lines
  }

  /// Which leg's side muscles to watch, when one stance dips clearly
  /// more; `nil` when the two are close.
  public static func dropVerdict(_ drop: PelvicDrop) -> String? {
    guard let left = drop.leftStance, let right = drop.rightStance,
      Swift.abs(left - right) >= noticeableDropDifference
    else { return nil }
    let (weaker, other) = left > right ? ("left", "right") : ("right", "left")
    return
      "The pelvis dips more while you stand on your \(weaker) leg than on "
      + "your \(other). A physical therapist checks this (the Trendelenburg "
      + "sign): the side muscles of the \(weaker) hip, which clamshells and "
      + "side-lying leg lifts strengthen, may not be holding the pelvis level."
  }

  /// The stance side whose drop is clearly larger; `nil` when close or
  /// unmeasured.
  public static func largerDropSide(_ drop: PelvicDrop) -> Side? {
    guard let left = drop.leftStance, let right = drop.rightStance,
      Swift.abs(left - right) >= noticeableDropDifference
    else { return nil }
    return left > right ? .left : .right
  }
}
