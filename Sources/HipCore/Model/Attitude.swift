import RealModule

/// The two attitude angles of `recording-format.md`, from `up`: the unit
/// vector toward the sky expressed in the body frame.
public struct AttitudeAngles: Sendable, Equatable {
  /// Sagittal tilt, positive when the segment tips forward:
  /// `atan2(-u_x, u_y)`, degrees.
  public var tiltDegrees: Double
  /// How far the right side is above the left: `asin(u_z)`, degrees.
  public var levelDegrees: Double

  public init(up: Vector3) {
    let u = up.normalized ?? Vector3(0, 1, 0)
    tiltDegrees = Double.atan2(y: -u.x, x: u.y) * Units.degreesPerRadian
    levelDegrees = Self.levelDegrees(unitUp: u)
  }

  /// `level_deg` alone, from a unit sky direction: where only the level
  /// is wanted, without the tilt's `atan2`.
  public static func levelDegrees(unitUp u: Vector3) -> Double {
    Double.asin(Swift.max(-1, Swift.min(1, u.z))) * Units.degreesPerRadian
  }

  /// `level_deg` beyond this at rest says nothing (lying on one side), and
  /// the contract makes `level_change_deg` null there.
  public static let levelDefinedLimitDegrees = 60.0
}
