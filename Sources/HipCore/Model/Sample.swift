/// One IMU sample in the units the analysis works in.
///
/// Values are in the sensor's own axes; ``AxesMapping`` turns them into the
/// body frame.
public struct Sample: Sendable, Hashable {
  /// Seconds since the start of the recording, from the device clock.
  public var time: Double
  /// Specific force in g: a sensor at rest reads +1 g pointing up.
  public var acceleration: Vector3
  /// Angular rate in degrees per second, right-hand rule; `nil` without a
  /// gyroscope.
  public var angularRate: Vector3?

  public init(time: Double, acceleration: Vector3, angularRate: Vector3? = nil)
  {
    self.time = time
    self.acceleration = acceleration
    self.angularRate = angularRate
  }
}

/// Physical constants and unit conversions used across the package.
public enum Units {
  /// Standard gravity in m/s², the conversion between g and m/s².
  public static let standardGravity = 9.80665
  public static let degreesPerRadian = 180 / Double.pi
}
