import HipTestSupport
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

  @Test func aMovementThatEndsStillAwayFromWhereItStartedIsAShift() throws {
    // Five 20° bridges, then the body goes out 15° and comes to lie 4.5°
    // from where it was: a shift on the mat, not a rep.
    let reps = RealSessionShapeTests.reps(
      count: 5, firstStart: 2, rise: 1, hold: 1, fall: 1, pause: 1.5,
      degrees: 20)
    let shiftStart = reps[4].end + 3
    let events = try Self.analyze(duration: shiftStart + 8) { t in
      if t >= shiftStart {
        let out = MinimumJerk.position((t - shiftStart) / 1)
        let back = MinimumJerk.position((t - shiftStart - 1) / 1.5)
        return 15 * out - 10.5 * back
      }
      for rep in reps where t >= rep.start && t <= rep.end {
        return rep.degrees * rep.share(at: t)
      }
      return 0
    }
    #expect(Self.reps(events) == 5)
    let shift = Self.ignored(events).filter { $0.reason == .repositioned }
    #expect(shift.count == 1)
    #expect(
      shift.first.map { Swift.abs($0.startSeconds - shiftStart) < 0.5 } == true)
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
