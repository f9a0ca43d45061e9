import HipTestSupport
import Testing

@testable import HipCore

/// What real recordings do between reps and the finder must follow, each
/// on a made-up movement: reps back to back that never get home, reps cut
/// out and joined, whole-body reps from a pelvis that pass through
/// standing, and an attitude carried across a gap.
struct RepSplitTests {
  /// Full reps found in a movement `angle(t)` degrees from rest, sampled
  /// at 100 Hz with a gyroscope, with the samples in `gaps` left out.
  static func fullReps(
    duration: Double, exercise: String = "clamshell",
    placement: Placement = .thighRight, gaps: [Range<Double>] = [],
    angle: (Double) -> Double
  ) throws -> [Rep] {
    let axes = try AxesMapping(x: .right, y: .up, z: .back)
    var analyzer = try SessionAnalyzer(
      configuration: .init(
        exerciseName: exercise, side: nil, axes: axes, placement: placement,
        rateHz: 100, hasGyroscope: true))
    let samples = AnalyzerTests.samples(
      duration: duration, rate: 100, gyro: true, angle: angle)
    for sample in samples
    where !gaps.contains(where: { $0.contains(sample.time) }) {
      _ = analyzer.add(sample)
    }
    _ = analyzer.finish()
    return analyzer.summary.reps.filter { !$0.partial }
  }

  /// 25° bridges starting at `starts`: 1.2 s up, 1.2 s at the top, 1.2 s
  /// down; degrees at `t`.
  static func bridges(startingAt starts: [Double], t: Double) -> Double {
    guard let start = starts.last(where: { $0 <= t }), t - start < 3.6
    else { return 0 }
    let x = t - start
    if x < 1.2 { return 25 * MinimumJerk.position(x / 1.2) }
    if x < 2.4 { return 25 }
    return 25 * (1 - MinimumJerk.position((x - 2.4) / 1.2))
  }

  @Test func backToBackRepsThatNeverGetHomeAreSplitAtTheirValley() throws {
    // Eight 25° clamshells, 2 s each, each lowered only to 5° before the
    // next rises: never back within the return band, never slow near rest.
    let reps = try Self.fullReps(duration: 25) { t in
      guard t >= 2 else { return 0 }
      let cycle = (t - 2) / 2
      if cycle >= 8 { return t < 18.5 ? 5 * (1 - (t - 18) / 0.5) : 0 }
      if cycle < 0.5 { return 25 * MinimumJerk.position(cycle * 2) }
      return 15 + 10 * Double.cos(2 * .pi * (cycle - 0.5))
    }
    #expect(reps.count == 8)
  }

  @Test func aGapThatCouldHideARepEndsTheMovementWhereItWasCut() throws {
    // Six 25° bridges, each cut out at its top and joined to the next one's
    // start: 0.8 s of samples missing in each.
    let starts = (0..<6).map { 2 + 4 * Double($0) }
    let gaps = starts.map { ($0 + 1.6)..<($0 + 2.4) }
    let reps = try Self.fullReps(
      duration: 27, exercise: "bridge", placement: .sacrum, gaps: gaps
    ) { Self.bridges(startingAt: starts, t: $0) }
    #expect(reps.count == 6)
    // Each is judged on what was seen: it ends where it was cut, not after
    // the samples that came back.
    for (rep, gap) in zip(reps, gaps) {
      #expect(rep.endSeconds <= gap.lowerBound + 0.05, "\(rep.endSeconds)")
    }
  }

  @Test func fromAPelvisOnlyAValleyNearRestEndsARep() throws {
    // Four sit-to-stand-like reps seen lying down: out 30° (the lean to
    // stand), back to 5° (standing), out 30° again (the lean to sit), back
    // to rest (the seat). Standing is not the end of a rep.
    let sitToStand: (Double) -> Double = { t in
      guard t >= 2, t < 26 else { return 0 }
      let x = (t - 2).truncatingRemainder(dividingBy: 6)
      func bump(_ from: Double, _ to: Double, _ s: Double) -> Double {
        from + (to - from) * MinimumJerk.position(s)
      }
      switch x {
      case ..<1: return bump(0, 30, x)
      case ..<2: return bump(30, 5, x - 1)
      case ..<3: return bump(5, 30, x - 2)
      case ..<4: return bump(30, 0, x - 3)
      default: return 0
      }
    }
    let fromPelvis = try Self.fullReps(
      duration: 30, exercise: "bridge", placement: .sacrum, angle: sitToStand)
    #expect(fromPelvis.count == 4)
    // A thigh's reps are the leg's own: there a valley below the onset
    // does end one (clamshells back to back).
    let fromThigh = try Self.fullReps(duration: 30, angle: sitToStand)
    #expect(fromThigh.count == 8)
  }

  @Test func aSegmentThatBeginsAtItsTopIsSaidNotDropped() throws {
    // Three 25° bridges, then a segment cut in at the top of a fourth:
    // after the gap it only comes down. It has no rise to measure, and
    // "not counted" must still say so (it once vanished without a word).
    let axes = try AxesMapping(x: .right, y: .up, z: .back)
    var analyzer = try SessionAnalyzer(
      configuration: .init(
        exerciseName: "bridge", side: nil, axes: axes, placement: .sacrum,
        rateHz: 100, hasGyroscope: false))
    let starts = [2.0, 6, 10]
    let samples = AnalyzerTests.samples(duration: 20, rate: 100, gyro: false) {
      t in
      if t >= 15 { return 25 * (1 - MinimumJerk.position((t - 15) / 1.2)) }
      return Self.bridges(startingAt: starts, t: t)
    }
    var events: [AnalysisEvent] = []
    for sample in samples where !(13.5..<15).contains(sample.time) {
      events += analyzer.add(sample)
    }
    events += analyzer.finish()
    #expect(RepFinderTests.reps(events) == 3)
    let ignored = RepFinderTests.ignored(events)
    #expect(ignored.map(\.reason) == [.noRise])
    let cut = try #require(ignored.first)
    #expect(cut.startSeconds >= 15 && cut.startSeconds < 15.3)
    #expect(cut.sizeDegrees > 20)
  }

  @Test func withAGyroscopeTheAttitudeCarriesOnAcrossAGap() {
    // Still and level, then a gap, then samples pushed 20° off by the
    // body's own acceleration: the estimate keeps to the attitude it had
    // and lets the accelerometer pull it slowly, instead of starting again
    // from one bent sample.
    var filter = AttitudeFilter(hasGyroscope: true, rateHz: 100)
    let level = Vector3(0, 1, 0)
    for i in 0..<300 {
      _ = filter.update(
        time: Double(i) / 100, acceleration: level, angularRate: .zero)
    }
    filter.restart()
    let bent = Quaternion(axis: Vector3(0, 0, 1), degrees: 20).rotate(level)
    var up = level
    for i in 0..<5 {
      if filter.update(
        time: 4 + Double(i) / 100, acceleration: bent, angularRate: .zero)
      {
        up = filter.estimate().up
      }
    }
    #expect(up.angleDegrees(to: level) < 5)
  }
}
