import HipCore

/// The error figures of one IMU part, from its datasheet.
///
/// Every field carries its unit. Tolerances (`…Limit`) are the datasheet's
/// `±` figures; a simulated part draws its own errors inside them, as a
/// real part off the reel does (see ``SensorErrors``). Full-scale ranges
/// are the ones a body-worn logger would pick (±8 g, ±500 dps): wide
/// enough for a knock against the sensor, fine enough for a slow rep.
public struct IMUPart: Sendable, Equatable {
  /// Name written to the recording header.
  public var name: String
  /// Accelerometer noise spectral density, g/√Hz.
  public var accelNoiseDensity: Double
  /// Zero-g offset tolerance per axis, g.
  public var accelBiasLimit: Double
  /// Zero-g offset change with temperature, g/°C.
  public var accelBiasPerDegree: Double
  /// Sensitivity (scale) tolerance, fraction.
  public var accelScaleTolerance: Double
  /// Cross-axis sensitivity, fraction.
  public var accelCrossAxis: Double
  /// Full-scale range, g (readings clip there).
  public var accelFullScale: Double
  /// One least significant bit at that range, g.
  public var accelLSB: Double
  /// Gyroscope rate noise spectral density, dps/√Hz.
  public var gyroNoiseDensity: Double
  /// Zero-rate output tolerance per axis, dps.
  public var gyroBiasLimit: Double
  /// Zero-rate output change with temperature, dps/°C.
  public var gyroBiasPerDegree: Double
  /// Bias random walk, dps/√s: the slow wander left after warm-up (not a
  /// datasheet figure; typical of consumer MEMS parts).
  public var gyroBiasRandomWalk: Double
  /// Sensitivity (scale) tolerance, fraction.
  public var gyroScaleTolerance: Double
  /// Cross-axis sensitivity, fraction.
  public var gyroCrossAxis: Double
  /// Full-scale range, dps (readings clip there).
  public var gyroFullScale: Double
  /// One least significant bit at that range, dps.
  public var gyroLSB: Double
  /// Sample-clock tolerance, fraction (the device's time runs this much
  /// fast or slow against true time).
  public var clockTolerance: Double
  /// Timestamp jitter, standard deviation as a fraction of the period.
  public var timestampJitter: Double

  /// TDK InvenSense ICM-42688-P, datasheet DS-000347 v1.7: accelerometer noise
  /// 70 µg/√Hz, zero-g offset ±20 mg (board level), ±0.15 mg/°C, sensitivity
  /// ±0.5 %, cross-axis ±2 %; gyroscope noise 2.8 mdps/√Hz, zero-rate output
  /// ±0.5 dps (board level), ±0.005 dps/°C, sensitivity ±0.5 %, cross-axis
  /// ±1.25 %; 16-bit output: 4096 LSB/g at ±8 g, 65.5 LSB/dps at ±500 dps.
  ///
  /// The default part.
  public static let icm42688 = IMUPart(
    name: "TDK ICM-42688-P", accelNoiseDensity: 70e-6,
    accelBiasLimit: 0.020, accelBiasPerDegree: 0.15e-3,
    accelScaleTolerance: 0.005, accelCrossAxis: 0.02, accelFullScale: 8,
    accelLSB: 1.0 / 4096, gyroNoiseDensity: 0.0028, gyroBiasLimit: 0.5,
    gyroBiasPerDegree: 0.005, gyroBiasRandomWalk: 0.0005,
    gyroScaleTolerance: 0.005, gyroCrossAxis: 0.0125, gyroFullScale: 500,
    gyroLSB: 1.0 / 65.5, clockTolerance: 0.002, timestampJitter: 0.01)

  /// InvenSense MPU-6050, product specification PS-MPU-6000A-00 rev 3.4:
  /// accelerometer noise 400 µg/√Hz, zero-g offset ±50 mg (X, Y; ±80 mg
  /// on Z, modelled as ±50 mg on every axis), ±0.35 mg/°C, sensitivity
  /// ±3 %, cross-axis ±2 %; gyroscope noise 0.005 dps/√Hz, zero-rate
  /// output ±20 dps, ±20 dps over −40…85 °C (≈0.16 dps/°C), sensitivity
  /// ±3 %, cross-axis ±2 %; 4096 LSB/g at ±8 g, 65.5 LSB/dps at ±500 dps.
  public static let mpu6050 = IMUPart(
    name: "InvenSense MPU-6050", accelNoiseDensity: 400e-6,
    accelBiasLimit: 0.050, accelBiasPerDegree: 0.35e-3,
    accelScaleTolerance: 0.03, accelCrossAxis: 0.02, accelFullScale: 8,
    accelLSB: 1.0 / 4096, gyroNoiseDensity: 0.005, gyroBiasLimit: 20,
    gyroBiasPerDegree: 0.16, gyroBiasRandomWalk: 0.002,
    gyroScaleTolerance: 0.03, gyroCrossAxis: 0.02, gyroFullScale: 500,
    gyroLSB: 1.0 / 65.5, clockTolerance: 0.01, timestampJitter: 0.02)

  /// Bosch BMI270, datasheet BST-BMI270-DS000: accelerometer noise
  /// 160 µg/√Hz, zero-g offset ±20 mg, ±0.2 mg/°C, sensitivity ±1 %
  /// (conservative), cross-axis ±1 %; gyroscope noise 7 mdps/√Hz
  /// (performance mode), zero-rate offset ±0.5 dps, ±0.02 dps/°C,
  /// sensitivity ±1 % (conservative), cross-axis ±1 %; 4096 LSB/g at ±8 g,
  /// 65.536 LSB/dps at ±500 dps.
  public static let bmi270 = IMUPart(
    name: "Bosch BMI270", accelNoiseDensity: 160e-6, accelBiasLimit: 0.020,
    accelBiasPerDegree: 0.2e-3, accelScaleTolerance: 0.01,
    accelCrossAxis: 0.01, accelFullScale: 8, accelLSB: 1.0 / 4096,
    gyroNoiseDensity: 0.007, gyroBiasLimit: 0.5, gyroBiasPerDegree: 0.02,
    gyroBiasRandomWalk: 0.0008, gyroScaleTolerance: 0.01,
    gyroCrossAxis: 0.01, gyroFullScale: 500, gyroLSB: 1.0 / 65.536,
    clockTolerance: 0.002, timestampJitter: 0.01)

  /// A perfect sensor: no noise, bias, scale error, quantization, clock error
  /// or jitter.
  ///
  /// Tests use it to check the physics alone.
  public static let ideal = IMUPart(
    name: "ideal", accelNoiseDensity: 0, accelBiasLimit: 0,
    accelBiasPerDegree: 0, accelScaleTolerance: 0, accelCrossAxis: 0,
    accelFullScale: .infinity, accelLSB: 0, gyroNoiseDensity: 0,
    gyroBiasLimit: 0, gyroBiasPerDegree: 0, gyroBiasRandomWalk: 0,
    gyroScaleTolerance: 0, gyroCrossAxis: 0, gyroFullScale: .infinity,
    gyroLSB: 0, clockTolerance: 0, timestampJitter: 0)
}

/// The errors one simulated part has in one session, drawn within its
/// datasheet tolerances.
///
/// Tolerances are treated as 3-sigma bounds (Bosch states its min/max
/// figures so; the others are read the same way) and draws are cut there.
struct SensorErrors: Sendable {
  var accelBias: Vector3  // g
  var accelGain: Matrix3  // 1 + scale error on the diagonal, cross-axis off
  var accelBiasPerDegree: Vector3  // g/°C
  var gyroBias: Vector3  // dps
  var gyroGain: Matrix3
  var gyroBiasPerDegree: Vector3  // dps/°C
  /// Warm-up: the part heats from room toward skin temperature by this
  /// much, °C, with time constant `warmUpSeconds`.
  var warmUpDegrees: Double
  var warmUpSeconds: Double  // s
  /// Device clock rate error, fraction: device time = true time / (1 + e).
  var clockError: Double

  init(part: IMUPart, rng: inout SeededGenerator) {
    func within(_ limit: Double) -> Double {
      rng.gaussian(mean: 0, sd: limit / 3, limit: limit)
    }
    func vector(_ limit: Double) -> Vector3 {
      Vector3(within(limit), within(limit), within(limit))
    }
    func gain(scale: Double, cross: Double) -> Matrix3 {
      Matrix3(
        rows: Vector3(1 + within(scale), within(cross), within(cross)),
        Vector3(within(cross), 1 + within(scale), within(cross)),
        Vector3(within(cross), within(cross), 1 + within(scale)))
    }
    accelBias = vector(part.accelBiasLimit)
    accelGain = gain(
      scale: part.accelScaleTolerance, cross: part.accelCrossAxis)
    accelBiasPerDegree = vector(part.accelBiasPerDegree)
    gyroBias = vector(part.gyroBiasLimit)
    gyroGain = gain(scale: part.gyroScaleTolerance, cross: part.gyroCrossAxis)
    gyroBiasPerDegree = vector(part.gyroBiasPerDegree)
    warmUpDegrees = rng.uniform(4...10)
    warmUpSeconds = rng.uniform(180...600)
    clockError = within(part.clockTolerance)
  }
}

/// A 3×3 matrix by rows, for the sensors' gain and cross-axis errors.
struct Matrix3: Sendable {
  var r0: Vector3
  var r1: Vector3
  var r2: Vector3

  init(rows r0: Vector3, _ r1: Vector3, _ r2: Vector3) {
    self.r0 = r0
    self.r1 = r1
    self.r2 = r2
  }

  static func * (m: Matrix3, v: Vector3) -> Vector3 {
    Vector3(m.r0.dot(v), m.r1.dot(v), m.r2.dot(v))
  }
}
