import HipCore
import RealModule
import Testing

@testable import HipSynth

/// A segment that does not move.
private struct Still: SensorMotion {
  var attitude: Quaternion
  var position = Vector3(0, 1, 0)

  func pose(at t: Double) -> SegmentPose {
    SegmentPose(attitude: attitude, position: position)
  }
}

/// A segment turning at a constant body-frame rate about a fixed point,
/// with the sensor `lever` (body frame, m) away from it.
private struct Spinning: SensorMotion {
  var start: Quaternion
  /// Body-frame angular velocity, rad/s.
  var rate: Vector3
  var lever = Vector3.zero

  func attitude(at t: Double) -> Quaternion {
    start * Quaternion(rotationVector: rate * t)
  }

  func pose(at t: Double) -> SegmentPose {
    let q = attitude(at: t)
    return SegmentPose(
      attitude: q, position: Vector3(0, 1, 0) + q.rotate(lever))
  }
}

private func axes(_ text: String) throws -> AxesMapping {
  try AxesMapping(parsing: text)
}

private func idealIMU(
  _ mapping: AxesMapping, misalignment: Quaternion = .identity
) -> IMUSimulator {
  IMUSimulator(
    part: .ideal, rateHz: 100, hasGyro: true, axes: mapping,
    misalignment: misalignment, seed: 7)
}

/// Body attitudes of the rest postures, and the sky in their body frame.
private let postures: [(name: String, attitude: Quaternion, sky: Vector3)] = [
  ("standing", .identity, Vector3(0, 1, 0)),
  ("supine", RestPosture.supine.base, Vector3(1, 0, 0)),
  ("prone", RestPosture.prone.base, Vector3(-1, 0, 0)),
  (
    "left side down", RestPosture.sideLying(rightOnTop: true).base,
    Vector3(0, 0, 1)
  ),
  (
    "right side down", RestPosture.sideLying(rightOnTop: false).base,
    Vector3(0, 0, -1)
  ),
  (
    "seated, tilted back 15°",
    Quaternion(axis: Vector3(0, 0, 1), degrees: 15),
    Vector3(Double.sin(15 * .pi / 180), Double.cos(15 * .pi / 180), 0)
  ),
]

private let mappings = [
  "x=right,y=up,z=back", "x=forward,y=up,z=right", "x=back,y=up,z=left",
  "x=up,y=left,z=back", "x=down,y=forward,z=right",
]

@Test(
  "A still sensor reads +1 g toward the sky and no rotation",
  arguments: postures.indices, mappings)
func stillSensorReadsGravity(posture: Int, mapping: String) throws {
  let (name, attitude, sky) = postures[posture]
  let declared = try axes(mapping)
  let imu = idealIMU(declared)
  let reading = imu.idealReading(Still(attitude: attitude), at: 3)
  let expected = declared.toSensor(sky)
  #expect(
    (reading.acceleration - expected).length < 1e-6,
    "\(name), \(mapping): read \(reading.acceleration), want \(expected)")
  #expect(reading.angularRate.length < 1e-9, "\(name), \(mapping)")
  // And the contract's angles, read back through the declared axes.
  let angles = AttitudeAngles(up: declared.toBody(reading.acceleration))
  let truth = AttitudeAngles(up: sky)
  #expect(Swift.abs(angles.levelDegrees - truth.levelDegrees) < 1e-4)
  // Tilt is undefined lying on a side (the sky along Z).
  if Swift.abs(sky.z) < 0.99 {
    #expect(Swift.abs(angles.tiltDegrees - truth.tiltDegrees) < 1e-4)
  }
}

@Test("A misaligned sensor reads gravity through its true mounting")
func misalignedSensor() throws {
  let declared = try axes("x=right,y=up,z=back")
  let turn = Quaternion(axis: Vector3(0.3, -0.5, 0.8), degrees: 12)
  let imu = idealIMU(declared, misalignment: turn)
  let reading = imu.idealReading(Still(attitude: .identity), at: 1)
  let throughTruth = imu.mounting.rotate(reading.acceleration)
  #expect((throughTruth - Vector3(0, 1, 0)).length < 1e-6)
  // Through the declared axes alone the sky is off by up to the
  // misalignment, never more.
  let throughDeclared = declared.toBody(reading.acceleration)
  let off = throughDeclared.angleDegrees(to: Vector3(0, 1, 0))
  #expect(off > 1 && off <= 12 + 1e-6)
}

@Test(
  "A constant rotation shows in the gyroscope and turns gravity",
  arguments: [
    (Vector3(0, 0, 1), 30.0), (Vector3(1, 0, 0), -45.0),
    (Vector3(0.2, 0.9, -0.4), 90.0),
  ])
func constantRotation(axis: Vector3, degreesPerSecond: Double) throws {
  let declared = try axes("x=back,y=up,z=left")
  let imu = idealIMU(declared)
  let unit = try #require(axis.normalized)
  let rate = unit * (degreesPerSecond / Units.degreesPerRadian)
  let start = RestPosture.supine.base
  let motion = Spinning(start: start, rate: rate)
  let reading = imu.idealReading(motion, at: 0.7)
  let expectedRate = declared.toSensor(unit * degreesPerSecond)
  #expect(
    (reading.angularRate - expectedRate).length < 1e-6,
    "read \(reading.angularRate), want \(expectedRate)")
  // Over 1 s the gravity seen by the sensor turns by the rotation: the
  // sky in the body frame goes the opposite way round the same axis.
  let before = imu.idealReading(motion, at: 0).acceleration
  let after = imu.idealReading(motion, at: 1).acceleration
  let turnedBack = Quaternion(
    axis: declared.toSensor(unit), degrees: -degreesPerSecond
  ).rotate(before)
  #expect((after - turnedBack).length < 1e-6)
  let skyBefore = skyInBody(start)
  let skyAfter = skyInBody(motion.attitude(at: 1))
  #expect(
    Swift.abs(
      before.angleDegrees(to: after) - skyBefore.angleDegrees(to: skyAfter))
      < 1e-6)
}

@Test("A sensor swung round a vertical axis reads the centripetal force")
func centripetal() throws {
  let declared = try axes("x=forward,y=up,z=right")
  let imu = idealIMU(declared)
  // 1 rad/s about the vertical, the sensor 0.5 m out along body +X:
  // ω²r = 0.5 m/s² toward the axis (body −X).
  let motion = Spinning(
    start: .identity, rate: Vector3(0, 1, 0), lever: Vector3(0.5, 0, 0))
  let reading = imu.idealReading(motion, at: 2)
  let expected = Vector3(-0.5 / Units.standardGravity, 1, 0)
  #expect((reading.acceleration - expected).length < 1e-6)
  #expect(
    (reading.angularRate - Vector3(0, Units.degreesPerRadian, 0)).length
      < 1e-6)
}

@Test(
  "A still part's noise matches its datasheet density",
  arguments: [IMUPart.icm42688, .mpu6050, .bmi270])
func noiseDensity(part: IMUPart) throws {
  let rate = 200.0
  let imu = IMUSimulator(
    part: part, rateHz: rate, hasGyro: true,
    axes: try axes("x=forward,y=up,z=right"), misalignment: .identity,
    seed: 11)
  var ay: [Double] = []
  var gx: [Double] = []
  imu.run(Still(attitude: .identity), count: 4000) { sample in
    ay.append(sample.acceleration.y)
    gx.append(sample.angularRate?.x ?? .nan)
  }
  func sd(_ v: [Double]) -> Double {
    let mean = v.reduce(0, +) / Double(v.count)
    return Double.sqrt(
      v.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(v.count - 1))
  }
  let accelExpected = part.accelNoiseDensity * Double.sqrt(rate / 2)
  let gyroExpected = part.gyroNoiseDensity * Double.sqrt(rate / 2)
  // Quantization adds lsb²/12 of variance; the bias drifts only slowly.
  let accelWithLSB = Double.sqrt(
    accelExpected * accelExpected + part.accelLSB * part.accelLSB / 12)
  let gyroWithLSB = Double.sqrt(
    gyroExpected * gyroExpected + part.gyroLSB * part.gyroLSB / 12)
  #expect(Swift.abs(sd(ay) / accelWithLSB - 1) < 0.15, "\(part.name) accel")
  #expect(Swift.abs(sd(gx) / gyroWithLSB - 1) < 0.25, "\(part.name) gyro")
}
