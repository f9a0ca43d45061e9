import HipTestSupport
import RealModule
import Testing

@testable import HipCore

/// The session analyzer on exact, scripted motion: a supine pelvis lifting
/// in minimum-jerk reps, seen by a sensor declared `x=right,y=up,z=back`.
struct AnalyzerTests {
  typealias ScriptedRep = ScriptedRecording.Rep

  /// Reps every `spacing` seconds, in sets split by a long rest.
  static func script(
    sets: Int = 2, reps: Int = 8, spacing: Double = 5, degrees: Double = 25,
    partialAt: Int? = nil
  ) -> [ScriptedRep] {
    var result: [ScriptedRep] = []
    var time = 3.0
    for _ in 0..<sets {
      for k in 0..<reps {
        let size =
          k == partialAt ? degrees * 0.3 : degrees * (1 - 0.01 * Double(k))
        result.append(
          ScriptedRep(
            start: time, rise: 1.0 + 0.1 * Double(k % 3), hold: Double(k % 3),
            fall: 1.4, degrees: size))
        time += spacing + Double(k % 3)
      }
      time += 25
    }
    return result
  }

  /// Samples of the script at `rate`: the pelvis turns about body Z
  /// (posterior tilt), the sky in body axes turns the opposite way.
  static func samples(_ reps: [ScriptedRep], rate: Double, gyro: Bool)
    -> [Sample]
  {
    samples(
      duration: (reps.last?.end ?? 0) + 5, rate: rate, gyro: gyro
    ) { t in
      var angle = 0.0
      for rep in reps where t >= rep.start && t <= rep.end {
        angle = rep.degrees * rep.share(at: t)
      }
      return angle
    }
  }

  /// Samples of a lift by `angle(t)` degrees (posterior tilt) at `rate`.
  static func samples(
    duration: Double, rate: Double, gyro: Bool, angle: (Double) -> Double
  ) -> [Sample] {
    let count = Int(duration * rate)
    var result: [Sample] = []
    var previous = 0.0
    for i in 0..<count {
      let t = Double(i) / rate
      let angle = angle(t)
      // Supine: sky along body +X, turning toward +Y with the lift.
      let radians = angle * .pi / 180
      let skyBody = Vector3(Double.cos(radians), Double.sin(radians), 0)
      // Sensor axes: x = body Z, y = body Y, z = body -X.
      let skySensor = Vector3(skyBody.z, skyBody.y, -skyBody.x)
      let bodyRate = (angle - previous) * rate
      previous = angle
      // The sky turns by +angle about body Z, so the body turns by -angle:
      // about sensor x (body Z) the rate is -d(angle)/dt.
      result.append(
        Sample(
          time: t, acceleration: skySensor,
          angularRate: gyro ? Vector3(-bodyRate, 0, 0) : nil))
    }
    return result
  }

  static func analyze(
    _ samples: [Sample], rate: Double, gyro: Bool, exercise: String = "bridge",
    side: Side? = nil, placement: Placement = .sacrum
  ) throws -> (SessionAnalysis, [AnalysisEvent]) {
    let axes = (try? AxesMapping(x: .right, y: .up, z: .back))
    var analyzer = try SessionAnalyzer(
      configuration: .init(
        exerciseName: exercise, side: side,
        axes: axes ?? AxesMapping.identityForTests, placement: placement,
        rateHz: rate, hasGyroscope: gyro))
    var events: [AnalysisEvent] = []
    for sample in samples { events += analyzer.add(sample) }
    events += analyzer.finish()
    return (analyzer.summary, events)
  }

  @Test(arguments: [
    (50.0, true), (100.0, true), (400.0, true), (50.0, false), (100.0, false),
    (400.0, false),
  ])
  func everyRepFoundAndTimedAtEveryRate(rate: Double, gyro: Bool) throws {
    let script = Self.script()
    let (summary, _) = try Self.analyze(
      Self.samples(script, rate: rate, gyro: gyro), rate: rate, gyro: gyro)
    let label = "\(Int(rate)) Hz, gyro \(gyro)"
    #expect(summary.reps.count == script.count, "\(label)")
    #expect(summary.sets.map(\.reps) == [8, 8], "\(label)")
    for (found, truth) in zip(summary.reps, script) {
      #expect(Swift.abs(found.startSeconds - truth.start) < 0.08, "\(label)")
      #expect(Swift.abs(found.endSeconds - truth.end) < 0.08, "\(label)")
      #expect(Swift.abs(found.peakSeconds - truth.peak) < 0.1, "\(label)")
      #expect(Swift.abs(found.holdSeconds - truth.hold) < 0.15, "\(label)")
      #expect(Swift.abs(found.romDegrees - truth.degrees) < 0.3, "\(label)")
      #expect(Swift.abs(found.levelChangeDegrees ?? 99) < 0.2, "\(label)")
      #expect(found.side == .both)
    }
  }

  @Test func aSmallRepIsFoundAndMarkedPartial() throws {
    let script = Self.script(sets: 1, reps: 8, partialAt: 5)
    let (summary, _) = try Self.analyze(
      Self.samples(script, rate: 100, gyro: true), rate: 100, gyro: true)
    #expect(summary.reps.map(\.partial) == (0..<8).map { $0 == 5 })
    #expect(summary.sets.map(\.reps) == [7])
  }

  @Test func aShortRestAfterSlowHeldRepsStillEndsTheSet() throws {
    // Reps held 3 s with under a second between them: a rep cycle of
    // 6.8 s, so 13 s of rest is under 2.5 cycles but many pauses long.
    // The second set goes twice as far; its partial rep is judged
    // against it, not against the first set's smaller reps.
    var script: [ScriptedRep] = []
    var time = 3.0
    for (set, degrees) in [12.0, 24.0].enumerated() {
      if set > 0 { time += 13 - 0.8 }
      for k in 0..<8 {
        script.append(
          ScriptedRep(
            start: time, rise: 1.5, hold: 3, fall: 1.5,
            degrees: set == 1 && k == 5 ? 0.35 * degrees : degrees))
        time += 6.8
      }
    }
    let (summary, _) = try Self.analyze(
      Self.samples(script, rate: 100, gyro: true), rate: 100, gyro: true)
    #expect(summary.sets.map(\.reps) == [8, 7])
    #expect(summary.reps.map(\.partial) == (0..<16).map { $0 == 13 })
  }

  @Test func smallShiftsBeforeTheFirstBridgeAreNotReps() throws {
    // Two 2.5° shifts of weight, 3 s apart, then the set: a bridge lifts
    // the pelvis 15-35°, and nothing yet says this person's reps are small.
    var script = [
      ScriptedRep(start: 3, rise: 0.6, hold: 0, fall: 0.6, degrees: 2.5),
      ScriptedRep(start: 6, rise: 0.6, hold: 0, fall: 0.6, degrees: 2.5),
    ]
    script += Self.script(sets: 1, reps: 8).map {
      var rep = $0
      rep.start += 7
      return rep
    }
    let (summary, _) = try Self.analyze(
      Self.samples(script, rate: 100, gyro: true), rate: 100, gyro: true)
    #expect(summary.sets.map(\.reps) == [8])
    #expect(summary.reps.first?.startSeconds ?? 0 > 9.5)
  }

  @Test func aRhythmOfSmallBridgesIsBelievedAfterTwo() throws {
    // Bridges of 4°, under a third of the catalogue's smallest: the first
    // two are taken for shifts of weight, the rhythm then for reps.
    let script = Self.script(sets: 1, reps: 8, degrees: 4)
    let (summary, _) = try Self.analyze(
      Self.samples(script, rate: 100, gyro: true), rate: 100, gyro: true)
    #expect(summary.sets.map(\.reps) == [6])
  }

  @Test func aHoldThatSagsForAMomentIsStillOneHeldTop() throws {
    // 25° bridges held 3 s; in the middle of each hold the hips sag by a
    // third, below three quarters for about 0.15 s, and come back. That is not going out
    // twice: the hold and its middle stand.
    let script = Self.script(sets: 1, reps: 8).map {
      var rep = $0
      rep.hold = 3
      return rep
    }
    let (summary, _) = try Self.analyze(
      Self.samples(
        duration: (script.last?.end ?? 0) + 5, rate: 100, gyro: true
      ) { t in
        guard let rep = script.first(where: { t >= $0.start && t <= $0.end })
        else { return 0 }
        let middle = rep.start + rep.rise + rep.hold / 2
        let away = Swift.abs(t - middle)
        let sag =
          away < 0.2
          ? 0.35 * rep.degrees * 0.5 * (1 + Double.cos(.pi * away / 0.2)) : 0
        return rep.degrees * rep.share(at: t) - sag
      }, rate: 100, gyro: true)
    #expect(summary.sets.map(\.reps) == [8])
    for (found, truth) in zip(summary.reps, script) {
      #expect(Swift.abs(found.holdSeconds - truth.hold) < 0.3)
      #expect(Swift.abs(found.peakSeconds - truth.peak) < 0.15)
    }
  }

  @Test func aPauseAboutARepLongAmongSlowRepsIsNotANewSet() throws {
    // 11 s reps (a slow lift and a slow lowering) a second apart: six
    // pauses make only 6 s, under the 10 s floor, and a 12 s breather
    // after the fifth rep, little more than one rep's cycle, once split
    // the set.
    var script: [ScriptedRep] = []
    var time = 3.0
    for k in 0..<8 {
      script.append(
        ScriptedRep(start: time, rise: 5.5, hold: 0, fall: 5.5, degrees: 25))
      time += 12 + (k == 4 ? 11 : 0)
    }
    let (summary, _) = try Self.analyze(
      Self.samples(script, rate: 100, gyro: true), rate: 100, gyro: true)
    #expect(summary.sets.map(\.reps) == [8])
  }

  @Test func anOversizedFirstRepIsSetRightWhenTheSetCloses() throws {
    // The set's first rep goes 2.5 times as far as the others (the last
    // step of a shift, say). The next two, judged as they end against it,
    // come out partial; they count toward the set's usual range, so the
    // rest of the set is judged against its own reps. When the set closes,
    // its whole usual range judges those two again: full.
    var script = Self.script(sets: 1, reps: 8)
    script[0].degrees *= 2.5
    let (summary, events) = try Self.analyze(
      Self.samples(script, rate: 100, gyro: true), rate: 100, gyro: true)
    #expect(
      events.compactMap(\.completedRep).map(\.partial)
        == [false, true, true] + [Bool](repeating: false, count: 5))
    // Judged again just before the set is said to be done.
    let last = Array(events.suffix(3))
    #expect(last.prefix(2).compactMap(\.repJudgedAgain).map(\.index) == [2, 3])
    #expect(last.last?.completedSet?.reps == 8)
    #expect(summary.reps.map(\.partial) == [Bool](repeating: false, count: 8))
    #expect(summary.sets.map(\.reps) == [8])
  }

  @Test func smallRepsThatOpenASetAreJudgedPartialWhenItCloses() throws {
    // Three reps to 10°, then five to 25°: as they end, the first three
    // have only each other to go by and are full; against the whole set's
    // usual range (25°) they went less than half, which is partial.
    var script = Self.script(sets: 1, reps: 8)
    for k in 0..<3 { script[k].degrees = 10 }
    let (summary, events) = try Self.analyze(
      Self.samples(script, rate: 100, gyro: true), rate: 100, gyro: true)
    #expect(events.compactMap(\.completedRep).allSatisfy { !$0.partial })
    #expect(events.compactMap(\.repJudgedAgain).map(\.index) == [1, 2, 3])
    #expect(summary.reps.map(\.partial) == (0..<8).map { $0 < 3 })
    #expect(summary.sets.map(\.reps) == [5])
    var folded = SessionAnalysis(exercise: "bridge")
    for event in events { folded.apply(event) }
    #expect(folded == summary)
  }

  @Test func twitchesThatOpenedASetAreWithdrawnWhenItCloses() throws {
    // Two 4° twitches of the thigh, three 15° reps, six 40° reps; a break;
    // a second set of eight 40° reps. As they end, the twitches have
    // nothing to be judged against and are shown; against the whole
    // set's usual range (40°) they are a tenth of it, which the fidget
    // rule refuses: they leave the reps. The 15° reps, full as they
    // ended, are then judged partial, at their places after the
    // twitches left; the second set's reps follow on.
    var script: [ScriptedRep] = [
      ScriptedRep(start: 0.5, rise: 0.6, hold: 0, fall: 0.6, degrees: 4),
      ScriptedRep(start: 2.5, rise: 0.6, hold: 0, fall: 0.6, degrees: 4),
    ]
    var time = 5.0
    for k in 0..<9 {
      script.append(
        ScriptedRep(
          start: time, rise: 1.2, hold: 0.5, fall: 1.2,
          degrees: k < 3 ? 15 : 40))
      time += 4.5
    }
    time += 25
    for _ in 0..<8 {
      script.append(
        ScriptedRep(start: time, rise: 1.2, hold: 0.5, fall: 1.2, degrees: 40))
      time += 4.5
    }
    let (summary, events) = try Self.analyze(
      Self.samples(script, rate: 100, gyro: false), rate: 100, gyro: false,
      exercise: "clamshell", side: .left, placement: .thighLeft)
    // Each event's index is the rep's place as the session stands then.
    #expect(events.compactMap(\.withdrawnRep).map(\.index) == [1, 1])
    let judgedAgain = events.compactMap(\.repJudgedAgain)
    #expect(judgedAgain.map(\.index) == [1, 2, 3])
    #expect(judgedAgain.allSatisfy { $0.partial })
    for rep in judgedAgain {
      let index = try #require(rep.index)
      #expect(summary.reps[index - 1].startSeconds == rep.startSeconds)
    }
    #expect(summary.reps.map(\.index) == (1...17).map { $0 })
    #expect(summary.reps.allSatisfy { $0.romDegrees > 10 })
    #expect(summary.sets.map(\.reps) == [6, 8])
    if let set = summary.sets.first {
      #expect(Swift.abs(set.startSeconds - script[2].start) < 0.3)
    }
    #expect(
      summary.ignoredMovements.prefix(2).map(\.reason)
        == [.tooSmall, .tooSmall])
    // A live view folds the same events into the same summary.
    var folded = SessionAnalysis(exercise: "clamshell")
    for event in events { folded.apply(event) }
    #expect(folded == summary)
  }

  @Test func aRhythmOfRepsTooBigForAPelvisOverrulesThePrior() throws {
    // 25° reps declared as pelvic tilts from the sacrum (at most 10° there):
    // one big movement is refused, a rhythm of them is believed.
    let script = Self.script(sets: 1, reps: 8)
    let (summary, events) = try Self.analyze(
      Self.samples(script, rate: 100, gyro: true), rate: 100, gyro: true,
      exercise: "pelvic-tilt")
    let refused = events.filter {
      if case .movementIgnored(let movement) = $0 {
        movement.reason == .tooLarge
      } else {
        false
      }
    }
    #expect(refused.count == 1)
    #expect(summary.sets.map(\.reps) == [7])
  }

  @Test func theSummaryIsExactlyTheEventsFolded() throws {
    let script = Self.script()
    let (summary, events) = try Self.analyze(
      Self.samples(script, rate: 100, gyro: true), rate: 100, gyro: true)
    var folded = SessionAnalysis(exercise: "bridge")
    for event in events { folded.apply(event) }
    #expect(folded == summary)
    #expect(
      events.contains { if case .setCompleted = $0 { true } else { false } })
  }

  @Test func theSameSamplesGiveTheSameResult() throws {
    let samples = Self.samples(Self.script(), rate: 100, gyro: true)
    let first = try Self.analyze(samples, rate: 100, gyro: true)
    let second = try Self.analyze(samples, rate: 100, gyro: true)
    #expect(first.0 == second.0)
    #expect(first.1 == second.1)
  }

  @Test func aLongStillExcursionIsAHoldNotARep() throws {
    let reps = [
      ScriptedRep(start: 3, rise: 1.5, hold: 25, fall: 1.5, degrees: 20)
    ]
    let (summary, events) = try Self.analyze(
      Self.samples(reps, rate: 100, gyro: true), rate: 100, gyro: true)
    #expect(summary.reps.isEmpty)
    #expect(summary.holds.count == 1)
    if let hold = summary.holds.first {
      #expect(Swift.abs(hold.startSeconds - 4.5) < 0.15)
      #expect(Swift.abs(hold.endSeconds - 29.5) < 0.15)
    }
    let announced = events.filter {
      if case .holdStarted = $0 { true } else { false }
    }
    #expect(announced.count == 1, "a live view is told once, at 10 s")
  }
}

extension AnalysisEvent {
  var ignoredTime: Double? {
    if case .movementIgnored(let movement) = self {
      movement.startSeconds
    } else {
      nil
    }
  }
  var completedRep: Rep? {
    if case .repCompleted(let rep) = self { rep } else { nil }
  }
  var repJudgedAgain: Rep? {
    if case .repJudgedAgain(let rep) = self { rep } else { nil }
  }
  var withdrawnRep: Rep? {
    if case .repWithdrawn(let rep, _) = self { rep } else { nil }
  }
  var completedSet: ExerciseSet? {
    if case .setCompleted(let set) = self { set } else { nil }
  }
}

extension AxesMapping {
  /// Sensor axes equal to body axes.
  static var identityForTests: AxesMapping {
    // x=forward,y=up,z=right is right-handed by construction.
    (try? AxesMapping(x: .forward, y: .up, z: .right))
      ?? { preconditionFailure("identity axes are right-handed") }()
  }
}
