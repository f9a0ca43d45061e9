import RealModule

/// Refines how the sensor sits on the body from still postures.
///
/// One still posture fixes two of the three angles of a crooked mounting;
/// a second, different one fixes the third. People lie and stand with their
/// hips close to level, so the refinement looks for the smallest rotation
/// that makes `level_deg` zero in every still posture seen before the first
/// rep (lying on one side says nothing about level and is left out). What
/// the postures cannot show stays as declared.
public struct MountingCalibration: Sendable {
  /// A still posture: the sky direction in the declared body frame.
  public struct Posture: Sendable, Equatable {
    public var up: Vector3
    /// How long it was held, s (longer holds weigh more, up to a cap).
    public var duration: Double
  }

  /// Spread of people's resting `level_deg`, degrees.
  public static let levelPriorDegrees = 1.0
  /// Spread of mountings around the declared `axes`, per axis, degrees.
  public static let mountingPriorDegrees = 10.0

  /// The rotation from the declared body frame to the refined one.
  ///
  /// `correction.rotate(declaredBodyVector)` is the vector in the refined
  /// body frame. Identity when nothing is known.
  public static func correction(from postures: [Posture]) -> Quaternion {
    let usable = postures.filter {
      Swift.abs($0.up.z) < Double.sin(50 * .pi / 180) && $0.duration > 0.5
    }
    guard !usable.isEmpty else { return .identity }
    let radians = Double.pi / 180
    func residuals(_ r: Vector3) -> [Double] {
      let q = Quaternion(rotationVector: r)
      var out: [Double] = []
      for posture in usable {
        let weight = Double.sqrt(Swift.min(posture.duration, 10) / 10)
        let u = q.rotate(posture.up)
        let level = Double.asin(Swift.max(-1, Swift.min(1, u.z)))
        out.append(weight * level / (levelPriorDegrees * radians))
      }
      for component in [r.x, r.y, r.z] {
        out.append(component / (mountingPriorDegrees * radians))
      }
      return out
    }
    // Gauss-Newton on three parameters with a numerical Jacobian.
    var r = Vector3.zero
    for _ in 0..<10 {
      let f = residuals(r)
      let h = 1e-6
      let columns = [Vector3(h, 0, 0), Vector3(0, h, 0), Vector3(0, 0, h)].map {
        step in zip(residuals(r + step), f).map { ($0 - $1) / h }
      }
      var jtj = [[Double]](repeating: [0, 0, 0], count: 3)
      var jtf = [0.0, 0.0, 0.0]
      for i in 0..<3 {
        for j in 0..<3 {
          jtj[i][j] = zip(columns[i], columns[j]).reduce(0) { $0 + $1.0 * $1.1 }
        }
        jtf[i] = zip(columns[i], f).reduce(0) { $0 + $1.0 * $1.1 }
      }
      guard let step = solve3(jtj, jtf) else { break }
      r = r - Vector3(step[0], step[1], step[2])
      if Vector3(step[0], step[1], step[2]).length < 1e-9 { break }
    }
    return Quaternion(rotationVector: r)
  }

  /// Solves a 3×3 linear system by Cramer's rule.
  private static func solve3(_ a: [[Double]], _ b: [Double]) -> [Double]? {
    func det(_ m: [[Double]]) -> Double {
      m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
        - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
        + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
    }
    let d = det(a)
    guard Swift.abs(d) > 1e-12 else { return nil }
    return (0..<3).map { column in
      var m = a
      for row in 0..<3 { m[row][column] = b[row] }
      return det(m) / d
    }
  }
}
