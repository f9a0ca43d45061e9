import HipCore
import RealModule
import Testing

@testable import HipSynth

/// Sessions whose labels are checked against their own noiseless samples.
private let labelled: [(Exercise, Side?, Placement)] = [
  (.bridge, nil, .sacrum),
  (.singleLegBridge, .left, .hipLeft),
  (.quadrupedHipExtension, .right, .sacrum),
  (.birdDog, nil, .sacrum),
  (.proneHipExtension, .right, .thighRight),
  (.standingHipFlexion, .left, .thighLeft),
  (.sideLyingHipAbduction, .right, .thighRight),
  (.clamshell, .left, .hipLeft),
  (.deadBug, nil, .sacrum),
  (.squat, nil, .thighRight),
  (.seatedFootTaps, nil, .hipRight),
  (.sitToStand, nil, .sacrum),
]

private func noiseless(
  _ exercise: Exercise, side: Side?, placement: Placement
) throws -> SynthSession {
  let settings = try SynthSettings(
    exercise: exercise, side: side, placement: placement, rateHz: 200,
    seed: 42, part: .ideal, sets: 2, repsPerSet: 6, holdSeconds: 1.5,
    misalignmentDegrees: 10, bumps: 0)
  return SynthSession(settings: settings)
}

/// The sample nearest device time `t`.
private func nearest(_ samples: [Sample], _ t: Double) -> Sample? {
  samples.min { Swift.abs($0.time - t) < Swift.abs($1.time - t) }
}

/// The rotation angle from `from` to `to` integrated from the gyroscope
/// (trapezoidal rates), degrees.
private func integratedAngle(_ samples: [Sample], from: Double, to: Double)
  -> Double
{
  let span = samples.filter { $0.time >= from && $0.time <= to }
  var q = Quaternion.identity
  for (a, b) in zip(span, span.dropFirst()) {
    guard let ra = a.angularRate, let rb = b.angularRate else { continue }
    let mean = (ra + rb) / 2 / Units.degreesPerRadian
    q = (q * Quaternion(rotationVector: mean * (b.time - a.time))).normalized
  }
  return q.angleDegrees
}

@Test(
  "Labels agree with angles recomputed from noiseless samples",
  arguments: labelled.indices)
func labelsMatchSamples(index: Int) throws {
  let (exercise, side, placement) = labelled[index]
  let session = try noiseless(exercise, side: side, placement: placement)
  let samples = session.samples()
  let mounting = session.imu.mounting
  let name = "\(exercise.rawValue) at \(placement.rawValue)"
  #expect(session.truth.reps.count == 12, "\(name)")
  var levelsChecked = 0
  for (i, rep) in session.truth.reps.enumerated() {
    // Range: the gyroscope, integrated from rest to the peak, turns the
    // sensor by the rotation between the two attitudes.
    let rom = integratedAngle(
      samples, from: rep.startSeconds, to: rep.peakSeconds)
    let labelledRom = try #require(rep.romDegrees)
    #expect(
      Swift.abs(rom - labelledRom) < 0.1,
      "\(name) rep \(i): gyro \(rom), label \(labelledRom)")
    // Level: the still accelerometer at rest and in the middle of the
    // hold, mapped to the body frame through the true mounting.
    guard try #require(rep.holdSeconds) >= 1,
      let level = try #require(rep.levelChange).degrees
    else { continue }
    let rest = try #require(nearest(samples, rep.startSeconds))
    let peak = try #require(nearest(samples, rep.peakSeconds))
    let restAngles = AttitudeAngles(up: mounting.rotate(rest.acceleration))
    let peakAngles = AttitudeAngles(up: mounting.rotate(peak.acceleration))
    let fromSamples = peakAngles.levelDegrees - restAngles.levelDegrees
    #expect(
      Swift.abs(fromSamples - level) < 0.1,
      "\(name) rep \(i): samples \(fromSamples), label \(level)")
    levelsChecked += 1
  }
  // Every posture but side-lying has a level; sit-to-stand has no still
  // furthest position.
  let expectLevels =
    exercise.profile.posture != .sideLying && exercise != .sitToStand
  #expect((levelsChecked >= 8) == expectLevels, "\(name): \(levelsChecked)")
}

@Test("A bridge's range shows in gravity alone: it turns about a level axis")
func bridgeRangeFromGravity() throws {
  let session = try noiseless(.bridge, side: nil, placement: .sacrum)
  let samples = session.samples()
  for rep in session.truth.reps {
    let rest = try #require(nearest(samples, rep.startSeconds))
    let peak = try #require(nearest(samples, rep.peakSeconds))
    let angle = rest.acceleration.angleDegrees(to: peak.acceleration)
    #expect(Swift.abs(angle - (try #require(rep.romDegrees))) < 0.1)
  }
}

@Test("Labels keep the contract's shape", arguments: labelled.indices)
func labelShape(index: Int) throws {
  let (exercise, side, placement) = labelled[index]
  let settings = try SynthSettings(
    exercise: exercise, side: side, placement: placement, seed: 5,
    sets: 2, repsPerSet: 8)
  let truth = SynthSession(settings: settings).truth
  #expect(truth.sets.count == 2)
  for rep in truth.reps {
    #expect(rep.startSeconds < rep.peakSeconds)
    #expect(rep.peakSeconds < rep.endSeconds)
    #expect(try #require(rep.holdSeconds) < 10)
    let inSet = truth.sets.contains {
      $0.startSeconds <= rep.startSeconds && rep.endSeconds <= $0.endSeconds
    }
    #expect(inSet)
    switch exercise.profile.sidedness {
    case .both: #expect(rep.side == .both)
    case .oneSided: #expect(rep.side == side)
    case .alternating: #expect(rep.side == .left || rep.side == .right)
    }
  }
  // Sets are apart by a real rest.
  for (a, b) in zip(truth.sets, truth.sets.dropFirst()) {
    #expect(b.startSeconds - a.endSeconds >= 15)
  }
}

@Test("Alternating reps hike the pelvis toward the working leg")
func alternatingSides() throws {
  for exercise in [Exercise.birdDog, .deadBug, .seatedFootTaps] {
    let settings = try SynthSettings(
      exercise: exercise, placement: .sacrum, seed: 3, part: .ideal,
      repsPerSet: 10)
    let truth = SynthSession(settings: settings).truth
    #expect(truth.reps.contains { $0.side == .left })
    #expect(truth.reps.contains { $0.side == .right })
    for rep in truth.reps where !rep.partial {
      let level = try #require(rep.levelChange?.degrees)
      #expect(
        rep.side == .left ? level < 0 : level > 0,
        "\(exercise.rawValue) \(rep.side.rawValue) rep: \(level)")
    }
  }
}

@Test("Side-lying reps have no level change; holds are holds")
func sideLyingAndHolds() throws {
  let side = try SynthSettings(
    exercise: .clamshell, side: .right, placement: .sacrum, seed: 9)
  for rep in SynthSession(settings: side).truth.reps {
    #expect(rep.levelChange == .undefined)
  }
  let stretch = try SynthSettings(
    exercise: .hipFlexorStretch, side: .left, seed: 9, sets: 3,
    holdSeconds: 25)
  let truth = SynthSession(settings: stretch).truth
  #expect(truth.reps.isEmpty)
  #expect(truth.holds.count == 3)
  for hold in truth.holds {
    #expect(Swift.abs(hold.durationSeconds - 25) < 0.5)
  }
  let bridge = try SynthSettings(
    exercise: .bridge, seed: 9, longHoldSeconds: 30)
  let bridgeTruth = SynthSession(settings: bridge).truth
  #expect(bridgeTruth.holds.count == 1)
  #expect(bridgeTruth.reps.count == 16)
}

@Test("The same seed gives the same samples; another seed does not")
func determinism() throws {
  func run(_ seed: UInt64) throws -> ([Sample], GroundTruth) {
    let settings = try SynthSettings(
      exercise: .clamshell, side: .left, placement: .thighLeft, rateHz: 50,
      seed: seed, part: .mpu6050, gaps: 2, bumps: 1)
    let session = SynthSession(settings: settings)
    return (session.samples(), session.truth)
  }
  let (a, truthA) = try run(77)
  let (b, truthB) = try run(77)
  let (c, truthC) = try run(78)
  #expect(a == b)
  #expect(truthA == truthB)
  #expect(a != c)
  #expect(truthA != truthC)
}

@Test("Gaps lose samples and show in the timestamps")
func gaps() throws {
  let settings = try SynthSettings(
    exercise: .pelvicTilt, rateHz: 50, seed: 4, gaps: 3)
  let session = SynthSession(settings: settings)
  let samples = session.samples()
  #expect(samples.count == session.sampleCount - session.lostSamples.count)
  #expect(!session.lostSamples.isEmpty)
  let period = 1 / settings.rateHz
  let jumps = zip(samples, samples.dropFirst()).filter {
    $1.time - $0.time > 1.8 * period
  }
  #expect(!jumps.isEmpty)
  #expect(zip(samples, samples.dropFirst()).allSatisfy { $1.time > $0.time })
}

@Test("Settings out of range are refused")
func invalidSettings() {
  // Walking is simulated now, but not from a thigh.
  #expect(throws: SynthSettings.Invalid.self) {
    try SynthSettings(exercise: .walking, placement: .thighRight)
  }
  #expect(throws: SynthSettings.Invalid.self) {
    try SynthSettings(exercise: .bridge, rateHz: 5)
  }
  #expect(throws: SynthSettings.Invalid.self) {
    try SynthSettings(exercise: .birdDog, side: .left)
  }
  #expect(throws: SynthSettings.Invalid.self) {
    try SynthSettings(exercise: .clamshell, misalignmentDegrees: 45)
  }
}

@Test(
  "A rep is partial when its rom_deg is under half of its set's usual",
  arguments: [
    (Exercise.seatedFootTaps, Placement.sacrum, UInt64(22)),
    (.pelvicTilt, .sacrum, 6), (.deadBug, .sacrum, 24),
  ])
func partialByTheSegmentsOwnRange(
  exercise: Exercise, placement: Placement, seed: UInt64
) throws {
  let settings = try SynthSettings(
    exercise: exercise, placement: placement, rateHz: 100, seed: seed,
    repsPerSet: 10)
  let session = SynthSession(settings: settings)
  let reps = session.truth.reps
  #expect(reps.contains { $0.partial })
  for set in session.truth.sets {
    let inSet = reps.filter {
      set.startSeconds <= $0.startSeconds && $0.endSeconds <= set.endSeconds
    }
    let ranges = try inSet.map { try #require($0.romDegrees) }
    let usual = ranges.sorted()[ranges.count / 2]
    for (rep, range) in zip(inSet, ranges) {
      #expect(rep.partial == (range < 0.5 * usual), "\(rep)")
    }
  }
}
