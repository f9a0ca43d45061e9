import HipCore
import RealModule

/// A rep or hold as performed: its true times and what the labels need.
struct PerformedRep: Sendable {
  /// True time the body leaves rest, s.
  var start: Double
  /// True time it is back at rest, s.
  var end: Double
  /// For each phase: arrival time, leaving time and the target state.
  var phases: [(arrive: Double, leave: Double, state: BodyState)]
  /// The rest state the rep starts from and returns to.
  var rest: BodyState
  var side: Side
  /// The rep's range over the set's usual range, as planned.
  var scale: Double
  /// A still excursion of 10 s or more: a hold, not a rep.
  var isHold: Bool
  /// Which set it belongs to (holds after the sets: -1).
  var set: Int
}

/// The session as choreographed: the body's timeline and what happened
/// when.
struct Choreography: Sendable {
  var timeline = BodyTimeline()
  var reps: [PerformedRep] = []
  /// True-time windows where the body rests between sets or before the
  /// first: where a knock against the sensor may land.
  var quietWindows: [(start: Double, end: Double)] = []
  var heading = 0.0

  /// A rep's hold at least this long is a hold (`recording-format.md`).
  static let holdThreshold = 10.0

  init(settings: SynthSettings) {
    var rng = SeededGenerator(seed: settings.seed, stream: 1)
    let motion = ExerciseMotion(exercise: settings.exercise)
    alternating = settings.exercise.profile.sidedness == .alternating
    heading = rng.uniform(0...360)
    timeline.pelvisSway = Sway(degrees: settings.swayDegrees, rng: &rng)
    timeline.leftThighSway = Sway(degrees: settings.swayDegrees, rng: &rng)
    timeline.rightThighSway = Sway(degrees: settings.swayDegrees, rng: &rng)

    // What real recordings add (mid-set starts, fidgets between reps)
    // draws from its own stream, so the tidy session's draws stay put.
    var realism = SeededGenerator(seed: settings.seed, stream: 6)
    fidgetsAfterGap = Self.placeFidgets(settings: settings, rng: &realism)

    // Start standing, then get down into position; or, started in the
    // middle of things, already in position with the first rep at hand.
    let standing = restState(
      posture: .standing, working: .right, motion: motion,
      heading: heading, rng: &rng)
    let standingSeconds = rng.uniform(3...6)
    if !settings.startsMidSet {
      timeline.begin(at: standing, seconds: standingSeconds)
    }
    var side = firstSide(settings: settings, rng: &rng)
    heading += rng.uniform(-30...30)
    var rest = restState(
      posture: motion.posture(working: side), working: side, motion: motion,
      heading: heading, rng: &rng)
    if settings.startsMidSet {
      timeline.begin(at: rest, seconds: realism.uniform(0.1...1.0))
    } else {
      transition(to: rest, rng: &rng)
      let settle = timeline.duration
      timeline.stay(rng.uniform(3...7))
      quietWindows.append((settle, timeline.duration))
    }

    // Sets, with rests (and fidgets, and a change of side) between them.
    let targetSeconds = (settings.minutes ?? 0) * 60
    var set = 0
    while set < settings.sets || timeline.duration + 20 < targetSeconds {
      if set > 0 {
        let next = nextSide(after: side, settings: settings, set: set)
        let restStart = timeline.duration
        if next != side, case .sideLying = motion.posture(working: side) {
          timeline.stay(rng.uniform(4...8))
          side = next
          let other = restState(
            posture: motion.posture(working: side), working: side,
            motion: motion, heading: heading, rng: &rng)
          rollOver(to: other, rng: &rng)
          rest = other
        } else {
          side = next
        }
        let quietStart = timeline.duration
        timeline.stay(rng.uniform(8...20))
        quietWindows.append((quietStart, timeline.duration))
        for _ in 0..<rng.integer(0...2) {
          rest = fidget(from: rest, rng: &rng)
          timeline.stay(rng.uniform(2...6))
        }
        let total = timeline.duration - restStart
        if total < 15 { timeline.stay(15 - total + rng.uniform(0...5)) }
      }
      performSet(
        index: set, side: side, rest: &rest, motion: motion,
        settings: settings, rng: &rng, realism: &realism)
      set += 1
    }

    if settings.longHoldSeconds > 0 {
      timeline.stay(rng.uniform(8...15))
      let style = motion.setStyle(rng: &rng, hold: settings.longHoldSeconds)
      perform(
        motion: motion, style: style, side: repSide(side, index: 0),
        scale: 1, hold: settings.longHoldSeconds, rest: rest, set: -1,
        rng: &rng)
    }

    // Get up and stand.
    timeline.stay(rng.uniform(2...5))
    heading += rng.uniform(-30...30)
    let end = restState(
      posture: .standing, working: .right, motion: motion, heading: heading,
      rng: &rng)
    transition(to: end, rng: &rng)
    timeline.stay(rng.uniform(2...4))
  }

  // MARK: - Sets and reps

  /// Fidgets planned after each gap between reps, by the gap's index in
  /// the session (set by set).
  var fidgetsAfterGap: [Int: Int] = [:]

  /// Spreads `settings.fidgets` over the gaps between reps of the planned
  /// sets; a gap may get more than one.
  private static func placeFidgets(
    settings: SynthSettings, rng: inout SeededGenerator
  ) -> [Int: Int] {
    let gaps = settings.sets * (settings.repsPerSet - 1)
    guard gaps > 0, !settings.exercise.profile.isHold else { return [:] }
    var placed: [Int: Int] = [:]
    for _ in 0..<settings.fidgets {
      placed[rng.integer(0...(gaps - 1)), default: 0] += 1
    }
    return placed
  }

  /// Performs one set from `rest`; fidgets between its reps leave the body
  /// in a slightly different `rest`.
  private mutating func performSet(
    index: Int, side: Side, rest: inout BodyState, motion: ExerciseMotion,
    settings: SynthSettings, rng: inout SeededGenerator,
    realism: inout SeededGenerator
  ) {
    let profile = settings.exercise.profile
    if profile.isHold {
      // A stretch: one hold a set.
      let hold = settings.holdSeconds ?? rng.uniform(20...45)
      let style = motion.setStyle(rng: &rng, hold: hold)
      perform(
        motion: motion, style: style, side: side, scale: 1, hold: hold,
        rest: rest, set: index, rng: &rng)
      return
    }
    let holdMean: Double? =
      settings.holdSeconds
      ?? (profile.holdTarget > 0
        ? profile.holdTarget * rng.uniform(0.7...1.3) : nil)
    var style = motion.setStyle(rng: &rng, hold: holdMean ?? 0)
    style.continuous = settings.backToBack
    let n = settings.repsPerSet
    let fatigue = rng.uniform(0.05...0.25)
    var partial = -1
    // Standing up is all or nothing: a sit-to-stand has no partial rep.
    let canBePartial = settings.exercise != .sitToStand
    if settings.partialReps, canBePartial, n >= 4, rng.chance(0.5) {
      partial = rng.integer(1...(n - 1))
    }
    for i in 0..<n {
      var scale =
        (1 - fatigue * Double(i) / Double(Swift.max(1, n - 1)))
        * rng.gaussian(mean: 1, sd: 0.05, limit: 0.12)
      if i == partial { scale *= rng.uniform(0.25...0.42) }
      let hold: Double
      if let mean = holdMean {
        hold =
          mean >= Self.holdThreshold
          ? Swift.max(Self.holdThreshold + 0.5, mean * rng.uniform(0.95...1.05))
          : Swift.min(
            8, Swift.max(0.3, rng.gaussian(mean: mean, sd: 0.15 * mean)))
      } else {
        hold = rng.chance(0.6) ? 0 : rng.uniform(0.1...0.5)
      }
      perform(
        motion: motion, style: style, side: repSide(side, index: i),
        scale: scale, hold: i == partial ? Swift.min(hold, 0.5) : hold,
        rest: rest, set: index, rng: &rng)
      if i < n - 1 {
        let pause: ClosedRange<Double> =
          switch settings.exercise {
          case .sitToStand: 0.3...1.0
          case .seatedFootTaps: 0.4...1.0
          default: 0.6...2.0
          }
        let drawn = rng.uniform(pause)
        if settings.cutAndJoined {
          // The trial's pauses, long enough that the cut reps are apart.
          timeline.stay(realism.uniform(0.4...1.6))
        } else if settings.backToBack {
          timeline.stay(0.15 * drawn)
        } else {
          timeline.stay(drawn)
        }
        for _ in 0..<fidgetsAfterGap[index * (n - 1) + i, default: 0] {
          // Still a moment either side, so the fidget is apart from reps.
          timeline.stay(realism.uniform(0.4...1.0))
          rest = fidget(from: rest, rng: &realism)
          timeline.stay(realism.uniform(0.4...1.0))
        }
      }
    }
  }

  private mutating func perform(
    motion: ExerciseMotion, style: SetStyle, side: Side, scale: Double,
    hold: Double, rest: BodyState, set: Int, rng: inout SeededGenerator
  ) {
    let restTilt = AttitudeAngles(up: skyInBody(rest.pelvis)).tiltDegrees
    let shape = motion.rep(
      style: style, side: side, scale: scale, hold: hold,
      rest: rest.pelvis, restTilt: restTilt, rng: &rng)
    let start = timeline.duration
    var phases: [(arrive: Double, leave: Double, state: BodyState)] = []
    for phase in shape.phases {
      let target = apply(phase.target, to: rest, pivot: shape.pivot)
      timeline.move(to: target, seconds: phase.moveSeconds, pivot: shape.pivot)
      let arrive = timeline.duration
      if phase.holdSeconds > 0 {
        if motion.exercise == .hipFlexorStretch {
          // The tuck fades a little over a long stretch: a slow drift
          // toward anterior tilt, quiet enough to be still.
          var drifted = target
          drifted.pelvis =
            target.pelvis
            * Quaternion(axis: anteriorTiltAxis, degrees: rng.uniform(0...2))
          timeline.move(to: drifted, seconds: phase.holdSeconds)
        } else {
          timeline.stay(phase.holdSeconds)
        }
      }
      phases.append((arrive, timeline.duration, target))
    }
    timeline.move(to: rest, seconds: shape.returnSeconds, pivot: shape.pivot)
    let isHold = shape.phases.contains { $0.holdSeconds >= Self.holdThreshold }
    reps.append(
      PerformedRep(
        start: start, end: timeline.duration, phases: phases, rest: rest,
        side: side, scale: scale, isHold: isHold, set: set))
  }

  /// A rep target made concrete from the rest state.
  private func apply(_ target: RepTarget, to rest: BodyState, pivot: Vector3)
    -> BodyState
  {
    let pelvis = (rest.pelvis * Quaternion(rotationDegrees: target.pelvis))
      .normalized
    let pivotWorld = rest.origin + rest.pelvis.rotate(pivot)
    let origin =
      pivotWorld - pelvis.rotate(pivot)
      + Quaternion.heading(heading).rotate(target.translation)
    return BodyState(
      pelvis: pelvis, origin: origin,
      leftHip: (rest.leftHip * Quaternion(rotationDegrees: target.leftThigh))
        .normalized,
      rightHip: (rest.rightHip * Quaternion(rotationDegrees: target.rightThigh))
        .normalized)
  }

  // MARK: - Sides

  private func firstSide(settings: SynthSettings, rng: inout SeededGenerator)
    -> Side
  {
    switch settings.side {
    case .both:
      settings.exercise.profile.sidedness == .oneSided
        ? (rng.chance(0.5) ? .left : .right) : .both
    case .alternating: rng.chance(0.5) ? .left : .right
    case .left, .right: settings.side
    }
  }

  private func nextSide(after side: Side, settings: SynthSettings, set: Int)
    -> Side
  {
    guard settings.side == .both,
      settings.exercise.profile.sidedness == .oneSided
    else { return side }
    return side.otherLeg
  }

  /// Alternating sets switch leg every rep, starting from the set's side.
  private func repSide(_ side: Side, index: Int) -> Side {
    guard alternating else { return side }
    return index % 2 == 0 ? side : side.otherLeg
  }

  /// Whether the exercise alternates legs rep by rep.
  var alternating = false

  // MARK: - Postures and transitions

  private func restState(
    posture: RestPosture, working: Side, motion: ExerciseMotion,
    heading: Double, rng: inout SeededGenerator
  ) -> BodyState {
    let base = Quaternion.heading(heading) * posture.base
    let tilt = rng.gaussian(
      mean: posture.tilt.mean, sd: posture.tilt.sd, limit: 3 * posture.tilt.sd)
    let level = rng.gaussian(mean: 0, sd: 1.2, limit: 3)
    let variation =
      Quaternion(axis: anteriorTiltAxis, degrees: tilt)
      * Quaternion(axis: levelAxis(at: base), degrees: level)
    var thighs = motion.thighRest(working: working, rng: &rng)
    if posture == .standing, motion.posture(working: working) != .standing {
      // Standing before and after the exercise, the legs are straight,
      // whatever the exercise's own rest (a chair's or the floor's bent
      // hips): a thigh sensor saw a standing person sitting in the air.
      // The draws above are still made, so the rest of the session stays.
      thighs = ((0, 3), (0, 3))
    }
    let offset = Vector3(
      rng.gaussian(mean: 0, sd: 0.03), 0, rng.gaussian(mean: 0, sd: 0.03))
    return BodyState(
      pelvis: (base * variation).normalized,
      origin: Quaternion.heading(heading).rotate(posture.origin + offset),
      leftHip: variation.conjugate
        * thighAttitude(
          flexion: thighs.left.0, abduction: thighs.left.1, right: false),
      rightHip: variation.conjugate
        * thighAttitude(
          flexion: thighs.right.0, abduction: thighs.right.1, right: true))
  }

  /// An intermediate whole-body position during a transition.
  private func waypoint(
    tilt: Double, base: Quaternion = .identity, origin: Vector3,
    leftFlexion: Double, rightFlexion: Double, heading h: Double
  ) -> BodyState {
    let yaw = Quaternion.heading(h)
    let variation = Quaternion(axis: anteriorTiltAxis, degrees: tilt)
    return BodyState(
      pelvis: yaw * base * variation, origin: yaw.rotate(origin),
      leftHip: variation.conjugate
        * thighAttitude(flexion: leftFlexion, abduction: 5, right: false),
      rightHip: variation.conjugate
        * thighAttitude(flexion: rightFlexion, abduction: 5, right: true))
  }

  /// Gets from the current position to `target`: down to the floor, onto
  /// a chair, into a lunge, or back up to standing.
  private mutating func transition(
    to target: BodyState, rng: inout SeededGenerator
  ) {
    guard let from = timeline.current else { return }
    let h = heading
    let fromUp = skyInBody(from.pelvis).y > 0.7
    let toUp = skyInBody(target.pelvis).y > 0.7
    let fromHeight = from.origin.y
    let toHeight = target.origin.y
    let down = fromUp && fromHeight > 0.4 && (!toUp || toHeight < 0.4)
    let up = toUp && toHeight > 0.4 && (!fromUp || fromHeight < 0.4)
    if down || up {
      // Through a crouch and kneeling (or sitting) on the floor.
      var path = [
        waypoint(
          tilt: 45, origin: Vector3(0.05, 0.70, 0), leftFlexion: 60,
          rightFlexion: 60, heading: h),
        waypoint(
          tilt: 5, origin: Vector3(0.15, 0.52, 0), leftFlexion: 0,
          rightFlexion: 0, heading: h),
      ]
      let facesFloor = skyInBody(down ? target.pelvis : from.pelvis).x < -0.7
      path.append(
        facesFloor
          ? waypoint(
            tilt: 0, base: RestPosture.quadruped.base,
            origin: Vector3(0.35, 0.60, 0), leftFlexion: 90, rightFlexion: 90,
            heading: h)
          : waypoint(
            tilt: -25, origin: Vector3(0.05, 0.14, 0), leftFlexion: 80,
            rightFlexion: 80, heading: h))
      if up { path.reverse() }
      for state in path {
        timeline.move(to: state, seconds: rng.uniform(1.1...1.9))
      }
      timeline.move(to: target, seconds: rng.uniform(1.5...2.5))
    } else if toHeight < fromHeight - 0.25 || fromHeight < toHeight - 0.25 {
      // Onto a chair or a knee, or up from one: lean forward on the way.
      let mid = waypoint(
        tilt: 30, origin: Vector3(0.05, (fromHeight + toHeight) / 2 + 0.05, 0),
        leftFlexion: 45, rightFlexion: 45, heading: h)
      timeline.move(to: mid, seconds: rng.uniform(1.0...1.6))
      timeline.move(to: target, seconds: rng.uniform(1.0...1.6))
    } else {
      // Standing: a shuffle into place (a step or two, turning).
      var mid = target
      mid.origin += Quaternion.heading(h).rotate(
        Vector3(rng.uniform(-0.3...0.3), 0.02, rng.uniform(-0.2...0.2)))
      timeline.move(to: mid, seconds: rng.uniform(1.5...2.5))
      timeline.move(to: target, seconds: rng.uniform(1.0...1.8))
    }
  }

  /// Rolls from one side to the other through lying on the back.
  private mutating func rollOver(
    to target: BodyState, rng: inout SeededGenerator
  ) {
    let back = waypoint(
      tilt: 0, base: RestPosture.supine.base,
      origin: RestPosture.supine.origin, leftFlexion: 40, rightFlexion: 40,
      heading: heading)
    timeline.move(to: back, seconds: rng.uniform(1.5...2.5))
    timeline.move(to: target, seconds: rng.uniform(1.5...2.5))
  }

  /// Shifts on the mat: out of position and into a slightly different rest.
  ///
  /// Returns the new rest.
  private mutating func fidget(
    from rest: BodyState, rng: inout SeededGenerator
  ) -> BodyState {
    let axis = rng.direction()
    let turn = rng.uniform(2...6)
    let shift = Quaternion.heading(heading).rotate(
      Vector3(
        rng.gaussian(mean: 0, sd: 0.02), 0, rng.gaussian(mean: 0, sd: 0.02)))
    var away = rest
    away.pelvis =
      (rest.pelvis * Quaternion(axis: axis, degrees: turn)).normalized
    away.origin += shift + Vector3(0, 0.01, 0)
    timeline.move(to: away, seconds: rng.uniform(0.7...1.2))
    var settled = rest
    settled.pelvis =
      (rest.pelvis
      * Quaternion(axis: axis, degrees: turn * rng.uniform(0...0.3)))
      .normalized
    settled.origin += shift * 0.3
    timeline.move(to: settled, seconds: rng.uniform(0.7...1.2))
    return settled
  }
}
