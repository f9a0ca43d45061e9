import HipCore
import RealModule

/// One position a rep passes through, relative to the rest before it.
struct RepTarget: Sendable {
  /// Pelvis rotation, rotation vector in the rest pelvis frame, degrees.
  var pelvis = Vector3.zero
  /// Pelvis origin translation on top of the rotation, heading frame, m.
  var translation = Vector3.zero
  /// Left hip joint rotation on top of its rest, thigh frame, degrees.
  var leftThigh = Vector3.zero
  /// Right hip joint rotation on top of its rest, thigh frame, degrees.
  var rightThigh = Vector3.zero
}

/// A stage of a rep: move to `target` in `moveSeconds`, stay
/// `holdSeconds`.
struct RepPhase: Sendable {
  var target: RepTarget
  var moveSeconds: Double
  var holdSeconds: Double
}

/// A rep's whole path: its phases, then back to rest.
struct RepShape: Sendable {
  var phases: [RepPhase]
  var returnSeconds: Double
  /// Pelvis-frame point that stays put while the pelvis turns, m.
  var pivot: Vector3
}

/// What stays the same through one set: the person's range, style and
/// habits that day.
struct SetStyle: Sendable {
  /// The set's usual primary range, degrees (catalogue scale).
  var primary: Double
  /// The set's usual pelvic motion for leg exercises, degrees.
  var pelvic: Double
  /// A second ratio (thigh to pelvis in bridges, thigh to pelvis tilt in
  /// squats, the thighs' share of the pelvis's turn in pelvic tilts...),
  /// unitless.
  var ratio: Double
  /// A side-to-side habit: level change this set leans to, degrees.
  var levelBias: Double
  /// How much the pelvis gives on the side the exercise loads, degrees.
  var levelMagnitude: Double
  /// Rise time of a rep, s.
  var riseSeconds: Double
  /// Lowering time over rise time.
  var lowerRatio: Double
  /// Pause at the top, s (a rep's `hold_s`).
  var holdSeconds: Double
  /// Reps back to back: a sit-to-stand never stands still.
  var continuous = false
}

/// How an exercise moves the pelvis and thighs: the physics of the
/// catalogue's "primary" and "watch" columns.
struct ExerciseMotion: Sendable {
  var exercise: Exercise

  /// The rest posture for `working` (the working leg, for side-lying).
  func posture(working: Side) -> RestPosture {
    switch exercise.profile.posture {
    case .supine: .supine
    case .prone: .prone
    case .quadruped: .quadruped
    case .sideLying: .sideLying(rightOnTop: working != .left)
    case .standing: .standing
    case .seated: exercise == .seatedFootTaps ? .longSitting : .seatedChair
    case .halfKneeling: .halfKneeling
    }
  }

  /// Hip flexion and abduction of each thigh at rest, degrees, relative to
  /// the posture base.
  func thighRest(working: Side, rng: inout SeededGenerator)
    -> (left: (Double, Double), right: (Double, Double))
  {
    func pair(_ f: Double, _ a: Double) -> (Double, Double) {
      (
        f + rng.gaussian(mean: 0, sd: 3, limit: 8),
        a + rng.gaussian(mean: 0, sd: 2, limit: 5)
      )
    }
    let rightWorks = working == .right
    switch exercise {
    case .bridge, .singleLegBridge:
      return (pair(50, 3), pair(50, 3))
    case .pelvicTilt, .deadBug, .quadrupedHipExtension, .birdDog:
      return (pair(90, 2), pair(90, 2))
    case .eccentricHipFlexion:
      return (pair(2, 3), pair(2, 3))
    case .proneHipExtension:
      return (pair(-2, 3), pair(-2, 3))
    case .sideLyingHipAbduction:
      // The top leg rests on the bottom one: slightly adducted.
      return rightWorks
        ? (pair(12, 0), pair(10, -6)) : (pair(10, -6), pair(12, 0))
    case .clamshell:
      return rightWorks
        ? (pair(45, 0), pair(45, -4)) : (pair(45, -4), pair(45, 0))
    case .seatedFootTaps, .sitToStand:
      return (pair(90, 4), pair(90, 4))
    case .hipFlexorStretch:
      // The working leg kneels behind; the other foot is forward.
      return rightWorks
        ? (pair(90, 3), pair(-8, 2)) : (pair(-8, 2), pair(90, 3))
    case .standingHipFlexion, .squat, .walking:
      return (pair(0, 2), pair(0, 2))
    }
  }

  /// Draws the style of one set.
  func setStyle(rng: inout SeededGenerator, hold: Double) -> SetStyle {
    let range: ClosedRange<Double>
    var pelvic: ClosedRange<Double> = 2...7
    var ratio: ClosedRange<Double> = 0.7...1.0
    var lower: ClosedRange<Double> = 0.9...1.5
    var rise: ClosedRange<Double> = 0.9...1.6
    var levelMagnitude: ClosedRange<Double> = 1...4
    switch exercise {
    case .bridge: range = 15...35
    case .singleLegBridge:
      range = 12...30
      levelMagnitude = 2...6
    case .pelvicTilt:
      range = 3...10
      // The thighs turn with the pelvis, 0.6-1 of its tilt (1.8-10°):
      // MEx's thigh sensors turn 4-14° in pelvic tilts, among people whose
      // reps were clear enough to label (../shared/real/README.md).
      ratio = 0.6...1.0
    case .quadrupedHipExtension: range = 60...90
    case .birdDog:
      range = 70...95
      pelvic = 3...8
      rise = 1.0...1.8
    case .sideLyingHipAbduction:
      range = 20...45
      pelvic = 3...7
      lower = 1.2...2.2
    case .clamshell:
      range = 20...45
      pelvic = 2...7
    case .proneHipExtension:
      range = 10...20
      pelvic = 2...5
      levelMagnitude = 0.5...5
    case .standingHipFlexion:
      range = 20...45
      pelvic = 2...5
      levelMagnitude = 1...5
    case .eccentricHipFlexion:
      range = 60...100
      pelvic = 2...6
      lower = 2.0...3.5
      rise = 0.9...1.4
    case .seatedFootTaps:
      range = 15...30
      pelvic = 1...4
      levelMagnitude = 2...5
      rise = 0.6...1.0
      lower = 0.8...1.2
    case .deadBug:
      range = 40...70
      pelvic = 2...6
      rise = 1.5...2.5
      lower = 0.7...1.1
    case .squat:
      range = 15...40
      ratio = 1.8...2.3
      rise = 1.0...1.8
      lower = 0.8...1.2
    case .hipFlexorStretch: range = 5...20
    case .sitToStand:
      range = 20...40
      rise = 0.5...0.8
    case .walking: range = 2...10
    }
    return SetStyle(
      primary: rng.uniform(range), pelvic: rng.uniform(pelvic),
      ratio: rng.uniform(ratio),
      levelBias: rng.gaussian(mean: 0, sd: 1.5, limit: 3.5),
      levelMagnitude: rng.uniform(levelMagnitude),
      riseSeconds: rng.uniform(rise), lowerRatio: rng.uniform(lower),
      holdSeconds: hold)
  }

  /// The shape of one rep on side `s` (+1 right, −1 left, 0 both), scaled
  /// by `f` (1: the set's usual range), from a rest pelvis at `rest`
  /// (pelvis to heading frame).
  func rep(
    style: SetStyle, side: Side, scale f: Double, hold: Double,
    rest: Quaternion, restTilt: Double, rng: inout SeededGenerator
  ) -> RepShape {
    let s: Double = side == .left ? -1 : (side == .right ? 1 : 0)
    let level = levelAxis(at: rest)
    let z = Vector3(0, 0, 1)
    let x = Vector3(1, 0, 0)
    let y = Vector3(0, 1, 0)
    let a = style.primary * f
    let p = style.pelvic * f
    let jitter = { (r: inout SeededGenerator) in r.uniform(0.85...1.15) }
    let rise = style.riseSeconds * jitter(&rng)
    let lower = rise * style.lowerRatio * jitter(&rng)
    var target = RepTarget()
    var pivot = Vector3.zero
    func thigh(_ v: Vector3, working: Bool) {
      if working == (s > 0) {
        target.rightThigh = v
      } else {
        target.leftThigh = v
      }
    }
    switch exercise {
    case .bridge:
      // The trunk pivots on the shoulders; the thighs turn about the knees
      // the other way.
      let sag = (style.levelBias + rng.gaussian(mean: 0, sd: 0.8)) * f
      target.pelvis = z * a + level * sag
      let hip = z * (-(1 + style.ratio) * a)
      target.leftThigh = hip
      target.rightThigh = hip
      pivot = Vector3(-0.08, 0.45, 0)
    case .singleLegBridge:
      // The pelvis drops on the free-leg side: level falls for a left
      // (working) leg.
      let drop = s * style.levelMagnitude * rng.uniform(0.7...1.3) * f
      target.pelvis = z * a + level * drop
      thigh(z * (-(1 + style.ratio) * a), working: true)
      thigh(z * (-0.3 * a), working: false)
      pivot = Vector3(-0.08, 0.45, s * 0.05)
    case .pelvicTilt:
      target.pelvis = z * a + level * rng.gaussian(mean: 0, sd: 0.4)
      // Hip angles (thigh against pelvis): the thighs themselves turn
      // `ratio` of the pelvis's tilt.
      target.leftThigh = z * (-(1 - style.ratio) * a)
      target.rightThigh = z * (-(1 - style.ratio) * a)
      pivot = Vector3(-0.10, 0.12, 0)
    case .quadrupedHipExtension, .birdDog:
      // The pelvis tips forward and hikes toward the working leg; some
      // reps lift with the back.
      let arch = rng.chance(0.3) ? rng.uniform(1...3) * f : 0
      target.pelvis =
        anteriorTiltAxis * (0.7 * p + arch) + level * (s * 0.7 * p)
      thigh(z * (-a), working: true)
      thigh(z * (-0.05 * a), working: false)
      pivot = Vector3(0, 0.15, -s * 0.1)
    case .sideLyingHipAbduction:
      // Abduction at the top thigh; the pelvis hikes and rolls back.
      thigh(x * (-s * a), working: true)
      target.pelvis = y * (-s * 0.7 * p) + x * (-s * 0.6 * p)
      pivot = Vector3(0, 0, -s * 0.15)
    case .clamshell:
      let axis = Vector3(-s * 0.8, -s * 0.6, 0)
      thigh(axis * a, working: true)
      target.pelvis = y * (-s * p) + x * (-s * 0.3 * p)
      pivot = Vector3(0, 0, -s * 0.15)
    case .proneHipExtension:
      // The working hip lifts off the floor: its side rises.
      let lift = s * style.levelMagnitude * rng.uniform(0.6...1.4) * f
      thigh(z * (-a), working: true)
      target.pelvis = anteriorTiltAxis * (0.6 * p) + level * lift
      pivot = Vector3(0.10, 0, -s * 0.12)
    case .standingHipFlexion:
      // Standing on the other leg, the free side drops (level rises for a
      // left working leg).
      let drop = -s * style.levelMagnitude * rng.uniform(0.7...1.3) * f
      thigh(z * a, working: true)
      target.pelvis = z * (0.8 * p) + level * drop
      pivot = BodyGeometry.mirrored(BodyGeometry.hipJoint, right: s < 0)
    case .eccentricHipFlexion:
      thigh(z * a, working: true)
      thigh(z * (-p), working: false)
      target.pelvis =
        z * p + level * rng.gaussian(mean: s * 0.5, sd: 0.7, limit: 2)
      pivot = Vector3(-0.10, 0.10, 0)
    case .seatedFootTaps:
      // Lean back a little and sit onto the other buttock: the working
      // side hikes.
      let hike = s * style.levelMagnitude * rng.uniform(0.7...1.3) * f
      thigh(z * a + x * (-s * 0.5 * a), working: true)
      thigh(z * (-p), working: false)
      target.pelvis = z * p + level * hike
      pivot = Vector3(-0.05, -0.05, -s * 0.1)
    case .deadBug:
      thigh(z * (-a), working: true)
      target.pelvis =
        anteriorTiltAxis * (0.7 * p) + level * (s * 0.6 * p)
    case .squat:
      let shift = (style.levelBias + rng.gaussian(mean: 0, sd: 0.7)) * f
      target.pelvis = anteriorTiltAxis * a + level * shift
      target.translation = Vector3(
        -rng.uniform(0.10...0.18) * f, -rng.uniform(0.28...0.42) * f, 0)
      let thighWorld = Swift.min(100, style.ratio * a)
      target.leftThigh = z * (thighWorld + a)
      target.rightThigh = z * (thighWorld + a)
    case .hipFlexorStretch:
      // Tuck the pelvis (posterior tilt), shift forward, side-bend away.
      target.pelvis = z * a + level * (-s * rng.uniform(1...3))
      target.translation = Vector3(rng.uniform(0.06...0.12), -0.03, 0)
      thigh(z * (-(a + rng.uniform(8...15))), working: true)
      thigh(z * (-a + 8), working: false)
    case .sitToStand:
      return sitToStand(
        style: style, scale: f, level: level, restTilt: restTilt,
        rng: &rng)
    case .walking:
      target.pelvis = level * (s * a)
    }
    return RepShape(
      phases: [RepPhase(target: target, moveSeconds: rise, holdSeconds: hold)],
      returnSeconds: lower, pivot: pivot)
  }

  /// Sit-to-stand: lean forward and lift off, stand, lean again to sit.
  private func sitToStand(
    style: SetStyle, scale f: Double, level: Vector3, restTilt: Double,
    rng: inout SeededGenerator
  ) -> RepShape {
    let z = Vector3(0, 0, 1)
    let lean = style.primary * f
    let shift = level * (style.levelBias * 0.5 + rng.gaussian(mean: 0, sd: 0.7))
    // Standing upright again needs the seated posterior tilt undone.
    let upright = -restTilt + rng.gaussian(mean: 4, sd: 2, limit: 5)
    let seatOff = RepTarget(
      pelvis: anteriorTiltAxis * lean + shift * 0.5,
      translation: Vector3(0.12, 0.04, 0), leftThigh: z * lean,
      rightThigh: z * lean)
    let standThigh = -rng.uniform(84...92)
    let stand = RepTarget(
      pelvis: anteriorTiltAxis * upright + shift,
      translation: Vector3(0.25, BodyGeometry.standingHeight - 0.50, 0),
      leftThigh: z * (standThigh + upright),
      rightThigh: z * (standThigh + upright))
    let sitLean = lean * rng.uniform(0.7...0.9)
    let sit = RepTarget(
      pelvis: anteriorTiltAxis * sitLean + shift * 0.5,
      translation: Vector3(0.15, 0.15, 0), leftThigh: z * (sitLean - 45),
      rightThigh: z * (sitLean - 45))
    let t = style.riseSeconds
    return RepShape(
      phases: [
        RepPhase(
          target: seatOff, moveSeconds: t * rng.uniform(0.9...1.1),
          holdSeconds: 0),
        RepPhase(
          target: stand, moveSeconds: t * rng.uniform(1.0...1.3),
          holdSeconds: rng.uniform(0.1...0.6) * (style.continuous ? 0.1 : 1)),
        RepPhase(
          target: sit, moveSeconds: t * rng.uniform(1.0...1.3), holdSeconds: 0),
      ],
      returnSeconds: t * rng.uniform(0.9...1.2), pivot: .zero)
  }
}
