/// What a body-worn IMU can really report.
///
/// Every number that comes from a file, a device or a flag is checked
/// against these where it enters, so that nothing downstream meets a rate or
/// a value no sensor produces (a `rate_hz` of 1e19 once sized a buffer of
/// 28 GB; random bytes on a port once read as 8.6e9 g).
public enum PhysicalLimits {
  /// Sample rates, Hz.
  public static let rateHz: ClosedRange<Double> = 1...10_000
  /// Largest acceleration on one axis, g: above the widest accelerometer
  /// range sold (±400 g).
  public static let accelerationG = 500.0
  /// Largest angular rate on one axis, °/s: above the widest gyroscope
  /// range sold (±4,000 °/s).
  public static let angularRateDegreesPerSecond = 10_000.0
  /// Largest |t|, s: about 300 years either side of a recording's zero,
  /// so durations stay exact enough and always fit an `Int`.
  public static let timeSeconds = 1e10

  /// The allowed rates, as an error message says them.
  public static let rateDescription = "a rate from 1 to 10000 Hz"

  /// Whether `hz` is a rate a sensor runs at (`false` for nan and inf).
  @inlinable
  public static func isPossibleRate(_ hz: Double) -> Bool {
    rateHz.contains(hz)
  }

  /// Whether every value of `sample` is finite and within what a sensor
  /// reports.
  ///
  /// Inlinable: the reader asks it of every sample.
  @inlinable
  public static func isPossible(_ sample: Sample) -> Bool {
    guard abs(sample.time) <= timeSeconds,
      isWithin(sample.acceleration, accelerationG)
    else { return false }
    guard let rate = sample.angularRate else { return true }
    return isWithin(rate, angularRateDegreesPerSecond)
  }

  @inlinable
  static func isWithin(_ v: Vector3, _ limit: Double) -> Bool {
    // Written so that nan fails too.
    abs(v.x) <= limit && abs(v.y) <= limit && abs(v.z) <= limit
  }
}
