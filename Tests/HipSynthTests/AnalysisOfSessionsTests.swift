import HipCore
import Testing

@testable import HipSynth

/// The analysis on simulated sessions that once defeated it.
struct AnalysisOfSessionsTests {
  /// Checks that the session's sets are all found, each with its count.
  private func expectEverySetCounted(
    _ settings: SynthSettings, sets count: Int,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let sets = try score(settings).sets.sets
    #expect(sets.count == count, sourceLocation: sourceLocation)
    #expect(
      sets.map(\.detectedReps) == sets.map(\.trueReps),
      sourceLocation: sourceLocation)
  }

  /// The analysis of a simulated session, scored against its labels.
  private func score(_ settings: SynthSettings) throws -> RecordingScore {
    let session = SynthSession(settings: settings)
    var analyzer = try SessionAnalyzer(
      configuration: .init(
        exerciseName: settings.exercise.rawValue, side: settings.side,
        axes: settings.axes, placement: settings.placement,
        rateHz: settings.rateHz, hasGyroscope: settings.hasGyro))
    session.generate { _ = analyzer.add($0) }
    _ = analyzer.finish()
    return RecordingScore(truth: session.truth, analysis: analyzer.summary)
  }

  @Test func turningToFaceElsewhereBeforeTheFirstSetIsNotARep() throws {
    // Standing, the person steps round by about 30° and stands a few
    // seconds before the first rep; the pelvis tilts by 3° on the way.
    // Taken for a rep with a long hold, that turn once set the reps'
    // thresholds so high that no later rep was seen.
    let settings = try SynthSettings(
      exercise: .standingHipFlexion, side: .left, placement: .sacrum,
      rateHz: 104, seed: 419, part: .bmi270)
    try expectEverySetCounted(settings, sets: 2)
  }

  @Test func standingUpThroughTheAccelerometersSwingIsOneRep() throws {
    // Without a gyroscope, pushing off the seat swings the measured sky
    // back through the seated rest at speed before the lean forward. Taken
    // as a return to rest, that split one rep into two.
    let settings = try SynthSettings(
      exercise: .sitToStand, placement: .sacrum, rateHz: 50, seed: 632,
      hasGyro: false, sets: 1)
    try expectEverySetCounted(settings, sets: 1)
  }

  @Test func anMPU6050sLargeBiasIsCalibratedBeforeTheFirstSet() throws {
    // A bias of several deg/s, only partly learned by an exponential
    // average over the first still seconds: the rest was anchored while
    // the estimate still drifted, and most of the first set was lost.
    let settings = try SynthSettings(
      exercise: .deadBug, placement: .hipRight,
      rateHz: 833, seed: 825, part: .mpu6050, misalignmentDegrees: 9)
    try expectEverySetCounted(settings, sets: 2)
  }

  @Test func theRestIsTakenOnceTheEstimateHasSettledAfterLyingDown() throws {
    // Lying down from standing leaves an MPU-6050's fusion over a degree
    // off; it settles onto the accelerometer over the next second or two.
    // The rest, once taken at once, drifted away from the body by as much
    // as a pelvic tilt's onset, and a set's reps ran from top to top.
    let settings = try SynthSettings(
      exercise: .pelvicTilt, side: .both, placement: .hipLeft,
      axes: AxesMapping(x: .back, y: .up, z: .left), rateHz: 104, seed: 306,
      part: .mpu6050, repsPerSet: 10)
    let score = try score(settings)
    #expect(
      score.sets.sets.map(\.detectedReps) == score.sets.sets.map(\.trueReps))
    #expect(score.reps.falsePositives == 0)
    #expect(score.reps.falseNegatives == 0)
  }

  @Test func aRepStartedAfterTheFirstWasJudgedIsNotTheFirstJudgedAgain() throws
  {
    // Standing up leans the pelvis further than standing holds it, so the
    // first rep's fall was timed from the lean and its end put two seconds
    // late, past the next rep's peak. That next rep was then taken for the
    // first judged again, and the set's first rep was lost.
    let settings = try SynthSettings(
      exercise: .sitToStand, placement: .hipRight,
      axes: AxesMapping(x: .forward, y: .up, z: .right), rateHz: 104,
      seed: 431, part: .mpu6050)
    try expectEverySetCounted(settings, sets: 2)
  }

  @Test func aSitToStandsFurthestPositionIsTheLeanNotStanding() throws {
    // The pelvis leans forward to stand, stands, then leans again to sit:
    // two excursions and no hold. Timed as one held top, the peak fell in
    // the standing stretch, the range came out half the lean's, and the
    // set's later reps looked partial beside its first.
    let settings = try SynthSettings(
      exercise: .sitToStand, placement: .sacrum,
      axes: AxesMapping(x: .right, y: .up, z: .back), rateHz: 200, seed: 530,
      part: .bmi270, misalignmentDegrees: 6)
    let score = try score(settings)
    #expect(
      score.sets.sets.map(\.detectedReps) == score.sets.sets.map(\.trueReps))
    #expect((score.rom.meanAbsolute ?? .infinity) < 3)
    #expect((score.hold.meanAbsolute ?? .infinity) < 0.3)
  }

  @Test(arguments: [Exercise.standingHipFlexion, .squat])
  func aThighStrapsTurnIsLearnedFromTheThighsSwing(exercise: Exercise) throws {
    // Standing, the thigh is upright and no posture shows how far its
    // strap has turned about it; read through a strap 35° off, each
    // swing forward put 14-17° of roll into the level change. The set's
    // first reps show the turn, and the reps after them are measured
    // through it.
    let settings = try SynthSettings(
      exercise: exercise, side: exercise == .squat ? .both : .left,
      placement: .thighLeft, rateHz: 100, seed: 2, hasGyro: false,
      strapTurnDegrees: 35)
    let score = try score(settings)
    #expect(score.reps.falsePositives == 0 && score.reps.falseNegatives == 0)
    #expect((score.levelChange.medianAbsolute ?? .infinity) < 2)
  }

  @Test func aLargeMovementBeforeLyingDownIsNotTheSetsFirstRep() throws {
    // From a thigh, getting down to the floor swings the thigh 84° and
    // back to standing, then lying down turns it 93°: that swing, from
    // another position than the reps', was taken for the set's first rep,
    // its range made every 7° pelvic tilt too small to see, and 1 rep of
    // 16 was counted.
    let settings = try SynthSettings(
      exercise: .pelvicTilt, placement: .thighLeft, rateHz: 100, seed: 2,
      hasGyro: false, part: .mpu6050)
    try expectEverySetCounted(settings, sets: 2)
  }
}
