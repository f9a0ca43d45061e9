import HipTestSupport
import RealModule
import Testing

@testable import HipCore

/// The refusals outside the rule table (a shift, a rep alone), and the
/// settings' checks.
struct RepFinderTests {
  static func analyze(
    duration: Double, settings: SessionAnalyzer.Settings = .default,
    angle: (Double) -> Double
  ) throws -> [AnalysisEvent] {
    let axes = try AxesMapping(x: .right, y: .up, z: .back)
    var configuration = SessionAnalyzer.Configuration(
      exerciseName: "bridge", side: nil, axes: axes, placement: .sacrum,
      rateHz: 100, hasGyroscope: true)
    configuration.settings = settings
    var analyzer = try SessionAnalyzer(configuration: configuration)
    var events: [AnalysisEvent] = []
    for sample in AnalyzerTests.samples(
      duration: duration, rate: 100, gyro: true, angle: angle)
    {
      events += analyzer.add(sample)
    }
    return events + analyzer.finish()
  }

  /// 50 Hz samples of `reps` moving from `base` degrees, and between them
  /// the angle `elsewhere` gives.
  static func samples(
    _ reps: [ScriptedRecording.Rep], from base: Double, duration: Double,
    gyro: Bool,
    elsewhere: @escaping (Double) -> Double
  ) -> [Sample] {
    AnalyzerTests.samples(duration: duration, rate: 50, gyro: gyro) { t in
      for rep in reps where t >= rep.start && t <= rep.end {
        return base + rep.degrees * rep.share(at: t)
      }
      return elsewhere(t)
    }
  }

  /// How far a steady move that starts at `start` and takes `seconds` has
  /// gone at `t`, from 0 to 1.
  static func share(_ t: Double, from start: Double, over seconds: Double)
    -> Double
  {
    Swift.min(1, Swift.max(0, (t - start) / seconds))
  }

  static func ignored(_ events: [AnalysisEvent]) -> [IgnoredMovement] {
    events.compactMap {
      if case .movementIgnored(let movement) = $0 { movement } else { nil }
    }
  }

  static func reps(_ events: [AnalysisEvent]) -> Int {
    events.filter {
      if case .repCompleted(let rep) = $0 { !rep.partial } else { false }
    }.count
  }

  /// Events of an accelerometer-only sacrum lying on its back, lifted by
  /// `tilt(t).lift` degrees (as in a bridge) and rolled by `tilt(t).roll`.
  static func analyze(
    duration: Double, tilt: (Double) -> (lift: Double, roll: Double)
  ) throws -> [AnalysisEvent] {
    let axes = try AxesMapping(x: .right, y: .up, z: .back)
    var analyzer = try SessionAnalyzer(
      configuration: .init(
        exerciseName: "bridge", side: nil, axes: axes, placement: .sacrum,
        rateHz: 100, hasGyroscope: false))
    var events: [AnalysisEvent] = []
    for i in 0..<Int(duration * 100) {
      let t = Double(i) / 100
      let (lift, roll) = tilt(t)
      let a = lift * .pi / 180
      let b = roll * .pi / 180
      // Supine: sky along body +X, turning toward +Y with a lift and
      // toward +Z with a roll; sensor x = body Z, y = body Y, z = body -X.
      let sky = Vector3(
        Double.cos(a) * Double.cos(b), Double.sin(a) * Double.cos(b),
        Double.sin(b))
      events += analyzer.add(
        Sample(time: t, acceleration: Vector3(sky.z, sky.y, -sky.x)))
    }
    return events + analyzer.finish()
  }

  /// Five 20° bridges, then a movement out 15° that comes to lie 4.5°
  /// from where it was, by lifting (`sideways` false) or by rolling.
  static func settlingShort(sideways: Bool) throws -> (
    events: [AnalysisEvent], start: Double
  ) {
    let reps = RealSessionShapeTests.reps(
      count: 5, firstStart: 2, rise: 1, hold: 1, fall: 1, pause: 1.5,
      degrees: 20)
    let start = reps[4].end + 3
    let events = try analyze(duration: start + 8) { t in
      if t >= start {
        let out = MinimumJerk.position((t - start) / 1)
        let back = MinimumJerk.position((t - start - 1) / 1.5)
        let degrees = 15 * out - 10.5 * back
        return sideways ? (0, degrees) : (degrees, 0)
      }
      for rep in reps where t >= rep.start && t <= rep.end {
        return (rep.degrees * rep.share(at: t), 0)
      }
      return (0, 0)
    }
    return (events, start)
  }

  @Test func aMovementThatEndsStillAwayFromWhereItStartedIsAShift() throws {
    // Rolled out and lying elsewhere: a shift on the mat, not a rep.
    let (events, start) = try Self.settlingShort(sideways: true)
    #expect(Self.reps(events) == 5)
    let shift = Self.ignored(events).filter { $0.reason == .repositioned }
    #expect(shift.count == 1)
    #expect(
      shift.first.map { Swift.abs($0.startSeconds - start) < 0.5 } == true)
  }

  @Test func aRepThatSettlesShortTurningAsTheSetDoesIsARep() throws {
    // The same, lifted as the bridges are: a smaller bridge, not fully
    // lowered (a thigh's rest shifts a few degrees after a rep). Before
    // the set's axis was asked, this lift was the shift test's case.
    let (events, _) = try Self.settlingShort(sideways: false)
    #expect(Self.reps(events) == 6)
    #expect(!Self.ignored(events).contains { $0.reason == .repositioned })
  }

  @Test func lyingStillAsLongAsAHoldShortOfAHoldsSizeIsANewRest() throws {
    // Five 20° bridges, a shift that comes to lie 7° sideways (past a
    // rep's onset, short of half a rep), 14 s still there, then three
    // bridges from there: they count, measured from where the body lies.
    let before = RealSessionShapeTests.reps(
      count: 5, firstStart: 2, rise: 1, hold: 1, fall: 1, pause: 1.5,
      degrees: 20)
    let shift = before[4].end + 3
    let after = RealSessionShapeTests.reps(
      count: 3, firstStart: shift + 16, rise: 1, hold: 1, fall: 1,
      pause: 1.5, degrees: 20)
    let events = try Self.analyze(duration: after[2].end + 4) { t in
      var roll = 0.0
      if t >= shift {
        roll =
          15 * MinimumJerk.position((t - shift) / 1)
          - 8 * MinimumJerk.position((t - shift - 1) / 1.5)
      }
      for rep in before + after where t >= rep.start && t <= rep.end {
        return (rep.degrees * rep.share(at: t), roll)
      }
      return (0, roll)
    }
    #expect(Self.reps(events) == 8)
    let shifts = Self.ignored(events).filter { $0.reason == .repositioned }
    #expect(shifts.count == 1)
    #expect(
      shifts.first.map { Swift.abs($0.startSeconds - shift) < 0.5 } == true)
  }

  @Test(arguments: [2, 5])
  func aRhythmOfRepsFromOutsideThePostureOverrulesTheCatalogue(count: Int)
    throws
  {
    // A sacrum sensor turned 60° about the body's long axis: lying on the
    // back looks like no posture the catalogue knows for a bridge. Five
    // alike bridges in a rhythm are reps, all of them; two are not enough
    // to overrule the catalogue, and are said to be out of position.
    let reps = RealSessionShapeTests.reps(
      count: count, firstStart: 2, rise: 1, hold: 1, fall: 1, pause: 1.5,
      degrees: 20)
    let events = try Self.analyze(duration: reps[count - 1].end + 25) { t in
      (reps.map { $0.degrees * $0.share(at: t) }.max() ?? 0, 60)
    }
    let ignored = Self.ignored(events)
    if count == 5 {
      #expect(Self.reps(events) == 5)
      #expect(ignored.isEmpty)
    } else {
      #expect(Self.reps(events) == 0)
      #expect(ignored.map(\.reason) == [.notInPosition, .notInPosition])
      #expect(
        ignored.map(\.startSeconds) == ignored.map(\.startSeconds).sorted())
    }
  }

  @Test func aRepThatNoRepFollowsIsOutOfRhythm() throws {
    let rep = ScriptedRecording.Rep(
      start: 2, rise: 1, hold: 1, fall: 1, degrees: 20)
    let events = try Self.analyze(duration: 20) {
      rep.degrees * rep.share(at: $0)
    }
    #expect(Self.reps(events) == 0)
    #expect(Self.ignored(events).map(\.reason) == [.outOfRhythm])
  }

  /// Events of `reps` (bridges, lifted) with a 7° roll 0.8 s after the
  /// first (a fidget about another axis), and the roll.
  static func bridgesWithAFidgetAfterTheFirst(_ reps: [ScriptedRecording.Rep])
    throws -> (events: [AnalysisEvent], fidget: ScriptedRecording.Rep)
  {
    let fidget = ScriptedRecording.Rep(
      start: reps[0].end + 0.8, rise: 0.8, hold: 0, fall: 0.8, degrees: 7)
    let end = reps.last.map(\.end) ?? 0
    let events = try Self.analyze(duration: end + 15) { t in
      let lift = reps.map { $0.degrees * $0.share(at: t) }.max() ?? 0
      return (lift, fidget.degrees * fidget.share(at: t))
    }
    return (events, fidget)
  }

  @Test func aFidgetAfterTheFirstRepDoesNotTakeItsPlace() throws {
    // A bridge, a 7° roll (a fidget, about another axis), then four more
    // bridges: the second bridge vouches for the first, past the fidget.
    let (events, fidget) = try Self.bridgesWithAFidgetAfterTheFirst(
      RealSessionShapeTests.reps(
        count: 5, firstStart: 2, rise: 1, hold: 1, fall: 1, pause: 3.5,
        degrees: 20))
    #expect(Self.reps(events) == 5)
    let ignored = Self.ignored(events)
    #expect(ignored.map(\.reason) == [.outOfRhythm])
    #expect(
      ignored.first.map { Swift.abs($0.startSeconds - fidget.start) < 0.5 }
        == true)
  }

  @Test func aLargeMovementsSettlingDoesNotVouchForIt() throws {
    // Getting down (50°, back) with a 6° wobble as it settles, a long
    // pause, then four 20° bridges: the wobble is the settling, not a
    // rep that shows the large movement began a set.
    let getDown = ScriptedRecording.Rep(
      start: 2, rise: 1.5, hold: 0.5, fall: 1.5, degrees: 50)
    let wobble = ScriptedRecording.Rep(
      start: getDown.end - 0.1, rise: 0.4, hold: 0, fall: 0.4, degrees: 6)
    let reps = RealSessionShapeTests.reps(
      count: 4, firstStart: wobble.end + 14, rise: 1, hold: 1, fall: 1,
      pause: 1.5, degrees: 20)
    let events = try Self.analyze(duration: reps[3].end + 15) { t in
      ([getDown, wobble] + reps).map { $0.degrees * $0.share(at: t) }.max()
        ?? 0
    }
    #expect(Self.reps(events) == 4)
    let ignored = Self.ignored(events)
    #expect(ignored.map(\.reason) == [.settling, .outOfRhythm])
  }

  @Test func aFirstRepPassedOverOutlivesAQuickerFidgetsWait() throws {
    // A slow 5 s bridge waits 10 s for the next; a 1.6 s roll right after
    // it waits only 5 s. The fidget's wait ends first; the bridge waits
    // on, and the next bridge, 8 s after it, vouches for it.
    let (events, _) = try Self.bridgesWithAFidgetAfterTheFirst(
      RealSessionShapeTests.reps(
        count: 4, firstStart: 2, rise: 2, hold: 1, fall: 2, pause: 8,
        degrees: 20))
    #expect(Self.reps(events) == 4)
    #expect(Self.ignored(events).map(\.reason) == [.outOfRhythm])
  }

  @Test func aPartialRepsWorthAfterTheFirstDoesNotBeginTheSet() throws {
    // A 20° bridge; 0.7 s after it a 6° movement turned 62° from it (the
    // tail of its fall), too far turned to vouch for it; then four bridges
    // turned 15° toward the tail. The second bridge is in rhythm with both,
    // and used to start the set with the tail (a partial rep) and drop the
    // first: the tail is a partial rep's worth of the first, which began
    // the set.
    let first = ScriptedRecording.Rep(
      start: 2, rise: 1, hold: 1, fall: 1, degrees: 20)
    let tail = ScriptedRecording.Rep(
      start: first.end + 0.7, rise: 0.6, hold: 0, fall: 0.6, degrees: 6)
    let reps = RealSessionShapeTests.reps(
      count: 4, firstStart: tail.end + 2, rise: 1, hold: 1, fall: 1,
      pause: 2, degrees: 20)
    let turned = [(first, 0.0), (tail, 62.0)] + reps.map { ($0, 15.0) }
    let events = try Self.analyze(duration: reps[3].end + 15) { t in
      for (rep, turn) in turned where t >= rep.start && t <= rep.end {
        let size = rep.degrees * rep.share(at: t)
        let radians = turn * .pi / 180
        return (size * Double.cos(radians), size * Double.sin(radians))
      }
      return (0, 0)
    }
    let counted = events.compactMap {
      if case .repCompleted(let rep) = $0, !rep.partial { rep } else { nil }
    }
    #expect(counted.count == 5)
    #expect(counted.allSatisfy { $0.romDegrees > 15 })
    #expect(
      counted.first.map { Swift.abs($0.startSeconds - first.start) < 0.5 }
        == true)
    let ignored = Self.ignored(events)
    #expect(ignored.map(\.reason) == [.outOfRhythm])
    #expect(
      ignored.first.map { Swift.abs($0.startSeconds - tail.start) < 0.5 }
        == true)
  }

  @Test func aShiftTurningNeitherWayOfAnAlternatingSetIsNoRep() throws {
    // Bird-dogs on all fours, from the sacrum: the left leg's reps turn
    // the pelvis about one axis, the right's about another, 90° apart. A
    // shift as big and as slow as a rep, turning neither way, comes after
    // the sixth.
    let left = Vector3(0.7071, 0.7071, 0)
    let right = Vector3(0.7071, -0.7071, 0)
    let shift = Vector3(-1, 0, 0)
    let ways = [left, right, left, right, left, right, shift, left, right]
    let moves = ways.indices.map { k in
      (
        way: ways[k],
        rep: ScriptedRecording.Rep(
          start: 3 + Double(k) * 4, rise: 1, hold: 0.5, fall: 1, degrees: 6)
      )
    }
    // Sensor x right, y up, z back: on all fours the sky is behind the
    // pelvis, along z.
    let samples = (0..<4200).map { i in
      let t = Double(i) / 100
      var sky = Vector3(0, 0, 1)
      for move in moves where t >= move.rep.start && t <= move.rep.end {
        sky = Quaternion(
          axis: move.way, degrees: move.rep.degrees * move.rep.share(at: t)
        ).rotate(sky)
      }
      return Sample(time: t, acceleration: sky, angularRate: nil)
    }
    let (analysis, _) = try AnalyzerTests.analyze(
      samples, rate: 100, gyro: false, exercise: "bird-dog",
      side: .alternating)
    #expect(analysis.reps.filter { !$0.partial }.count == 8)
    #expect(analysis.sets.map(\.reps) == [8])
    let shiftStart = moves[6].rep.start
    #expect(
      analysis.ignoredMovements.contains {
        $0.reason == .otherDirection
          && Swift.abs($0.startSeconds - shiftStart) < 1
      })
  }

  @Test func aMovementThatNeverComesBackIsSaid() throws {
    // Up 30 degrees at 5 s and there for two and a half minutes: past the
    // longest a movement is followed, the body lies there now. Before, it
    // was dropped without a word.
    let samples = AnalyzerTests.samples(duration: 160, rate: 50, gyro: true) {
      t in 30 * Self.share(t, from: 5, over: 2)
    }
    let (analysis, _) = try AnalyzerTests.analyze(
      samples, rate: 50, gyro: true)
    #expect(analysis.reps.isEmpty)
    let ignored = try #require(analysis.ignoredMovements.first)
    #expect(analysis.ignoredMovements.count == 1)
    #expect(ignored.reason == .tooLong)
    #expect(ignored.startSeconds > 5 && ignored.startSeconds < 7)
    #expect(ignored.sizeDegrees > 25)
  }

  @Test func gettingIntoPositionSeenFromAThighIsSaid() throws {
    // Standing, a thigh sensor: lying down on one side turns the thigh 90°
    // at 3 s, and it stays there; then six clamshells of 40° from there.
    // A thigh's posture says nothing, so only coming back to where it lay
    // shows that lying down was getting into position: it was dropped
    // without a word.
    let reps = RealSessionShapeTests.reps(
      count: 6, firstStart: 9, rise: 1.2, hold: 0.5, fall: 1.2, pause: 1.5,
      degrees: 40)
    let samples = Self.samples(
      reps, from: 90, duration: 40, gyro: false,
      elsewhere: { t in 90 * Self.share(t, from: 3, over: 1.5) })
    let (analysis, _) = try AnalyzerTests.analyze(
      samples, rate: 50, gyro: false, exercise: "clamshell", side: .left,
      placement: .thighLeft)
    #expect(analysis.sets.map(\.reps) == [6])
    let lyingDown = try #require(analysis.ignoredMovements.first)
    #expect(lyingDown.reason == .notInPosition)
    #expect(lyingDown.startSeconds > 2.5 && lyingDown.startSeconds < 3.5)
    // It ends where the body got there, before the first clamshell.
    #expect(lyingDown.endSeconds > 4 && lyingDown.endSeconds < 9)
    #expect(lyingDown.sizeDegrees > 80)
    #expect(
      analysis.ignoredMovements.filter { $0.reason == .notInPosition }.count
        == 1)
  }

  @Test func sittingDownSeenFromAThighIsGettingIntoPosition() throws {
    // Standing, a thigh sensor: sitting down turns the thigh 90° from
    // hanging at 3 s, and it stays there; then six sit-to-stands (up to
    // hanging again, and back down). Standing was the session's first
    // position, and every rep was counted from it, half a cycle out of
    // step: sitting down and the first stand-up made rep 1.
    let reps = RealSessionShapeTests.reps(
      count: 6, firstStart: 12, rise: 1.2, hold: 0.3, fall: 1.2, pause: 1.5,
      degrees: 90)
    // The scripted segment is upright at 90° and lies flat at 0°.
    let samples = Self.samples(
      reps, from: 0, duration: 42, gyro: true,
      elsewhere: { t in 90 - 90 * Self.share(t, from: 3, over: 1.5) })
    let (analysis, _) = try AnalyzerTests.analyze(
      samples, rate: 50, gyro: true, exercise: "sit-to-stand",
      placement: .thighLeft)
    #expect(analysis.sets.map(\.reps) == [6])
    // Each rep from the seat: it starts as the thigh leaves it.
    for (found, scripted) in zip(analysis.reps, reps) {
      #expect(Swift.abs(found.startSeconds - scripted.start) < 0.5)
    }
    let sittingDown = try #require(analysis.ignoredMovements.first)
    #expect(sittingDown.reason == .notInPosition)
    #expect(sittingDown.startSeconds > 2.5 && sittingDown.startSeconds < 3.5)
  }

  @Test func aMovementCutShortByTheRecordingsEndIsSaid() throws {
    // Two bridges, then up 40° at 20 s (getting up) as the recording ends.
    let reps = RealSessionShapeTests.reps(
      count: 2, firstStart: 2, rise: 1, hold: 1, fall: 1, pause: 2,
      degrees: 20)
    let samples = Self.samples(
      reps, from: 0, duration: 22, gyro: true,
      elsewhere: { t in 40 * Self.share(t, from: 20, over: 1.5) })
    let (analysis, _) = try AnalyzerTests.analyze(
      samples, rate: 50, gyro: true)
    #expect(analysis.reps.filter { !$0.partial }.count == 2)
    let last = try #require(analysis.ignoredMovements.last)
    #expect(last.reason == .unfinished)
    #expect(last.startSeconds > 19.5 && last.startSeconds < 21)
  }

  @Test func ignoredMovementsAreListedByWhenTheyStarted() {
    // A first rep is dropped only once the next shows it was alone: later
    // than a bump after it, which is listed after it all the same.
    var analysis = SessionAnalysis(exercise: "bridge")
    for (start, reason) in [
      (2.0, IgnoredMovement.Reason.tooShort), (9, .tooShort),
      (5, .outOfRhythm), (5, .settling),
    ] {
      analysis.apply(
        .movementIgnored(
          IgnoredMovement(
            startSeconds: start, endSeconds: start + 1, sizeDegrees: 3,
            reason: reason)))
    }
    #expect(analysis.ignoredMovements.map(\.startSeconds) == [2, 5, 5, 9])
    #expect(
      analysis.ignoredMovements.map(\.reason)
        == [.tooShort, .outOfRhythm, .settling, .tooShort])
  }

  @Test func aRepThatTheNextFollowsInRhythmCounts() throws {
    let reps = RealSessionShapeTests.reps(
      count: 2, firstStart: 2, rise: 1, hold: 1, fall: 1, pause: 2,
      degrees: 20)
    let events = try Self.analyze(duration: 20) { t in
      reps.map { $0.degrees * $0.share(at: t) }.max() ?? 0
    }
    #expect(Self.reps(events) == 2)
    #expect(Self.ignored(events).isEmpty)
  }

  @Test func aSlowerSensorsPointsFollowTheBodyAsFastInTime() {
    let settings = SessionAnalyzer.Settings.default
    let slow = RepFinder.settings(settings, at: 25)
    let usual = RepFinder.settings(settings, at: settings.analysisRate)
    #expect(usual == settings)
    // What is left of a difference after one second, at 25 and 100 points
    // a second.
    func leftAfterASecond(_ share: Double, _ rate: Double) -> Double {
      Double.pow(1 - share, rate)
    }
    for (slowShare, share) in [
      (slow.rest.followShare, settings.rest.followShare),
      (slow.stillness.positionSmoothing, settings.stillness.positionSmoothing),
    ] {
      #expect(
        Swift.abs(
          leftAfterASecond(slowShare, 25) - leftAfterASecond(share, 100))
          < 1e-9)
    }
    #expect(
      slow.mounting.restingPointsPerPosture * 4
        == settings.mounting.restingPointsPerPosture)
  }

  @Test func theStatusSaysWhichSetAndRepAndTiltsFromRest() throws {
    // Two sets of four 20° bridges, 30 s apart.
    let first = RealSessionShapeTests.reps(
      count: 4, firstStart: 2, rise: 1, hold: 1, fall: 1, pause: 1.5,
      degrees: 20)
    let second = RealSessionShapeTests.reps(
      count: 4, firstStart: first[3].end + 30, rise: 1, hold: 1, fall: 1,
      pause: 1.5, degrees: 20)
    let reps = first + second
    let axes = try AxesMapping(x: .right, y: .up, z: .back)
    var analyzer = try SessionAnalyzer(
      configuration: .init(
        exerciseName: "bridge", side: nil, axes: axes, rateHz: 100,
        hasGyroscope: true))
    var atRest: SessionAnalyzer.Status?
    var atTop: SessionAnalyzer.Status?
    let samples = AnalyzerTests.samples(
      duration: second[3].end + 5, rate: 100, gyro: true
    ) { t in reps.map { $0.degrees * $0.share(at: t) }.max() ?? 0 }
    for sample in samples {
      _ = analyzer.add(sample)
      if atRest == nil, sample.time >= second[2].start - 0.5 {
        atRest = analyzer.status
      }
      if atTop == nil, sample.time >= second[2].peak { atTop = analyzer.status }
    }
    let rest = try #require(atRest)
    let top = try #require(atTop)
    // Lying on the back, the tilt itself is -90°; from rest it is 0.
    #expect(rest.setNumber == 2 && rest.repsInSet == 2)
    #expect(rest.setsCompleted == 1 && rest.fullReps == 6)
    #expect(Swift.abs(rest.tiltFromRestDegrees) < 1)
    #expect(Swift.abs(rest.tiltDegrees) > 45)
    #expect(Swift.abs(Swift.abs(top.tiltFromRestDegrees) - 20) < 2)
    #expect(Swift.abs(top.degreesFromRest - 20) < 2)
  }

  @Test func theDefaultSettingsAreValid() throws {
    try SessionAnalyzer.Settings.default.validate()
  }

  @Test func aSettingOutOfItsRangeIsNamed() {
    var settings = SessionAnalyzer.Settings()
    settings.rest.newRestAfter = 0
    #expect(
      throws: SessionAnalyzer.SettingsError.outOfRange(
        name: "rest.newRestAfter", value: 0, expected: "a positive number")
    ) { try settings.validate() }
    settings = SessionAnalyzer.Settings()
    settings.sets.partialShare = .nan
    #expect(throws: SessionAnalyzer.SettingsError.self) {
      try settings.validate()
    }
  }

  @Test(arguments: [0, 0.5, 1e19, .infinity, .nan])
  func anAnalyzerRefusesARateNoSensorHas(rate: Double) throws {
    let axes = try AxesMapping(x: .right, y: .up, z: .back)
    #expect(throws: SessionAnalyzer.SettingsError.self) {
      try SessionAnalyzer(
        configuration: .init(
          exerciseName: "bridge", side: nil, axes: axes, rateHz: rate,
          hasGyroscope: false))
    }
  }
}
