import Testing

@testable import HipCore

/// A thigh strap's turn about the thigh, learned from the thigh's swing.
struct MountingLearnerTests {
  private let settings = SessionAnalyzer.MountingSettings()

  /// The sky direction in the sensor's declared frame of a thigh whose
  /// strap is turned `turn` degrees about it, swung forward `swing`
  /// degrees from `rest` (sky directions in the thigh's own frame).
  private func seen(_ up: Vector3, turn: Double) -> Vector3 {
    Quaternion(axis: Vector3(0, 1, 0), degrees: turn).conjugate.rotate(up)
  }

  private func swung(_ rest: Vector3, degrees: Double) -> Vector3 {
    Quaternion(axis: Vector3(0, 0, 1), degrees: degrees).rotate(rest)
  }

  @Test func anUprightThighsSwingTellsItsStrapsTurn() throws {
    let rest = Vector3(0, 1, 0)
    let peak = swung(rest, degrees: 60)
    var learner = MountingLearner()
    let before = AttitudeAngles(
      up: learner.fixedCorrection().rotate(seen(peak, turn: 33)))
    // Read through the turned strap, the swing is a roll of about 28°.
    #expect(Swift.abs(before.levelDegrees) > 25)
    learner.learnStrapTurn(
      restUp: seen(rest, turn: 33), peakUp: seen(peak, turn: 33),
      settings: settings)
    let correction = try #require(learner.correction)
    for degrees in [20.0, 45, 90] {
      let up = correction.rotate(seen(swung(rest, degrees: degrees), turn: 33))
      #expect(Swift.abs(AttitudeAngles(up: up).levelDegrees) < 0.01)
    }
  }

  @Test func aSwingTooSmallOrSidewaysTeachesNothing() {
    let rest = Vector3(0, 1, 0)
    var learner = MountingLearner()
    learner.learnStrapTurn(
      restUp: rest, peakUp: swung(rest, degrees: 3), settings: settings)
    // A leg lifted sideways swings about the forward axis: no strap turns
    // that far.
    let sideways = Quaternion(axis: Vector3(1, 0, 0), degrees: 30).rotate(rest)
    learner.learnStrapTurn(restUp: rest, peakUp: sideways, settings: settings)
    #expect(learner.correction == .identity)
  }

  @Test func aThighRestingAtAnAngleShowsItsTurnInItsPostures() {
    // Lying with the knees bent, the thigh leans 45°: the postures' level
    // has the strap's turn, and the swing does not overrule it.
    let rest = Vector3(0.7071, 0.7071, 0)
    var learner = MountingLearner()
    learner.note(seen(rest, turn: 20), duration: 5, settings: settings)
    let postures = learner.fixedCorrection()
    learner.learnStrapTurn(
      restUp: seen(rest, turn: 20),
      peakUp: seen(swung(rest, degrees: 25), turn: 20), settings: settings)
    #expect(learner.correction == postures)
  }
}
