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
    let samples = AnalyzerTests.samples(reps, rate: 100, gyro: true)
    let axes =
      (try? AxesMapping(x: .right, y: .up, z: .back))
      ?? AxesMapping.identityForTests
    var analyzer = try SessionAnalyzer(
      configuration: .init(
        exerciseName: exercise, side: nil, axes: axes, placement: placement,
        rateHz: 100, hasGyroscope: true))
    for sample in samples { _ = analyzer.add(sample) }
    _ = analyzer.finish()
    return analyzer.summary.reps.filter { !$0.partial }.count
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
    // On the pelvis the posture still tells getting into position apart.
    #expect(
      try Self.fullReps(reps, exercise: "clamshell", placement: .sacrum) == 0)
  }
}
