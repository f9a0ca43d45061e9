import HipCore
import RealModule

/// The rest postures of `exercises.md`, as pelvis attitudes in the heading
/// frame: +X the way the person faced when standing, +Y up, +Z to their
/// right then.
enum RestPosture: Sendable, Equatable {
  case standing
  /// Lying on the back: pelvis +X toward the sky.
  case supine
  /// Lying face down: pelvis +X toward the floor.
  case prone
  /// Hands and knees: the pelvis faces the floor as when prone, higher up.
  case quadruped
  /// Lying on one side with `top` uppermost: that side's Z toward the sky
  /// (the working leg is the top leg).
  case sideLying(rightOnTop: Bool)
  /// On a chair, the pelvis tilted back.
  case seatedChair
  /// On the floor, legs straight out in front.
  case longSitting
  /// Half-kneeling lunge: one knee down (the working leg), the other foot
  /// forward.
  case halfKneeling

  /// The pelvis attitude (pelvis frame to heading frame) without personal
  /// variation.
  var base: Quaternion {
    switch self {
    case .standing, .seatedChair, .longSitting, .halfKneeling:
      return .identity
    case .supine:
      return Quaternion(
        columns: Vector3(0, 1, 0), Vector3(-1, 0, 0), Vector3(0, 0, 1))
    case .prone, .quadruped:
      return Quaternion(
        columns: Vector3(0, -1, 0), Vector3(1, 0, 0), Vector3(0, 0, 1))
    case .sideLying(let rightOnTop):
      return rightOnTop
        ? Quaternion(
          columns: Vector3(0, 0, -1), Vector3(-1, 0, 0), Vector3(0, 1, 0))
        : Quaternion(
          columns: Vector3(0, 0, 1), Vector3(-1, 0, 0), Vector3(0, -1, 0))
    }
  }

  /// Pelvis origin in the heading frame, m.
  var origin: Vector3 {
    switch self {
    case .standing: Vector3(0, BodyGeometry.standingHeight, 0)
    case .supine: Vector3(-0.45, 0.13, 0)
    case .prone: Vector3(0.55, 0.11, 0)
    case .quadruped: Vector3(0.35, 0.62, 0)
    case .sideLying: Vector3(-0.45, 0.17, 0)
    case .seatedChair: Vector3(-0.05, 0.50, 0)
    case .longSitting: Vector3(-0.05, 0.12, 0)
    case .halfKneeling: Vector3(-0.15, 0.55, 0)
    }
  }

  /// Typical sagittal tilt of the pelvis in this posture relative to
  /// `base`, degrees (positive anterior), and the person-to-person spread.
  var tilt: (mean: Double, sd: Double) {
    switch self {
    case .standing: (4, 3)
    case .supine: (-3, 2)
    case .prone: (2, 2)
    case .quadruped: (0, 4)
    case .sideLying: (0, 3)
    case .seatedChair: (-15, 4)
    case .longSitting: (-20, 4)
    case .halfKneeling: (6, 3)
    }
  }

  /// Whether the floor postures: getting there means getting down.
  var isOnFloor: Bool {
    switch self {
    case .supine, .prone, .quadruped, .sideLying, .longSitting: true
    case .standing, .seatedChair, .halfKneeling: false
    }
  }
}

/// The axis (pelvis frame) about which a rotation by +δ raises
/// `level_deg` by about δ, for a segment at attitude `q`: the sky moves
/// toward the segment's right side.
///
/// With `u` the sky in the body frame, turning the body by ε about `a`
/// moves `u` by `−ε a × u`; `a = Z × u` moves it toward +Z. In side-lying
/// postures `u` is along Z and the level is not defined; the roll axis
/// (+Y) is used so that a rotation is still well defined.
func levelAxis(at q: Quaternion) -> Vector3 {
  let u = skyInBody(q)
  return Vector3(0, 0, 1).cross(u).normalized ?? Vector3(0, 1, 0)
}

/// Anterior tilt: a rotation about −Z tips the segment forward
/// (`tilt_deg` grows).
let anteriorTiltAxis = Vector3(0, 0, -1)

/// A thigh's attitude relative to the posture base: `flexion` about +Z
/// (knee forward and up), then `abduction` (knee out to its own side).
func thighAttitude(flexion: Double, abduction: Double, right: Bool)
  -> Quaternion
{
  let abductionAxis = Vector3(right ? -1 : 1, 0, 0)
  return Quaternion(axis: Vector3(0, 0, 1), degrees: flexion)
    * Quaternion(axis: abductionAxis, degrees: abduction)
}
