import HipCore
import HipReport

/// A walking session made in code, the same every time.
///
/// Walks of steps whose times and pelvic drops follow a fixed pattern,
/// summed by the model's own definitions (``WalkingBout/init(steps:drops:)``,
/// ``GaitSummary/init(bouts:)``). The reports' tests need walking that
/// does not move when the analysis or the simulator is tuned.
public enum WalkingFixture {
  /// Small fixed wobbles, a share of a step time or a degree's fraction.
  static let wobble = [0.0, 0.03, -0.02, 0.05, -0.04, 0.01, -0.03]

  /// The analysis document of a walking session.
  ///
  /// - Parameters:
  ///   - walks: Each walk's first contact, s, and its number of steps.
  ///   - leftStep: How long a step landing on the left foot takes, s.
  ///   - rightStep: The same for the right foot.
  ///   - leftDrop: The pelvis's dip standing on the left leg, degrees;
  ///     `nil` with `rightDrop` for a sensor that cannot see it.
  ///   - rightDrop: The dip standing on the right leg.
  ///   - placement: Where the sensor is worn.
  ///   - hasGyro: Whether it has a gyroscope.
  ///   - duration: The recording's length, s.
  /// - Returns: The document.
  public static func document(
    walks: [(start: Double, steps: Int)] = [(4.2, 24), (31.5, 40), (70.8, 16)],
    leftStep: Double = 0.56, rightStep: Double = 0.63,
    leftDrop: Double? = 4.1, rightDrop: Double? = 6.9,
    placement: String = "sacrum", hasGyro: Bool = true,
    duration: Double = 90
  ) -> AnalysisDocument {
    var analysis = SessionAnalysis(exercise: Exercise.walking.rawValue)
    var bouts: [WalkingBout] = []
    var counted = 0
    for walk in walks {
      var steps: [Step] = []
      var drops: [Double?] = []
      var time = walk.start
      for index in 0..<walk.steps {
        let side: Side = index % 2 == 0 ? .left : .right
        let k = counted + index
        if index > 0 {
          let base = side == .left ? leftStep : rightStep
          time += base * (1 + wobble[k % wobble.count])
        }
        steps.append(Step(time: time, side: side))
        let dip = side == .left ? leftDrop : rightDrop
        // A walk's last contact has no stance to its next.
        drops.append(
          index == walk.steps - 1
            ? nil : dip.map { $0 + 20 * wobble[(3 * k) % wobble.count] })
      }
      counted += walk.steps
      analysis.steps += steps
      bouts.append(
        WalkingBout(
          steps: steps, drops: leftDrop == nil && rightDrop == nil ? nil : drops
        ))
    }
    analysis.walkingBouts = bouts
    analysis.gait = GaitSummary(bouts: bouts)
    return AnalysisDocument(
      recording: .init(
        durationSeconds: duration, rateHz: 100, samples: Int(duration * 100),
        invalidSamples: 0, gaps: 0, hasGyro: hasGyro),
      analysis: analysis, side: .both, placement: placement)
  }

  /// Its report, as `hipform report` builds it from a saved session whose
  /// recording is not read (no angle trace: walking draws none).
  public static func report(
    _ document: AnalysisDocument = document(), pain: Int? = 2,
    note: String? = "Around the block, a bit stiff at the start."
  ) -> SessionReport {
    SessionReport(
      document: document, recordingName: "walk-sacrum-100hz.csv",
      pain: pain, note: note)
  }
}
