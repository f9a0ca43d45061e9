import HipCore
import RealModule

/// One piece of the session: the body moving from one state to another
/// along a minimum-jerk profile, or staying put when both are the same.
struct Movement: Sendable {
  /// True time, s.
  var start: Double
  var end: Double
  var from: BodyState
  var to: BodyState
  /// A point in the pelvis frame (of `from`) that stays fixed in the world
  /// while the pelvis turns (the shoulders in a bridge, the supporting hip
  /// standing), m.
  ///
  /// Zero moves the pelvis origin along a straight line.
  var pivot: Vector3

  func state(at t: Double) -> BodyState {
    let duration = end - start
    let s =
      duration > 0 ? MinimumJerkProfile.position((t - start) / duration) : 1
    let pelvis = from.pelvis.slerp(to: to.pelvis, fraction: s)
    // Rigid rotation about the pivot, plus whatever translation the move
    // has on top, so that the sensor point follows an arc, not a chord.
    let pivotWorld = from.origin + from.pelvis.rotate(pivot)
    let endAboutPivot = pivotWorld - to.pelvis.rotate(pivot)
    let origin =
      pivotWorld - pelvis.rotate(pivot) + (to.origin - endAboutPivot) * s
    return BodyState(
      pelvis: pelvis, origin: origin,
      leftHip: from.leftHip.slerp(to: to.leftHip, fraction: s),
      rightHip: from.rightHip.slerp(to: to.rightHip, fraction: s))
  }
}

/// A sum of slow sinusoids: the sway of a body that holds still.
///
/// "Still" is a quiet position that moves a few tenths of a degree (and
/// breathes), never a frozen one.
struct Sway: Sendable {
  struct Component: Sendable {
    var axis: Vector3  // unit, segment frame
    var amplitude: Double  // rad
    var frequency: Double  // Hz
    var phase: Double  // rad
  }

  var components: [Component]

  static let none = Sway(components: [])

  /// Sway of about `degrees` (peak, all components together).
  init(degrees: Double, rng: inout SeededGenerator) {
    var parts: [Component] = []
    let count = 4
    for _ in 0..<count {
      parts.append(
        Component(
          axis: rng.direction(),
          amplitude: degrees / Units.degreesPerRadian / 2
            * rng.uniform(0.6...1.0),
          frequency: rng.uniform(0.08...0.45),
          phase: rng.uniform(0...(2 * .pi))))
    }
    components = parts
  }

  init(components: [Component]) { self.components = components }

  func rotation(at t: Double) -> Quaternion {
    guard !components.isEmpty else { return .identity }
    var v = Vector3.zero
    for c in components {
      v +=
        c.axis * (c.amplitude * Double.sin(2 * .pi * c.frequency * t + c.phase))
    }
    return Quaternion(rotationVector: v)
  }
}

/// A knock against the sensor: the pod jolts on the soft tissue under it and
/// rings down within a tenth of a second or so.
///
/// It moves the sensor, not the body, so the labels never see it.
struct Bump: Sendable {
  var center: Double  // true time, s
  var width: Double  // s, Gaussian envelope
  var frequency: Double  // Hz
  var rotationAxis: Vector3  // unit, segment frame
  var rotationAmplitude: Double  // rad
  var displacement: Vector3  // m, segment frame, peak

  /// The envelope's reach: beyond five widths it is below e⁻²⁵.
  var reach: Double { 5 * width }

  func wave(at t: Double) -> Double {
    let d = t - center
    guard Swift.abs(d) < reach else { return 0 }
    let e = d / width
    return Double.exp(-e * e) * Double.sin(2 * .pi * frequency * d)
  }
}

/// The whole session's true motion: movements end to end, sway on top.
struct BodyTimeline: Sendable {
  var movements: [Movement] = []
  var pelvisSway = Sway.none
  var leftThighSway = Sway.none
  var rightThighSway = Sway.none

  var duration: Double { movements.last?.end ?? 0 }

  /// The true body state at true time `t`, sway included.
  func state(at t: Double) -> BodyState {
    var state = baseState(at: t)
    state.pelvis = (state.pelvis * pelvisSway.rotation(at: t)).normalized
    state.leftHip = (state.leftHip * leftThighSway.rotation(at: t)).normalized
    state.rightHip =
      (state.rightHip * rightThighSway.rotation(at: t)).normalized
    return state
  }

  /// The state without sway: the choreography alone.
  func baseState(at t: Double) -> BodyState {
    guard let first = movements.first, let last = movements.last else {
      return BodyState(
        pelvis: .identity, origin: .zero, leftHip: .identity,
        rightHip: .identity)
    }
    if t <= first.start { return first.from }
    if t >= last.end { return last.to }
    // Binary search: the last movement that starts at or before t.
    var lo = 0
    var hi = movements.count - 1
    while lo < hi {
      let mid = (lo + hi + 1) / 2
      if movements[mid].start <= t { lo = mid } else { hi = mid - 1 }
    }
    return movements[lo].state(at: t)
  }

  /// The current (last) state, where the next movement starts.
  var current: BodyState? { movements.last?.to }

  /// Moves to `target` over `seconds`.
  mutating func move(
    to target: BodyState, seconds: Double, pivot: Vector3 = .zero
  ) {
    guard let from = current else { return }
    let start = duration
    movements.append(
      Movement(
        start: start, end: start + seconds, from: from, to: target,
        pivot: pivot))
  }

  /// Stays at the current state for `seconds`.
  mutating func stay(_ seconds: Double) {
    guard let here = current else { return }
    move(to: here, seconds: seconds)
  }

  /// Starts the timeline at `state`.
  mutating func begin(at state: BodyState, seconds: Double) {
    movements = [
      Movement(start: 0, end: seconds, from: state, to: state, pivot: .zero)
    ]
  }
}
