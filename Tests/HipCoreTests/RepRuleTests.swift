import Testing

@testable import HipCore

/// One test per rule of the rep finder's table (``RepRule``), each on a
/// small made-up movement: the rule refuses it for its reason, and a
/// movement just on the other side of the rule's line passes it.
struct RepRuleTests {
  typealias Verdict = RepRule.Verdict

  /// A 2 s, 20° rep from 10 s, about the right-left axis, not held.
  static func movement(
    start: Double = 10, duration: Double = 2, range: Double = 20,
    hold: Double = 0, axis: Vector3 = Vector3(1, 0, 0)
  ) -> MeasuredMovement {
    MeasuredMovement(
      startTime: start, peakTime: start + duration / 2,
      endTime: start + duration, judgedTime: start + duration + 0.3,
      riseEnd: start + (duration - hold) / 2,
      fallStart: start + (duration + hold) / 2, holdTime: hold,
      peakUp: Vector3(0, 1, 0), range: range, tilt: range, rise: range,
      footOffset: 0, axis: axis, restUp: Vector3(1, 0, 0))
  }

  /// A set under way whose reps are typically 20° and 2 s, about the
  /// right-left axis.
  static func context(
    inPosture: Bool = true, typicalRange: Double? = 20,
    typicalDuration: Double? = 2, setFullReps: Int = 3,
    side: Side = .both, exerciseIsAHold: Bool = false,
    largestPelvisRep: Double? = nil, smallestFirstPelvisRep: Double? = nil,
    sideAxes: [Vector3] = []
  ) -> RepRule.Context {
    let movement = SessionAnalyzer.MovementSettings()
    return RepRule.Context(
      settings: .init(), restInPosture: inPosture,
      thresholds: movement.thresholds(typicalRange: typicalRange),
      typicalDuration: typicalDuration, setFullReps: setFullReps,
      setAxis: typicalRange == nil ? .zero : Vector3(1, 0, 0),
      sideAxes: sideAxes, side: side,
      exerciseIsAHold: exerciseIsAHold, largestPelvisRep: largestPelvisRep,
      smallestFirstPelvisRep: smallestFirstPelvisRep, partialShare: 0.5,
      samePosition: 30)
  }

  static func judge(
    _ rule: RepRule, _ movement: MeasuredMovement,
    _ context: RepRule.Context = context()
  ) -> Verdict {
    var memory = RepRule.CatalogueMemory()
    return rule.judge(movement, in: context, memory: &memory)
  }

  @Test func everyRuleButTheHoldGivesItsOwnReason() {
    for rule in RepRule.allCases {
      #expect((rule.reason == nil) == (rule == .heldIsAHold), "\(rule)")
    }
  }

  @Test func aTypicalRepPassesTheWholeTable() {
    var memory = RepRule.CatalogueMemory()
    #expect(
      RepRule.judge(Self.movement(), in: Self.context(), memory: &memory)
        == .passes)
  }

  @Test func theFirstRuleThatRefusesDecides() {
    // Both out of position and a bump: the posture comes first.
    var memory = RepRule.CatalogueMemory()
    let verdict = RepRule.judge(
      Self.movement(duration: 0.2), in: Self.context(inPosture: false),
      memory: &memory)
    #expect(verdict == .refuses(.notInPosition))
  }

  @Test func aRepFromOutsideThePostureIsGettingIntoIt() {
    #expect(
      Self.judge(
        .fromThePosture, Self.movement(), Self.context(inPosture: false))
        == .refuses(.notInPosition))
    #expect(Self.judge(.fromThePosture, Self.movement()) == .passes)
  }

  @Test func aBumpIsTooShort() {
    #expect(
      Self.judge(.longerThanABump, Self.movement(duration: 0.4))
        == .refuses(.tooShort))
    #expect(
      Self.judge(.longerThanABump, Self.movement(duration: 0.5)) == .passes)
  }

  @Test func aPelvisMovementFarBeyondTheCatalogueIsRefusedUntilARhythm() {
    let context = Self.context(largestPelvisRep: 40)
    var memory = RepRule.CatalogueMemory()
    let rule = RepRule.withinThePelvisRange
    // Standing up once: refused.
    #expect(
      rule.judge(
        Self.movement(start: 10, range: 60), in: context, memory: &memory)
        == .refuses(.tooLarge))
    // One alike movement soon after: a rhythm, so these are reps after all.
    #expect(
      rule.judge(
        Self.movement(start: 14, range: 62), in: context, memory: &memory)
        == .passes)
    #expect(memory.largeRepsAreReal)
    // Within the range: never asked.
    #expect(Self.judge(rule, Self.movement(range: 39), context) == .passes)
  }

  @Test func aMovementTooLongToBeARepIsRefusedButItsHoldDoesNotCount() {
    #expect(
      Self.judge(.notTooLong, Self.movement(duration: 21))
        == .refuses(.tooLong))
    // 30 s out, 25 of them held: 5 s of motion.
    #expect(
      Self.judge(.notTooLong, Self.movement(duration: 30, hold: 25)) == .passes)
  }

  @Test func aLongStillExcursionIsAHold() {
    #expect(
      Self.judge(.heldIsAHold, Self.movement(duration: 14, hold: 10))
        == .isAHold)
    #expect(
      Self.judge(.heldIsAHold, Self.movement(duration: 13, hold: 9.5))
        == .passes)
    // Held long but small: a shift of the rest, not a hold.
    #expect(
      Self.judge(.heldIsAHold, Self.movement(duration: 14, range: 5, hold: 10))
        == .passes)
  }

  @Test func aStretchHasNoReps() {
    #expect(
      Self.judge(
        .exerciseRepeats, Self.movement(), Self.context(exerciseIsAHold: true))
        == .refuses(.notAHold))
    #expect(Self.judge(.exerciseRepeats, Self.movement()) == .passes)
  }

  @Test func aFidgetIsTooSmallForTheSet() {
    #expect(
      Self.judge(.biggerThanAFidget, Self.movement(range: 3.9))
        == .refuses(.tooSmall))
    #expect(
      Self.judge(.biggerThanAFidget, Self.movement(range: 4.1)) == .passes)
    // Before any rep has shown the set's range, nothing is a fidget.
    #expect(
      Self.judge(
        .biggerThanAFidget, Self.movement(range: 1),
        Self.context(typicalRange: nil))
        == .passes)
  }

  @Test func aSmallFirstPelvisRepWaitsForTwoAlikeBeforeIt() {
    let context = Self.context(typicalRange: nil, smallestFirstPelvisRep: 5)
    var memory = RepRule.CatalogueMemory()
    let rule = RepRule.firstPelvisRepSized
    let verdicts = (0..<3).map { k in
      rule.judge(
        Self.movement(start: 10 + 4 * Double(k), range: 3), in: context,
        memory: &memory)
    }
    #expect(verdicts == [.refuses(.tooSmall), .refuses(.tooSmall), .passes])
    // Once the reps have shown their own range, the catalogue says nothing.
    #expect(
      Self.judge(
        rule, Self.movement(range: 3), Self.context(smallestFirstPelvisRep: 5))
        == .passes)
  }

  @Test func aMovementMuchQuickerThanTheRepsIsRefused() {
    // Half the 2 s tempo is the line.
    #expect(
      Self.judge(.keepsTheTempo, Self.movement(duration: 0.9))
        == .refuses(.tooQuick))
    #expect(Self.judge(.keepsTheTempo, Self.movement(duration: 1.1)) == .passes)
    // No tempo yet: not judged.
    #expect(
      Self.judge(
        .keepsTheTempo, Self.movement(duration: 0.7),
        Self.context(typicalDuration: nil))
        == .passes)
  }

  /// Counts `durations` (s) as full 20° reps 5 s apart into `sets`.
  static func count(
    _ durations: [Double], from start: Double, into sets: inout SetTracker
  ) {
    for (k, duration) in durations.enumerated() {
      _ = sets.settle(
        RepCandidate(
          movement: movement(start: start + 5 * Double(k), duration: duration),
          levelChange: nil))
    }
  }

  @Test func theTempoIsTheSetsOwnOnceItHasEnoughReps() {
    let settings = SessionAnalyzer.Settings()
    let needed = settings.rules.tempoRepsNeeded
    var sets = SetTracker(settings: settings, side: .both, seesOneLeg: false)
    Self.count([3, 3, 3], from: 10, into: &sets)
    #expect(sets.typicalDuration(needed: needed) == 3)
    // A new set after a long rest, quicker: its first rep, while it waits,
    // already lowers the tempo a quick second rep is judged by (a new set
    // may keep a new tempo), ...
    _ = sets.closeIfRested(at: 100)
    Self.count([1.5], from: 100, into: &sets)
    #expect(sets.typicalDuration(needed: needed) == 1.5)
    // ... and once the set has enough reps of its own, it is theirs, slower
    // or quicker than the session's.
    Self.count([1.5, 1.5], from: 105, into: &sets)
    #expect(sets.typicalDuration(needed: needed) == 1.5)
    _ = sets.closeIfRested(at: 200)
    Self.count([4, 4, 4], from: 200, into: &sets)
    #expect(sets.typicalDuration(needed: needed) == 4)
  }

  @Test func aSmallMovementAboutAnotherAxisIsAFidget() {
    let sideways = Vector3(0, 0, 1)
    #expect(
      Self.judge(.keepsTheDirection, Self.movement(range: 8, axis: sideways))
        == .refuses(.otherDirection))
    // Big ones are not judged by direction, nor alternating sets' reps
    // before both their ways are known.
    #expect(
      Self.judge(.keepsTheDirection, Self.movement(range: 12, axis: sideways))
        == .passes)
    #expect(
      Self.judge(
        .keepsTheDirection, Self.movement(range: 8, axis: sideways),
        Self.context(side: .alternating)) == .passes)
  }

  @Test func anAlternatingSetsRepTurnsOneOfItsTwoWays() throws {
    // The left leg's reps turn the pelvis about one axis, the right's about
    // another, 90° apart.
    let left = Vector3(0.7071, 0.7071, 0)
    let right = Vector3(0.7071, -0.7071, 0)
    let set = Self.context(side: .alternating, sideAxes: [left, right])
    func verdict(_ axis: Vector3) -> Verdict {
      Self.judge(.keepsTheDirection, Self.movement(axis: axis), set)
    }
    #expect(verdict(left) == .passes)
    #expect(verdict(right) == .passes)
    // 40° off one way is still that way: reps vary.
    let offLeft = try #require(Vector3(0.7071, 0.7071, 0.84).normalized)
    #expect(verdict(offLeft) == .passes)
    // A rep's size about neither way, or one way backwards, is a shift.
    #expect(verdict(Vector3(0, 0, 1)) == .refuses(.otherDirection))
    #expect(verdict(-Vector3(1, 0, 0)) == .refuses(.otherDirection))
    #expect(verdict(-left) == .refuses(.otherDirection))
  }
}
