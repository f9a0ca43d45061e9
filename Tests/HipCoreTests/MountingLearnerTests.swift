import Testing

@testable import HipCore

/// A thigh strap's turn about the thigh, learned from the axis the set's
/// reps swing it about.
struct MountingLearnerTests {
  private let settings = SessionAnalyzer.MountingSettings()

  /// `up` (in the thigh's own frame) as the sensor's declared frame reads
  /// it through a strap turned `turn` degrees about the thigh.
  private func seen(_ up: Vector3, turn: Double) -> Vector3 {
    Quaternion(axis: Vector3(0, 1, 0), degrees: turn).conjugate.rotate(up)
  }

  private func swung(_ rest: Vector3, degrees: Double) -> Vector3 {
    Quaternion(axis: Vector3(0, 0, 1), degrees: degrees).rotate(rest)
  }

  /// The swing's axis as the sensor reads it, from `rest` to `degrees`.
  private func swingAxis(from rest: Vector3, degrees: Double, turn: Double)
    -> Vector3
  {
    seen(rest, turn: turn).cross(
      seen(swung(rest, degrees: degrees), turn: turn))
  }

  @Test func anUprightThighsSwingTellsItsStrapsTurn() throws {
    let rest = Vector3(0, 1, 0)
    var learner = MountingLearner()
    let before = AttitudeAngles(
      up: learner.fixedCorrection().rotate(
        seen(swung(rest, degrees: 60), turn: 33)))
    // Read through the turned strap, the swing is a roll of about 28°.
    #expect(Swift.abs(before.levelDegrees) > 25)
    learner.learnStrapTurn(
      swingAxis: swingAxis(from: rest, degrees: 60, turn: 33),
      swingDegrees: 60, restUp: seen(rest, turn: 33), settings: settings)
    let correction = try #require(learner.correction)
    for degrees in [20.0, 45, 90] {
      let up = correction.rotate(seen(swung(rest, degrees: degrees), turn: 33))
      #expect(Swift.abs(AttitudeAngles(up: up).levelDegrees) < 0.01)
    }
  }

  @Test func aSwingTooSmallSidewaysOrNearlyStraightTeachesNothing() {
    let rest = Vector3(0, 1, 0)
    var learner = MountingLearner()
    learner.learnStrapTurn(
      swingAxis: swingAxis(from: rest, degrees: 3, turn: 33),
      swingDegrees: 3, restUp: rest, settings: settings)
    // A leg lifted sideways swings about the forward axis: no strap turns
    // that far.
    learner.learnStrapTurn(
      swingAxis: Vector3(1, 0, 0), swingDegrees: 30, restUp: rest,
      settings: settings)
    // A swing 15° off the left-right axis is as likely a leg that also
    // swings out a little as a strap that turned.
    learner.learnStrapTurn(
      swingAxis: swingAxis(from: rest, degrees: 40, turn: 15),
      swingDegrees: 40, restUp: rest, settings: settings)
    #expect(learner.correction == .identity)
  }

  @Test func aThighRestingAtAnAngleShowsItsTurnInItsPostures() {
    // Lying with the knees bent, the thigh leans 45°: the postures' level
    // has the strap's turn, and the swing does not overrule it.
    let rest = Vector3(0.7071, 0.7071, 0)
    var learner = MountingLearner()
    learner.note(seen(rest, turn: 30), duration: 5, settings: settings)
    let postures = learner.fixedCorrection()
    learner.learnStrapTurn(
      swingAxis: swingAxis(from: rest, degrees: 25, turn: 30),
      swingDegrees: 25, restUp: seen(rest, turn: 30), settings: settings)
    #expect(learner.correction == postures)
  }
}
