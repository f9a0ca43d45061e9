import RealModule
import Testing

@testable import HipCore

/// Attitude angles, the attitude filter and the mounting refinement, tested
/// as physical scenarios: a body in a known posture must read as that
/// posture.
struct AttitudeTests {
  /// The body's attitude in the world (world +Y is the sky) for postures,
  /// with the angles the contract defines for them.
  static let postures: [(String, Quaternion, tilt: Double, level: Double)] = [
    ("standing", .identity, 0, 0),
    ("supine", Quaternion(axis: Vector3(0, 0, 1), degrees: 90), -90, 0),
    ("prone", Quaternion(axis: Vector3(0, 0, 1), degrees: -90), 90, 0),
    (
      "tipped forward 20°", Quaternion(axis: Vector3(0, 0, 1), degrees: -20),
      20, 0
    ),
    (
      "right hip 7° high", Quaternion(axis: Vector3(1, 0, 0), degrees: -7), 0, 7
    ),
    // Tilt is undefined on the side; level says which side is up.
    (
      "lying on the left side",
      Quaternion(axis: Vector3(1, 0, 0), degrees: -90), .nan, 90
    ),
  ]

  static func skyInBody(_ attitude: Quaternion) -> Vector3 {
    attitude.conjugate.rotate(Vector3(0, 1, 0))
  }

  @Test(arguments: postures)
  func anglesOfPostures(
    name: String, attitude: Quaternion, tilt: Double, level: Double
  ) {
    let angles = AttitudeAngles(up: Self.skyInBody(attitude))
    if !tilt.isNaN {
      #expect(Swift.abs(angles.tiltDegrees - tilt) < 1e-9, "\(name)")
    }
    #expect(Swift.abs(angles.levelDegrees - level) < 1e-9, "\(name)")
  }

  /// A deterministic noise source for sensor simulation in tests.
  struct Noise {
    var state: UInt64
    mutating func next() -> Double {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Double(state >> 11) / Double(1 << 53) - 0.5
    }
  }

  @Test(arguments: postures)
  func stillSensorWithBiasedGyroscopeFindsTheSky(
    name: String, attitude: Quaternion, tilt: Double, level: Double
  ) {
    var filter = AttitudeFilter(hasGyroscope: true, rateHz: 100)
    var noise = Noise(state: 7)
    let sky = Self.skyInBody(attitude)
    let bias = Vector3(2, -1.5, 0.8)  // deg/s, an uncalibrated part
    var up = Vector3.zero
    for i in 0..<3000 {
      let a = sky + Vector3(noise.next(), noise.next(), noise.next()) * 0.01
      let g = bias + Vector3(noise.next(), noise.next(), noise.next()) * 0.1
      if filter.update(time: Double(i) / 100, acceleration: a, angularRate: g) {
        up = filter.estimate().up
      }
    }
    #expect(
      up.angleDegrees(to: sky) < 0.3,
      "\(name): off by \(up.angleDegrees(to: sky))°")
  }

  @Test func theFirstStillSecondsCalibrateALargeBias() {
    // An MPU-6050 can read 20 deg/s at rest. Still for 2.5 s, then lying
    // down: the bias must be known by then, or the first reps are measured
    // on an estimate still drifting toward the accelerometer. An
    // exponential average over the same 2 s would leave 29% of it (5 deg/s).
    var filter = AttitudeFilter(hasGyroscope: true, rateHz: 400)
    var noise = Noise(state: 11)
    let bias = Vector3(-12, 9, 11)  // deg/s
    var speed = Double.nan
    for i in 0..<1000 {
      let a = Vector3(0, 1, 0) + Vector3(noise.next(), noise.next(), 0) * 0.01
      let g = bias + Vector3(noise.next(), noise.next(), noise.next()) * 0.2
      if filter.update(time: Double(i) / 400, acceleration: a, angularRate: g) {
        speed = filter.estimate().angularSpeed
      }
    }
    #expect(speed < 0.5, "\(speed) deg/s of bias left after 2.5 s still")
  }

  @Test func aBiasAboutALevelAxisIsLearnedWithoutStillness() {
    // The body rocks ±4° about its level Z axis, never still, and the part
    // reads 4 deg/s high about Z. Stillness never teaches that bias, and
    // the accelerometer's pull alone leaves the estimate about 5° off. The
    // integral term learns it from what the pull keeps correcting.
    var filter = AttitudeFilter(hasGyroscope: true, rateHz: 100)
    var worst = 0.0
    for i in 0..<(100 * 120) {
      let t = Double(i) / 100
      let angle = 4 * Double.sin(2 * .pi * 0.5 * t)
      let rate = 4 * 2 * .pi * 0.5 * Double.cos(2 * .pi * 0.5 * t)
      let sky = Quaternion(axis: Vector3(0, 0, 1), degrees: -angle).rotate(
        Vector3(0, 1, 0))
      if filter.update(
        time: t, acceleration: sky, angularRate: Vector3(0, 0, rate + 4)),
        t > 100
      {
        worst = Swift.max(worst, filter.estimate().up.angleDegrees(to: sky))
      }
    }
    #expect(worst < 0.5, "\(worst)° off after 100 s")
  }

  @Test func accelerometerOnlyFindsTheSkyWithoutLag() throws {
    var filter = AttitudeFilter(hasGyroscope: false, rateHz: 100)
    var estimates: [AttitudeFilter.Estimate] = []
    // The sky turns steadily by 10°/s about body Z for 3 s.
    for i in 0..<400 {
      let t = Double(i) / 100
      let angle = Swift.min(t, 3) * 10
      let a = Quaternion(axis: Vector3(0, 0, 1), degrees: angle).rotate(
        Vector3(0, 1, 0))
      if filter.update(time: t, acceleration: a, angularRate: nil) {
        estimates.append(filter.estimate())
      }
    }
    // Mid-rotation, the smoothed direction is centred on its own time.
    let middle = try #require(estimates.first { $0.time >= 1.5 })
    let expected = Quaternion(axis: Vector3(0, 0, 1), degrees: 15).rotate(
      Vector3(0, 1, 0))
    #expect(middle.up.angleDegrees(to: expected) < 0.05)
  }

  @Test func aStillBodyShedsTheGyroscopesScaleErrorWithinSeconds() {
    // A part reading 10% high turns the estimate up to 3° too far over a 30°
    // turn. Once the body is still the accelerometer reads gravity alone,
    // and the estimate must be back on it before the next rep: at the
    // moving gain (a 2 s time constant) it would still be 0.5° off.
    var filter = AttitudeFilter(hasGyroscope: true, rateHz: 200)
    var up = Vector3.zero
    for i in 0..<(200 * 11 / 2) {
      let t = Double(i) / 200
      let rate = t >= 1 && t < 3 ? 15.0 : 0
      let angle = Swift.max(0, Swift.min(t, 3) - 1) * 15
      let a = Quaternion(axis: Vector3(0, 0, 1), degrees: -angle).rotate(
        Vector3(0, 1, 0))
      if filter.update(
        time: t, acceleration: a, angularRate: Vector3(0, 0, rate * 1.1))
      {
        up = filter.estimate().up
      }
    }
    let expected = Quaternion(axis: Vector3(0, 0, 1), degrees: -30).rotate(
      Vector3(0, 1, 0))
    #expect(up.angleDegrees(to: expected) < 0.35)
  }

  @Test func theEstimateSaysWhileItIsStillSettlingOntoTheAccelerometer() {
    // A 90° turn on a part reading 5% high leaves the estimate several
    // degrees over. While it settles it says so; once it says it has
    // settled, it is on the sky.
    var filter = AttitudeFilter(hasGyroscope: true, rateHz: 200)
    var unsettledAfterTurn = 0.0
    var worstWhenSettled = 0.0
    for i in 0..<(200 * 10) {
      let t = Double(i) / 200
      let rate = t >= 1 && t < 3 ? 45.0 : 0
      let angle = Swift.max(0, Swift.min(t, 3) - 1) * 45
      let sky = Quaternion(axis: Vector3(0, 0, 1), degrees: -angle).rotate(
        Vector3(0, 1, 0))
      guard
        filter.update(
          time: t, acceleration: sky, angularRate: Vector3(0, 0, rate * 1.05))
      else { continue }
      let estimate = filter.estimate()
      let degrees = Double.asin(estimate.unsettledSine) * 180 / .pi
      if t >= 3.2 && t < 3.3 {
        unsettledAfterTurn = Swift.max(unsettledAfterTurn, degrees)
      }
      if t >= 3, degrees < 0.3 {
        worstWhenSettled = Swift.max(
          worstWhenSettled, estimate.up.angleDegrees(to: sky))
      }
    }
    #expect(unsettledAfterTurn > 1)
    #expect(worstWhenSettled > 0 && worstWhenSettled < 0.4)
  }

  @Test func knownRotationShowsInTheGyroscopePath() {
    var filter = AttitudeFilter(hasGyroscope: true, rateHz: 200)
    // Rotating the body by +ω about Z turns the sky by -ω in body axes.
    var up = Vector3.zero
    for i in 0..<800 {
      let t = Double(i) / 200
      let rate = t >= 1 && t < 3 ? 15.0 : 0  // 30° in all
      let angle = Swift.max(0, Swift.min(t, 3) - 1) * 15
      let a = Quaternion(axis: Vector3(0, 0, 1), degrees: -angle).rotate(
        Vector3(0, 1, 0))
      if filter.update(
        time: t, acceleration: a, angularRate: Vector3(0, 0, rate))
      {
        up = filter.estimate().up
      }
    }
    let expected = Quaternion(axis: Vector3(0, 0, 1), degrees: -30).rotate(
      Vector3(0, 1, 0))
    #expect(up.angleDegrees(to: expected) < 0.2)
  }

  @Test func mountingRefinementLevelsOneLyingPosture() {
    // Supine, sensor crooked by 8° about the body's long axis.
    let crooked = Quaternion(axis: Vector3(0, 1, 0), degrees: 8)
    let measured = crooked.rotate(Vector3(1, 0, 0))
    let correction = MountingCalibration.correction(from: [
      .init(up: measured, duration: 5)
    ])
    let level = AttitudeAngles(up: correction.rotate(measured)).levelDegrees
    #expect(Swift.abs(level) < 0.2, "level after refinement: \(level)°")
  }

  @Test func mountingRefinementUsesStandingAndLying() {
    // A mounting crooked about X and Y: standing shows one, lying the other.
    let crooked =
      Quaternion(axis: Vector3(1, 0, 0), degrees: 6)
      * Quaternion(axis: Vector3(0, 1, 0), degrees: -9)
    let standing = crooked.conjugate.rotate(Vector3(0, 1, 0))
    let supine = crooked.conjugate.rotate(Vector3(1, 0, 0))
    let correction = MountingCalibration.correction(from: [
      .init(up: standing, duration: 5), .init(up: supine, duration: 20),
    ])
    // A bridge-like rotation seen through the refined frame keeps the
    // hips level: its level change is that of the true motion (none).
    let lift = Quaternion(axis: Vector3(0, 0, 1), degrees: -25)
    let peak = crooked.conjugate.rotate(lift.conjugate.rotate(Vector3(1, 0, 0)))
    let change =
      AttitudeAngles(up: correction.rotate(peak)).levelDegrees
      - AttitudeAngles(up: correction.rotate(supine)).levelDegrees
    let uncorrected =
      AttitudeAngles(up: peak).levelDegrees
      - AttitudeAngles(up: supine).levelDegrees
    #expect(Swift.abs(uncorrected) > 1.5, "the test needs a visible bias")
    #expect(
      Swift.abs(change) < 0.2, "level change after refinement: \(change)°")
  }

  @Test(arguments: [(0.8, 1.2), (2.0, 0.6), (10.0, 3.5)])
  func minimumJerkTimingRecoversStartAndDuration(
    start: Double, duration: Double
  ) {
    // Crossing times of an exact profile give back its start and length.
    let quarter = start + MinimumJerk.quarter * duration
    let threeQuarters = start + MinimumJerk.threeQuarters * duration
    let rise = MinimumJerk.movement(
      quarterTime: quarter, threeQuartersTime: threeQuarters)
    #expect(Swift.abs(rise.start - start) < 1e-9)
    #expect(Swift.abs(rise.duration - duration) < 1e-9)
    #expect(Swift.abs(MinimumJerk.position(MinimumJerk.quarter) - 0.25) < 1e-12)
  }
}
