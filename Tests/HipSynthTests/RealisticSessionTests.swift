import HipCore
import RealModule
import Testing

@testable import HipSynth

/// The options that make a session do what real recordings do
/// (`../shared/real/README.md`), each against the same session without it.
struct RealisticSessionTests {
  private func session(
    _ exercise: Exercise = .squat, placement: Placement = .thighRight,
    seed: UInt64 = 31, part: IMUPart = .ideal, misalignment: Double? = nil,
    startsMidSet: Bool = false, backToBack: Bool = false,
    cutAndJoined: Bool = false, strapTurn: Double? = nil,
    clockError: Double? = nil, fidgets: Int = 0, sets: Int = 2,
    hasGyro: Bool = true
  ) throws -> SynthSession {
    SynthSession(
      settings: try SynthSettings(
        exercise: exercise, placement: placement, rateHz: 100, seed: seed,
        hasGyro: hasGyro, part: part, sets: sets,
        misalignmentDegrees: misalignment, startsMidSet: startsMidSet,
        backToBack: backToBack, cutAndJoined: cutAndJoined,
        strapTurnDegrees: strapTurn, clockErrorPercent: clockError,
        fidgets: fidgets))
  }

  /// The stillness between consecutive reps of a set, s.
  private func pausesWithinSets(_ truth: GroundTruth) -> [Double] {
    zip(truth.reps, truth.reps.dropFirst()).compactMap { a, b in
      let sameSet = truth.sets.contains {
        $0.startSeconds <= a.startSeconds && b.endSeconds <= $0.endSeconds
      }
      return sameSet ? b.startSeconds - a.endSeconds : nil
    }
  }

  @Test func startedMidSetTheFirstWholeRepComesWithinASecond() throws {
    for exercise in [Exercise.bridge, .clamshell, .sitToStand] {
      let tidy = try session(exercise, placement: .sacrum)
      let started = try session(
        exercise, placement: .sacrum, startsMidSet: true)
      let tidyFirst = try #require(tidy.truth.reps.first)
      let first = try #require(started.truth.reps.first)
      #expect(tidyFirst.startSeconds > 5, "\(exercise.rawValue)")
      #expect(first.startSeconds < 1.5, "\(exercise.rawValue)")
      // Whole: it leaves rest after the recording has begun.
      #expect(first.startSeconds > 0, "\(exercise.rawValue)")
      #expect(started.truth.reps.count == tidy.truth.reps.count)
      // No standing first: the sky is in the exercise's posture from t = 0.
      let atStart = attitudeAngles(
        started.segmentAttitude(atDeviceTime: 0))
      let atFirstRep = attitudeAngles(
        started.segmentAttitude(atDeviceTime: first.startSeconds))
      #expect(
        Swift.abs(atStart.tiltDegrees - atFirstRep.tiltDegrees) < 2,
        "\(exercise.rawValue)")
    }
  }

  @Test func backToBackRepsHaveLittleStillnessBetweenThem() throws {
    for exercise in [Exercise.sitToStand, .squat, .bridge] {
      let tidy = try session(exercise, placement: .sacrum)
      let continuous = try session(
        exercise, placement: .sacrum, backToBack: true)
      let tidyPauses = pausesWithinSets(tidy.truth)
      let pauses = pausesWithinSets(continuous.truth)
      #expect(!pauses.isEmpty)
      #expect(tidyPauses.contains { $0 >= 0.3 }, "\(exercise.rawValue)")
      #expect(pauses.allSatisfy { $0 < 1.2 }, "\(exercise.rawValue)")
      #expect(pauses.allSatisfy { $0 < 0.31 }, "\(exercise.rawValue)")
    }
    // A five-times sit-to-stand never stands still: a brief top, if any.
    let sitToStand = try session(
      .sitToStand, placement: .sacrum, backToBack: true)
    #expect(
      sitToStand.truth.reps.allSatisfy { ($0.holdSeconds ?? .infinity) < 0.1 })
  }

  @Test func cutAndJoinedRepsLeaveGapsInTBetweenRepsOnly() throws {
    let tidy = try session(placement: .sacrum, sets: 1)
    let cut = try session(placement: .sacrum, cutAndJoined: true, sets: 1)
    let samples = cut.samples()
    let reps = cut.truth.reps
    #expect(reps.count == tidy.truth.reps.count)
    let jumps = zip(samples, samples.dropFirst()).filter {
      $1.time - $0.time > 0.5
    }
    #expect(jumps.count == reps.count - 1)
    let gaps = try #require(cut.truth.gaps)
    #expect(gaps.count == reps.count - 1)
    for (jump, gap) in zip(jumps, gaps) {
      #expect(Swift.abs(jump.0.time - gap.startSeconds) < 0.005)
      #expect(Swift.abs(jump.1.time - gap.endSeconds) < 0.005)
      #expect((0.6...2.7).contains(gap.endSeconds - gap.startSeconds))
      // Between reps, never inside one.
      #expect(
        !reps.contains {
          $0.startSeconds < gap.startSeconds && gap.endSeconds < $0.endSeconds
        })
    }
    // Each rep runs over its segment, from the first sample to the last.
    let first = try #require(samples.first)
    let last = try #require(samples.last)
    #expect(Swift.abs(first.time - reps[0].startSeconds) < 0.005)
    #expect(Swift.abs(last.time - reps[reps.count - 1].endSeconds) < 0.005)
    // Cut mid-movement: each segment starts after its rep left rest and
    // ends before it is back; the peak and range are the whole rep's.
    let scale = cut.imu.clockScale
    for (rep, whole) in zip(reps, try #require(cut.choreography).reps) {
      #expect(rep.startSeconds > whole.start * scale)
      #expect(rep.endSeconds < whole.end * scale)
      #expect(rep.peakSeconds < rep.endSeconds)
    }
    // Nothing at rest: the gyroscope is turning as each segment starts.
    for rep in reps {
      let start = try #require(samples.first { $0.time >= rep.startSeconds })
      let rate = try #require(start.angularRate)
      #expect(rate.length > 1, "at \(rep.startSeconds)")
    }
    #expect(tidy.truth.gaps == nil)
  }

  @Test(arguments: [22.0, 42.0])
  func aTurnedStrapPutsGravityOffTheDeclaredAxes(turn: Double) throws {
    // Lying prone, the thigh's long axis is level: a turn about it moves
    // the sky in the sensor frame by the whole turn.
    func offDeclared(_ session: SynthSession) throws -> Double {
      let first = try #require(session.truth.reps.first)
      let samples = session.samples()
      let rest = try #require(samples.last { $0.time < first.startSeconds })
      let declared = Quaternion(
        columns: session.settings.axes.x.bodyVector,
        session.settings.axes.y.bodyVector, session.settings.axes.z.bodyVector)
      let sky = skyInBody(session.segmentAttitude(atDeviceTime: rest.time))
      return declared.rotate(rest.acceleration).angleDegrees(to: sky)
    }
    for hasGyro in [true, false] {
      let straight = try session(
        .proneHipExtension, placement: .thighLeft, misalignment: 0,
        startsMidSet: true, hasGyro: hasGyro)
      let turned = try session(
        .proneHipExtension, placement: .thighLeft, misalignment: 3,
        startsMidSet: true, strapTurn: turn, hasGyro: hasGyro)
      #expect(try offDeclared(straight) < 1)
      let off = try offDeclared(turned)
      #expect(Swift.abs(off - turn) < 4, "\(off)")
      #expect((20...45).contains(off), "\(off)")
      #expect(
        turned.samples().allSatisfy { ($0.angularRate != nil) == hasGyro })
    }
    #expect(throws: SynthSettings.Invalid.self) {
      try SynthSettings(exercise: .bridge, strapTurnDegrees: 30)
    }
  }

  @Test(arguments: [3.0, -2.0])
  func aDriftingClockStretchesTByThePercentGiven(percent: Double) throws {
    let drifting = try session(clockError: percent)
    let exact = try session()
    let trueSeconds = drifting.body.duration
    let last = try #require(drifting.samples().last)
    let exactLast = try #require(exact.samples().last)
    #expect(Swift.abs(last.time / trueSeconds - (1 + percent / 100)) < 0.001)
    #expect(Swift.abs(exactLast.time / trueSeconds - 1) < 0.001)
    // The same motion: the labels move with the clock.
    for (rep, exactRep) in zip(drifting.truth.reps, exact.truth.reps) {
      #expect(
        Swift.abs(rep.peakSeconds - exactRep.peakSeconds * (1 + percent / 100))
          < 1e-6)
    }
  }

  @Test func fidgetsMoveTheBodyBetweenRepsAndAreNotLabelled() throws {
    // Turning faster than sway between the reps of a set, the fidgets
    // show in the gyroscope where no rep is labelled.
    func turnedBetweenReps(_ session: SynthSession) -> Int {
      let samples = session.samples()
      let reps = session.truth.reps
      return zip(reps, reps.dropFirst()).filter { a, b in
        samples.contains {
          $0.time > a.endSeconds && $0.time < b.startSeconds
            && b.startSeconds - a.endSeconds < 10
            && ($0.angularRate?.length ?? 0) > 2
        }
      }.count
    }
    let tidy = try session(.bridge, placement: .thighLeft, sets: 2)
    let fidgety = try session(
      .bridge, placement: .thighLeft, fidgets: 4, sets: 2)
    #expect(turnedBetweenReps(tidy) == 0)
    #expect(turnedBetweenReps(fidgety) >= 3)
    #expect(fidgety.truth.reps.count == tidy.truth.reps.count)
    #expect(fidgety.truth.sets.count == tidy.truth.sets.count)
  }

  @Test func aPelvicTiltTurnsTheThighsAsRealThighsTurn() throws {
    // In `../shared/real/mex` the thigh turns 4-14 degrees in a pelvic
    // tilt; the thighs once turned a tenth of the pelvis (under a degree),
    // a rep no real thigh sensor records.
    for seed in [UInt64(5), 9, 14] {
      let pelvis = try session(.pelvicTilt, placement: .sacrum, seed: seed)
      let thigh = try session(.pelvicTilt, placement: .thighRight, seed: seed)
      #expect(thigh.truth.reps.count == pelvis.truth.reps.count)
      func middleTurn(_ s: SynthSession) -> Double {
        let turns = s.truth.reps.compactMap(\.romDegrees).sorted()
        return turns[turns.count / 2]
      }
      let pelvisTurn = middleTurn(pelvis)
      let thighTurn = middleTurn(thigh)
      #expect(thighTurn >= 0.55 * pelvisTurn, "seed \(seed)")
      #expect(thighTurn <= 1.05 * pelvisTurn, "seed \(seed)")
    }
  }

  @Test func everyConditionTogetherStaysDeterministic() throws {
    func run() throws -> ([Sample], GroundTruth) {
      let s = try session(
        .sitToStand, placement: .thighLeft, seed: 77, part: .mpu6050,
        startsMidSet: true, backToBack: true, strapTurn: 35, clockError: 2.5,
        fidgets: 2, hasGyro: false)
      return (s.samples(), s.truth)
    }
    let (a, truthA) = try run()
    let (b, truthB) = try run()
    #expect(a == b)
    #expect(truthA == truthB)
    #expect(a.allSatisfy { $0.angularRate == nil })
  }
}
