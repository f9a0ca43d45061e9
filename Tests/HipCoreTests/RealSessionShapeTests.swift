import HipTestSupport
import Testing

@testable import HipCore

/// What real people's recordings do that tidy simulated sessions did not
/// (`../shared/real/README.md`), on exact scripted motion: each test fails
/// on the finder that waited for a quiet second, gated a thigh's rest by
/// its posture, or gave a set's first rep 5 s to be followed.
struct RealSessionShapeTests {
  typealias ScriptedRep = ScriptedRecording.Rep

  static func reps(
    count: Int, firstStart: Double, rise: Double, hold: Double, fall: Double,
    pause: Double, degrees: Double = 25
  ) -> [ScriptedRep] {
    (0..<count).map { k in
      ScriptedRep(
        start: firstStart + Double(k) * (rise + hold + fall + pause),
        rise: rise, hold: hold, fall: fall, degrees: degrees)
    }
  }

  static func fullReps(
    _ reps: [ScriptedRep], exercise: String = "bridge",
    placement: Placement = .sacrum
  ) throws -> Int {
    let (analysis, _) = try AnalyzerTests.analyze(
      AnalyzerTests.samples(reps, rate: 100, gyro: true), rate: 100,
      gyro: true, exercise: exercise, placement: placement)
    return analysis.reps.filter { !$0.partial }.count
  }

  @Test func smallMovementsThatOutnumberTheRepsAreNotTheSetsUsualRange() throws
  {
    // A bird-dog seen from one thigh: three small shifts while getting
    // ready, then five 40° reps of this leg with the other leg's reps in
    // between, which move this thigh 6°. The small movements outnumber the
    // reps, so their median is 6°, and half of that made every one of them
    // a full rep; the set's usual range is its large reps'.
    var reps = (0..<3).map { k in
      ScriptedRep(
        start: 1 + 2.5 * Double(k), rise: 0.8, hold: 0.3, fall: 0.8, degrees: 4)
    }
    for k in 0..<5 {
      let start = 10 + 8 * Double(k)
      reps.append(
        ScriptedRep(start: start, rise: 1.2, hold: 1, fall: 1.4, degrees: 40))
      if k < 4 {
        reps.append(
          ScriptedRep(
            start: start + 4.5, rise: 1, hold: 0.6, fall: 1, degrees: 6))
      }
    }
    #expect(
      try Self.fullReps(reps, exercise: "bird-dog", placement: .thighRight)
        == 5)
  }

  @Test func aSessionThatStartsWithARepCountsIt() throws {
    // The first rep leaves the starting position 0.3 s in: no quiet
    // second comes before it.
    let reps = Self.reps(
      count: 8, firstStart: 0.3, rise: 1.2, hold: 1, fall: 1.4, pause: 1.5)
    #expect(try Self.fullReps(reps) == 8)
  }

  @Test func aSlowFirstRepWaitsForTheNextTwiceItsLength() throws {
    // 6 s reps 8 s apart, as a thigh sees bird-dogs: the other side's rep
    // fills the pause.
    let reps = Self.reps(
      count: 4, firstStart: 3, rise: 2.5, hold: 1, fall: 2.5, pause: 8)
    #expect(try Self.fullReps(reps) == 4)
  }

  @Test func aSecondSetsSlowFirstRepWaitsItsOwnLengthForTheNext() throws {
    // A first set of quick reps with short pauses (1.5 s reps, 0.5 s
    // apart: the first rep of the next set would wait 3 s), then a set
    // begun with a 5 s rep and a 4 s pause before the next.
    let first = Self.reps(
      count: 6, firstStart: 3, rise: 0.6, hold: 0.3, fall: 0.6, pause: 0.5)
    var second = [
      ScriptedRep(start: 40, rise: 2, hold: 1, fall: 2, degrees: 25)
    ]
    second += Self.reps(
      count: 5, firstStart: 49, rise: 0.6, hold: 0.3, fall: 0.6, pause: 0.5)
    #expect(try Self.fullReps(first + second) == 12)
  }

  @Test func aSecondSetsFirstRepLikeTheSessionsWaitsASetBreak() throws {
    // Bridges back to back (0.2 s apart: a first rep of the next set
    // would wait at most its own length, 3 s), then a set begun with a rep
    // like them, a 6 s pause (settling, a fidget), and the rest back to
    // back again.
    let first = Self.reps(
      count: 5, firstStart: 3, rise: 1.4, hold: 0.2, fall: 1.4, pause: 0.2,
      degrees: 30)
    var second = [
      ScriptedRep(start: 40, rise: 1.4, hold: 0.2, fall: 1.4, degrees: 30)
    ]
    second += Self.reps(
      count: 4, firstStart: 49, rise: 1.4, hold: 0.2, fall: 1.4, pause: 0.2,
      degrees: 30)
    #expect(try Self.fullReps(first + second) == 10)
    // One unlike them (two thirds of their range) still has to keep the
    // rhythm.
    second[0].degrees = 20
    let (analysis, _) = try AnalyzerTests.analyze(
      AnalyzerTests.samples(first + second, rate: 100, gyro: true), rate: 100,
      gyro: true)
    #expect(analysis.reps.filter { !$0.partial }.count == 9)
    #expect(
      analysis.ignoredMovements.contains {
        $0.reason == .outOfRhythm && Swift.abs($0.startSeconds - 40) < 0.5
      })
  }

  @Test func aPartialRepHeldStillAfterANewSetsFirstRepIsNoNewRest() throws {
    // A first set of 30° bridges; after a break, a set of 18-20° bridges
    // held 2 s at the top with next to no pause at the bottom, whose first
    // rep is followed by a 6° partial rep held 2 s: under the last set's
    // onset (7.5°), so no movement.
    let first = Self.reps(
      count: 6, firstStart: 3, rise: 1.2, hold: 1, fall: 1.2, pause: 1,
      degrees: 30)
    var second = [
      ScriptedRep(start: 40, rise: 1.5, hold: 2, fall: 1.5, degrees: 20),
      ScriptedRep(start: 45.3, rise: 0.8, hold: 2, fall: 0.8, degrees: 6),
    ]
    second += Self.reps(
      count: 5, firstStart: 49.1, rise: 1.5, hold: 2, fall: 1.5, pause: 0.2,
      degrees: 18)
    // Without the limit the rest settled on the partial rep's top, and the
    // next reps were counted from their tops down.
    #expect(try Self.fullReps(first + second) == 12)
  }

  @Test func aThighsRestIsNotRefusedByItsPosture() throws {
    // The scripted segment lies with its front to the sky; declared as a
    // side-lying clamshell from a thigh, whose strap may be turned 45°,
    // the rest is not "out of position".
    let reps = Self.reps(
      count: 8, firstStart: 3, rise: 1.2, hold: 0.5, fall: 1.4, pause: 1.5,
      degrees: 40)
    #expect(
      try Self.fullReps(reps, exercise: "clamshell", placement: .thighRight)
        == 8)
    // On the pelvis the posture still tells getting into position apart:
    // two movements from a rest outside it are not reps. Eight alike in a
    // rhythm overrule it (the sensor may sit other than declared:
    // `RepFinderTests`), and the catalogue's range for a clamshell (these
    // are far larger) too, each with a rhythm of its own: the last 5 count.
    #expect(
      try Self.fullReps(
        Array(reps.prefix(2)), exercise: "clamshell", placement: .sacrum) == 0)
    #expect(
      try Self.fullReps(reps, exercise: "clamshell", placement: .sacrum) == 5)
  }

  /// Slow bird-dogs seen from the right thigh, analysed.
  ///
  /// `count` reps of 50°, each held `hold` s, with `pause` s between them;
  /// after the first, `sag(t)` degrees off the top `t` s into the hold.
  /// The other leg's reps turn this thigh 18° (`otherLeg`: the seconds
  /// after each rep's start at which they begin; none after the last).
  static func slowBirdDogs(
    count: Int, hold: Double, pause: Double, otherLeg: [Double] = [],
    sag: @escaping (Double) -> Double = { _ in 0 }
  ) throws -> SessionAnalysis {
    let own = Self.reps(
      count: count, firstStart: 3, rise: 2.5, hold: hold, fall: 2.5,
      pause: pause, degrees: 50)
    let other = own.dropLast().flatMap { rep in
      otherLeg.map {
        ScriptedRep(
          start: rep.start + $0, rise: 1, hold: 1.5, fall: 1, degrees: 18)
      }
    }
    let samples = AnalyzerTests.samples(
      duration: own[count - 1].end + 5, rate: 100, gyro: false
    ) { t in
      for rep in own.dropFirst() where t >= rep.start && t <= rep.end {
        let held = t - rep.start - rep.rise
        let off = held >= 0 && held <= rep.hold ? sag(held) : 0
        return rep.degrees * rep.share(at: t) - off
      }
      for rep in own.prefix(1) where t >= rep.start && t <= rep.end {
        return rep.degrees * rep.share(at: t)
      }
      for rep in other where t >= rep.start && t <= rep.end {
        return rep.degrees * rep.share(at: t)
      }
      return 0
    }
    return try AnalyzerTests.analyze(
      samples, rate: 100, gyro: false, exercise: "bird-dog", side: .right,
      placement: .thighRight
    ).0
  }

  @Test func aLongHoldThatSagsAndLiftsAgainIsTheRepsTopNotANewRest() throws {
    // 8 s holds that sag 8° and lift 4° again (a slow bird-dog, 25% slower
    // than `../shared/real/mex`'s people). Before the rest remembered where
    // the first rep turned back, the second rep's top, left and come back
    // to, was taken for the rest: every later rep was measured from the
    // top, and 2 of 4 counted.
    func sag(_ t: Double) -> Double {
      8 * MinimumJerk.position((t - 2) / 1.5)
        - 4 * MinimumJerk.position((t - 4.5) / 1.5)
    }
    let analysis = try Self.slowBirdDogs(
      count: 4, hold: 8, pause: 8, sag: sag)
    let counted = analysis.reps.filter { !$0.partial }
    #expect(counted.count == 4)
    // Measured from the knee on the floor, not from a top: about 50°.
    #expect(counted.allSatisfy { $0.romDegrees > 40 })
    #expect(analysis.sets.count == 1)
  }

  @Test func theOtherLegsMovementsAreNoPartOfAThighsRhythm() throws {
    // Slow bird-dogs from the thigh with the other leg's reps seen as
    // small movements right after and before each of this leg's, but not
    // in the last pause. Their short pauses made the set's break short, and
    // the last pause (9.5 s, as long as the others) closed the set.
    let analysis = try Self.slowBirdDogs(
      count: 5, hold: 4, pause: 9.5, otherLeg: [9.3, 14.9])
    #expect(analysis.reps.filter { !$0.partial }.count == 5)
    #expect(analysis.reps.filter(\.partial).count >= 2)
    #expect(analysis.sets.count == 1)
  }

  @Test func whereTheBodyWentLongAgoIsNoRepsTop() throws {
    // From a thigh: down on the floor (60°) and up again, 40 s standing,
    // down there again, then five 15° bridges from it. The first trip's
    // furthest position is no rep's top by now: the floor is the rest, and
    // the bridges count.
    let trip = ScriptedRep(start: 3, rise: 2, hold: 4, fall: 2, degrees: 60)
    let down = trip.end + 40
    let bridges = Self.reps(
      count: 5, firstStart: down + 8, rise: 1.2, hold: 1, fall: 1.4,
      pause: 2, degrees: 15)
    let samples = AnalyzerTests.samples(
      duration: bridges[4].end + 5, rate: 100, gyro: true
    ) { t in
      if t >= down {
        let lying = 60 * MinimumJerk.position((t - down) / 2)
        for rep in bridges where t >= rep.start && t <= rep.end {
          return lying + rep.degrees * rep.share(at: t)
        }
        return lying
      }
      return t >= trip.start && t <= trip.end
        ? trip.degrees * trip.share(at: t) : 0
    }
    let (analysis, _) = try AnalyzerTests.analyze(
      samples, rate: 100, gyro: true, placement: .thighRight)
    #expect(analysis.reps.filter { !$0.partial }.count == 5)
  }
}
