/// An anatomical direction of the wearer standing upright.
///
/// The body frame is ISB's segment frame: `+X` forward (anterior), `+Y` up
/// (superior, toward the head), `+Z` to the wearer's right.
public enum BodyDirection: String, Sendable, CaseIterable {
  case forward  // +X
  case back  // -X
  case up  // +Y
  case down  // -Y
  case right  // +Z
  case left  // -Z

  /// The unit vector of this direction in the body frame.
  public var bodyVector: Vector3 {
    switch self {
    case .forward: Vector3(1, 0, 0)
    case .back: Vector3(-1, 0, 0)
    case .up: Vector3(0, 1, 0)
    case .down: Vector3(0, -1, 0)
    case .right: Vector3(0, 0, 1)
    case .left: Vector3(0, 0, -1)
    }
  }
}

/// Where each sensor axis points on the body: the recording header's `axes`.
///
/// Written `x=DIR,y=DIR,z=DIR`. The three directions must form a right-handed
/// frame, since a real sensor's axes do; a mapping that does not is a typo
/// that would mirror every angle, so it is refused.
public struct AxesMapping: Sendable, Hashable, CustomStringConvertible {
  public let x: BodyDirection
  public let y: BodyDirection
  public let z: BodyDirection

  /// The problem with an `axes` value, said so a person can fix it.
  public struct Invalid: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
  }

  /// Creates a mapping, refusing one that is not right-handed.
  public init(x: BodyDirection, y: BodyDirection, z: BodyDirection)
    throws(Invalid)
  {
    let cross = x.bodyVector.cross(y.bodyVector)
    guard cross.length > 0.5 else {
      throw Invalid(
        description:
          "axes x=\(x.rawValue),y=\(y.rawValue),z=\(z.rawValue): "
          + "x and y lie on the same body axis")
    }
    guard cross == z.bodyVector else {
      let expected =
        BodyDirection.allCases.first { $0.bodyVector == cross }?.rawValue ?? "?"
      throw Invalid(
        description:
          "axes x=\(x.rawValue),y=\(y.rawValue),z=\(z.rawValue) "
          + "is not a right-handed frame: with x=\(x.rawValue) and "
          + "y=\(y.rawValue), z must be \(expected)")
    }
    self.x = x
    self.y = y
    self.z = z
  }

  /// Parses the header form `x=right,y=up,z=back` (spaces allowed, any
  /// order of the three entries).
  public init(parsing text: some StringProtocol) throws(Invalid) {
    var found: [Character: BodyDirection] = [:]
    for part in text.split(separator: ",") {
      let pair = part.split(separator: "=", maxSplits: 1)
      guard pair.count == 2 else {
        throw Invalid(
          description:
            "axes entry \(VisibleText.quoted(part)) is not of the form "
            + "AXIS=DIRECTION")
      }
      let axisName = pair[0].trimmingSpaces.lowercased()
      let directionName = pair[1].trimmingSpaces.lowercased()
      guard axisName.count == 1, let axis = axisName.first, "xyz".contains(axis)
      else {
        throw Invalid(
          description:
            "axes names an unknown axis \(VisibleText.quoted(axisName)) "
            + "(expected x, y and z)")
      }
      guard let direction = BodyDirection(rawValue: directionName) else {
        throw Invalid(
          description:
            "axes gives \(VisibleText.quoted(directionName)) for \(axis): "
            + "expected one of "
            + BodyDirection.allCases.map(\.rawValue).joined(separator: ", "))
      }
      guard found[axis] == nil else {
        throw Invalid(description: "axes gives \(axis) twice")
      }
      found[axis] = direction
    }
    guard let x = found["x"], let y = found["y"], let z = found["z"] else {
      throw Invalid(
        description:
          "axes must give all of x, y and z (got \(VisibleText.quoted(text)))")
    }
    try self.init(x: x, y: y, z: z)
  }

  public var description: String {
    "x=\(x.rawValue),y=\(y.rawValue),z=\(z.rawValue)"
  }

  /// Expresses a sensor-frame vector in the body frame.
  public func toBody(_ v: Vector3) -> Vector3 {
    x.bodyVector * v.x + y.bodyVector * v.y + z.bodyVector * v.z
  }

  /// Expresses a body-frame vector in the sensor frame.
  public func toSensor(_ v: Vector3) -> Vector3 {
    Vector3(x.bodyVector.dot(v), y.bodyVector.dot(v), z.bodyVector.dot(v))
  }
}

extension StringProtocol {
  var trimmingSpaces: Substring {
    var s = Substring(self)
    while let first = s.first, first == " " || first == "\t" {
      s = s.dropFirst()
    }
    while let last = s.last, last == " " || last == "\t" { s = s.dropLast() }
    return s
  }
}
