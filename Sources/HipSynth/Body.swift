import HipCore
import RealModule

extension Placement {
  /// The segment the sensor moves with: the pelvis for the sacrum and the
  /// lateral hip, a thigh for the thigh placements.
  var segment: BodySegment {
    switch self {
    case .sacrum, .hipLeft, .hipRight: .pelvis
    case .thighLeft: .leftThigh
    case .thighRight: .rightThigh
    }
  }

  /// The `axes` a wearer would most likely have: a belt pouch at the back
  /// with the screen out, or a pod on the outside of the hip or thigh with
  /// its face out and its y axis up.
  public var defaultAxes: AxesMapping {
    let mapping: AxesMapping?
    switch self {
    case .sacrum: mapping = try? AxesMapping(x: .right, y: .up, z: .back)
    case .hipRight, .thighRight:
      mapping = try? AxesMapping(x: .forward, y: .up, z: .right)
    case .hipLeft, .thighLeft:
      mapping = try? AxesMapping(x: .back, y: .up, z: .left)
    }
    // The three literal mappings are right-handed; `try?` only satisfies
    // the throwing initializer.
    return mapping ?? Self.identityAxes
  }

  static let identityAxes: AxesMapping = {
    guard let m = try? AxesMapping(x: .forward, y: .up, z: .right) else {
      preconditionFailure("x=forward,y=up,z=right is right-handed")
    }
    return m
  }()
}

/// A body segment the simulator tracks.
enum BodySegment: Sendable {
  case pelvis, leftThigh, rightThigh
}

/// Average adult geometry, m, in each segment's ISB frame (+X forward, +Y up,
/// +Z right).
///
/// The pelvis origin is midway between the hip joints.
enum BodyGeometry {
  /// Sacrum sensor: on the back, a little above the hip joints.
  static let sacrum = Vector3(-0.12, 0.06, 0)
  /// Lateral hip sensor, over the greater trochanter (Z sign by side).
  static let lateralHip = Vector3(0, -0.02, 0.17)
  /// Hip joint centre (Z sign by side).
  static let hipJoint = Vector3(0, 0, 0.085)
  /// Lateral thigh sensor above the knee, from the hip joint in the thigh
  /// frame (Z sign by side).
  static let thighSensor = Vector3(0.01, -0.33, 0.07)
  /// Pelvis-origin height standing, m.
  static let standingHeight = 0.95

  static func mirrored(_ v: Vector3, right: Bool) -> Vector3 {
    right ? v : Vector3(v.x, v.y, -v.z)
  }
}

/// The state of the tracked body at one moment.
struct BodyState: Sendable {
  /// Pelvis attitude, pelvis frame to world.
  var pelvis: Quaternion
  /// Pelvis origin, world frame, m.
  var origin: Vector3
  /// Left thigh attitude relative to the pelvis (thigh frame to pelvis
  /// frame): the hip joint angle.
  var leftHip: Quaternion
  /// Right thigh attitude relative to the pelvis.
  var rightHip: Quaternion

  /// The attitude of `segment` in the world.
  func attitude(of segment: BodySegment) -> Quaternion {
    switch segment {
    case .pelvis: pelvis
    case .leftThigh: pelvis * leftHip
    case .rightThigh: pelvis * rightHip
    }
  }

  /// The world position of the sensor point of `placement`, m.
  func sensorPoint(_ placement: Placement) -> Vector3 {
    switch placement {
    case .sacrum:
      origin + pelvis.rotate(BodyGeometry.sacrum)
    case .hipLeft, .hipRight:
      origin
        + pelvis.rotate(
          BodyGeometry.mirrored(
            BodyGeometry.lateralHip, right: placement == .hipRight))
    case .thighLeft, .thighRight:
      thighSensorPoint(right: placement == .thighRight)
    }
  }

  private func thighSensorPoint(right: Bool) -> Vector3 {
    let joint =
      origin
      + pelvis.rotate(
        BodyGeometry.mirrored(BodyGeometry.hipJoint, right: right))
    let thigh = pelvis * (right ? rightHip : leftHip)
    return joint
      + thigh.rotate(
        BodyGeometry.mirrored(BodyGeometry.thighSensor, right: right))
  }
}
