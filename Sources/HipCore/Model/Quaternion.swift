import RealModule

/// A unit quaternion: a rotation.
///
/// `q.rotate(v)` turns a vector expressed in the rotated (child) frame into
/// the parent frame: if `q` is the attitude of the body in the world,
/// `q.rotate(vBody)` is `vBody` in world axes, and
/// `q.conjugate.rotate(vWorld)` is `vWorld` in body axes.
public struct Quaternion: Sendable, Hashable {
  public var w: Double
  public var x: Double
  public var y: Double
  public var z: Double

  public init(w: Double, x: Double, y: Double, z: Double) {
    self.w = w
    self.x = x
    self.y = y
    self.z = z
  }

  public static let identity = Quaternion(w: 1, x: 0, y: 0, z: 0)

  /// A rotation of `degrees` about `axis` (right-hand rule).
  public init(axis: Vector3, degrees: Double) {
    let unit = axis.normalized ?? Vector3(1, 0, 0)
    let half = degrees / Units.degreesPerRadian / 2
    let s = Double.sin(half)
    self.init(w: Double.cos(half), x: unit.x * s, y: unit.y * s, z: unit.z * s)
  }

  /// A rotation by the rotation vector `v` (axis times angle in radians).
  public init(rotationVector v: Vector3) {
    let angle = v.length
    guard angle > 1e-12 else {
      // Small-angle form keeps the step exact to second order.
      self = Quaternion(w: 1, x: v.x / 2, y: v.y / 2, z: v.z / 2).normalized
      return
    }
    self.init(axis: v, degrees: angle * Units.degreesPerRadian)
  }

  /// The shortest rotation that turns unit vector `a` onto unit vector `b`.
  public init(from a: Vector3, to b: Vector3) {
    let ua = a.normalized ?? Vector3(0, 1, 0)
    let ub = b.normalized ?? Vector3(0, 1, 0)
    let d = ua.dot(ub)
    if d < -0.999_999_999 {
      // Opposite vectors: any perpendicular axis will do.
      var axis = Vector3(1, 0, 0).cross(ua)
      if axis.length < 1e-6 { axis = Vector3(0, 1, 0).cross(ua) }
      self.init(axis: axis, degrees: 180)
      return
    }
    let c = ua.cross(ub)
    self = Quaternion(w: 1 + d, x: c.x, y: c.y, z: c.z).normalized
  }

  /// A rotation matrix's quaternion; columns are the child axes in the
  /// parent frame.
  public init(columns c0: Vector3, _ c1: Vector3, _ c2: Vector3) {
    let trace = c0.x + c1.y + c2.z
    if trace > 0 {
      let s = Double.sqrt(trace + 1) * 2
      self.init(
        w: s / 4, x: (c1.z - c2.y) / s, y: (c2.x - c0.z) / s,
        z: (c0.y - c1.x) / s)
    } else if c0.x > c1.y && c0.x > c2.z {
      let s = Double.sqrt(1 + c0.x - c1.y - c2.z) * 2
      self.init(
        w: (c1.z - c2.y) / s, x: s / 4, y: (c1.x + c0.y) / s,
        z: (c2.x + c0.z) / s)
    } else if c1.y > c2.z {
      let s = Double.sqrt(1 + c1.y - c0.x - c2.z) * 2
      self.init(
        w: (c2.x - c0.z) / s, x: (c1.x + c0.y) / s, y: s / 4,
        z: (c2.y + c1.z) / s)
    } else {
      let s = Double.sqrt(1 + c2.z - c0.x - c1.y) * 2
      self.init(
        w: (c0.y - c1.x) / s, x: (c2.x + c0.z) / s, y: (c2.y + c1.z) / s,
        z: s / 4)
    }
    self = normalized
  }

  public var conjugate: Quaternion { Quaternion(w: w, x: -x, y: -y, z: -z) }

  public var normalized: Quaternion {
    let n = Double.sqrt(w * w + x * x + y * y + z * z)
    guard n > 0 else { return .identity }
    return Quaternion(w: w / n, x: x / n, y: y / n, z: z / n)
  }

  /// The rotation angle, 0...180 degrees.
  public var angleDegrees: Double {
    let v = Double.sqrt(x * x + y * y + z * z)
    return 2 * Double.atan2(y: v, x: Swift.abs(w)) * Units.degreesPerRadian
  }

  /// `self` then `other` applied in the child frame: `(a * b).rotate(v)`
  /// equals `a.rotate(b.rotate(v))`.
  public static func * (a: Quaternion, b: Quaternion) -> Quaternion {
    Quaternion(
      w: a.w * b.w - a.x * b.x - a.y * b.y - a.z * b.z,
      x: a.w * b.x + a.x * b.w + a.y * b.z - a.z * b.y,
      y: a.w * b.y - a.x * b.z + a.y * b.w + a.z * b.x,
      z: a.w * b.z + a.x * b.y - a.y * b.x + a.z * b.w)
  }

  public func rotate(_ v: Vector3) -> Vector3 {
    // v' = v + 2w(q×v) + 2 q×(q×v), q the vector part.
    let q = Vector3(x, y, z)
    let t = q.cross(v) * 2
    return v + t * w + q.cross(t)
  }

  /// Spherical linear interpolation, `fraction` 0 gives `self`, 1 `other`.
  public func slerp(to other: Quaternion, fraction: Double) -> Quaternion {
    var b = other
    var d = w * b.w + x * b.x + y * b.y + z * b.z
    if d < 0 {
      b = Quaternion(w: -b.w, x: -b.x, y: -b.y, z: -b.z)
      d = -d
    }
    if d > 0.9995 {
      return Quaternion(
        w: w + (b.w - w) * fraction, x: x + (b.x - x) * fraction,
        y: y + (b.y - y) * fraction, z: z + (b.z - z) * fraction
      ).normalized
    }
    let theta = Double.acos(d)
    let s = Double.sin(theta)
    let fa = Double.sin((1 - fraction) * theta) / s
    let fb = Double.sin(fraction * theta) / s
    return Quaternion(
      w: w * fa + b.w * fb, x: x * fa + b.x * fb, y: y * fa + b.y * fb,
      z: z * fa + b.z * fb)
  }
}
