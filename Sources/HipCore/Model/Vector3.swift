import RealModule

/// A three-component vector of doubles.
///
/// The frame a vector lives in (sensor axes or body axes) is a property of
/// where it comes from, not of the type; names say which (`sensor…`, `body…`).
public struct Vector3: Sendable, Hashable {
  public var x: Double
  public var y: Double
  public var z: Double

  public init(_ x: Double, _ y: Double, _ z: Double) {
    self.x = x
    self.y = y
    self.z = z
  }

  public static let zero = Vector3(0, 0, 0)

  public var length: Double { Double.sqrt(x * x + y * y + z * z) }

  /// The vector scaled to unit length, or `nil` for the zero vector.
  public var normalized: Vector3? {
    let n = length
    guard n > 0, n.isFinite else { return nil }
    return self / n
  }

  public var isFinite: Bool { x.isFinite && y.isFinite && z.isFinite }

  public func dot(_ other: Vector3) -> Double {
    x * other.x + y * other.y + z * other.z
  }

  public func cross(_ other: Vector3) -> Vector3 {
    Vector3(
      y * other.z - z * other.y,
      z * other.x - x * other.z,
      x * other.y - y * other.x)
  }

  /// The angle between two vectors in degrees, 0...180.
  ///
  /// Computed with `atan2(|a×b|, a·b)`, which stays accurate for small
  /// angles where `acos` of the dot product loses precision.
  public func angleDegrees(to other: Vector3) -> Double {
    Double.atan2(y: cross(other).length, x: dot(other)) * 180 / .pi
  }

  /// This axis pointed the way of `reference` (itself or its opposite):
  /// turns about an axis either way are added up as one line.
  public func agreeing(with reference: Vector3) -> Vector3 {
    dot(reference) < 0 ? -self : self
  }

  public static func + (a: Vector3, b: Vector3) -> Vector3 {
    Vector3(a.x + b.x, a.y + b.y, a.z + b.z)
  }

  public static func - (a: Vector3, b: Vector3) -> Vector3 {
    Vector3(a.x - b.x, a.y - b.y, a.z - b.z)
  }

  public static prefix func - (a: Vector3) -> Vector3 {
    Vector3(-a.x, -a.y, -a.z)
  }

  public static func * (a: Vector3, s: Double) -> Vector3 {
    Vector3(a.x * s, a.y * s, a.z * s)
  }

  public static func * (s: Double, a: Vector3) -> Vector3 { a * s }

  public static func / (a: Vector3, s: Double) -> Vector3 {
    Vector3(a.x / s, a.y / s, a.z / s)
  }

  public static func += (a: inout Vector3, b: Vector3) { a = a + b }
  public static func -= (a: inout Vector3, b: Vector3) { a = a - b }
}
