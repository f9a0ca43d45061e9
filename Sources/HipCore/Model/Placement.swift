/// Where the sensor sits on the body (`recording-format.md`).
public enum Placement: String, Sendable, CaseIterable, Codable {
  /// Belt at the back, midline, over the sacrum.
  case sacrum
  /// Lateral hip, over the greater trochanter.
  case hipLeft = "hip-left"
  case hipRight = "hip-right"
  /// Lateral thigh, above the knee: the segment follows the leg.
  case thighLeft = "thigh-left"
  case thighRight = "thigh-right"

  /// Whether the sensor moves with the pelvis (rather than a thigh).
  public var isOnPelvis: Bool {
    switch self {
    case .sacrum, .hipLeft, .hipRight: true
    case .thighLeft, .thighRight: false
    }
  }
}

extension Exercise.Posture {
  /// Whether a segment whose sky direction (body frame) is `up` is in
  /// this posture, for a sensor at `placement`; `nil` for a thigh, whose
  /// mounting is not known well enough to tell.
  public func admits(up: Vector3, at placement: Placement) -> Bool? {
    // A strap around a thigh turns: real ones sit 7-40° from the declared
    // axes (`../shared/real`, MEx), so the segment's posture is not known
    // well enough to refuse a rest by it.
    placement.isOnPelvis ? admits(pelvisUp: up) : nil
  }

  /// Whether a pelvis whose sky direction (body frame) is `up` is in this
  /// posture, within the spread of people and mountings.
  ///
  /// Supine puts the sky in front of the pelvis (+X), prone and quadruped
  /// behind it, side-lying to one side (±Z), upright postures above it
  /// (+Y); sitting tips the pelvis back, so it is given more room.
  public func admits(pelvisUp up: Vector3) -> Bool {
    let u = up.normalized ?? Vector3(0, 1, 0)
    let within50 = 0.643  // cos 50°
    switch self {
    case .supine: return u.x > within50
    case .prone, .quadruped: return -u.x > within50
    case .sideLying: return Swift.abs(u.z) > within50
    case .standing, .halfKneeling: return u.y > 0.707  // cos 45°
    case .seated: return u.y > 0.5  // cos 60°
    }
  }
}

extension Rep {
  /// The rep as a sensor at `placement` can tell it.
  ///
  /// A thigh sensor's level is the thigh's, not the pelvis's: it cannot
  /// say whether the hips stayed level, so what a person reads of it has
  /// no level change (as `analysis-output.md` has no pelvic drop from a
  /// thigh when walking). The contract JSON keeps the thigh's own value.
  public func seen(from placement: Placement) -> Rep {
    guard !placement.isOnPelvis else { return self }
    var rep = self
    rep.levelChangeDegrees = nil
    return rep
  }
}

extension SessionAnalysis {
  /// The analysis as a sensor at `placement` can tell it: from a thigh,
  /// no pelvis level in the reps or in left against right
  /// (``Rep/seen(from:)``).
  public func seen(from placement: Placement) -> SessionAnalysis {
    guard !placement.isOnPelvis else { return self }
    var analysis = self
    analysis.reps = reps.map { $0.seen(from: placement) }
    analysis.asymmetry?.leftMeanLevelChangeDegrees = nil
    analysis.asymmetry?.rightMeanLevelChangeDegrees = nil
    analysis.asymmetry?.levelChangeDifferenceDegrees = nil
    return analysis
  }
}
