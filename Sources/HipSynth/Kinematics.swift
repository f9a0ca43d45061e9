import HipCore
import RealModule

/// The minimum-jerk profile `s(τ) = 10τ³ − 15τ⁴ + 6τ⁵`, which human
/// point-to-point movements follow closely (Flash and Hogan 1985,
/// <https://doi.org/10.1523/JNEUROSCI.05-07-01688.1985>).
///
/// Velocity and acceleration are zero at both ends, so a trajectory built
/// from such pieces has continuous acceleration and the accelerometer sees
/// no steps where one movement ends and the next begins.
enum MinimumJerkProfile {
  static func position(_ tau: Double) -> Double {
    let t = Swift.min(1, Swift.max(0, tau))
    return t * t * t * (10 + t * (-15 + 6 * t))
  }
}

extension Quaternion {
  /// The rotation vector (axis times angle, radians) of this rotation,
  /// the shorter way round: the inverse of `init(rotationVector:)`.
  var rotationVector: Vector3 {
    let sign: Double = w < 0 ? -1 : 1
    let v = Vector3(x, y, z) * sign
    let s = v.length
    guard s > 1e-12 else { return v * 2 }
    let angle = 2 * Double.atan2(y: s, x: w * sign)
    return v * (angle / s)
  }

  /// A rotation given as a rotation vector in degrees (axis times angle).
  init(rotationDegrees v: Vector3) {
    self.init(rotationVector: v / Units.degreesPerRadian)
  }

  /// A rotation about the world vertical (+Y) by `degrees`.
  static func heading(_ degrees: Double) -> Quaternion {
    Quaternion(axis: Vector3(0, 1, 0), degrees: degrees)
  }
}

/// The unit vector toward the sky in the world frame (+Y up).
let worldUp = Vector3(0, 1, 0)

/// The sky direction in the body frame of a segment with attitude `q`
/// (body to world).
func skyInBody(_ q: Quaternion) -> Vector3 {
  q.conjugate.rotate(worldUp)
}

/// `recording-format.md`'s attitude angles of a segment from its true
/// attitude (body to world).
func attitudeAngles(_ q: Quaternion) -> AttitudeAngles {
  AttitudeAngles(up: skyInBody(q))
}

/// The angle in degrees of the rotation between two attitudes.
func rotationAngle(from a: Quaternion, to b: Quaternion) -> Double {
  (a.conjugate * b).angleDegrees
}
