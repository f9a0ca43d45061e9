import HipCore
import RealModule

/// A scalar that moves from value to value along minimum-jerk ramps: the
/// pelvis's heading, speed, height, tilt between steps.
///
/// Every ramp starts and ends with zero velocity and acceleration, so a sum
/// of them is smooth enough for the accelerometer to differentiate twice.
struct RampedChannel: Sendable {
  struct Ramp: Sendable {
    var start: Double
    var duration: Double
    var change: Double
  }

  var initial: Double
  private(set) var ramps: [Ramp] = []
  /// `changeBefore[k]`: the changes of ramps `0..<k` added up.
  private var changeBefore: [Double] = [0]
  private var longest = 0.0

  init(_ initial: Double) { self.initial = initial }

  /// Adds a ramp; ramps are added in order of their start.
  mutating func ramp(at start: Double, over duration: Double, by change: Double)
  {
    precondition(
      ramps.last.map { $0.start <= start } ?? true, "ramps out of order")
    ramps.append(Ramp(start: start, duration: duration, change: change))
    changeBefore.append(changeBefore[changeBefore.count - 1] + change)
    longest = Swift.max(longest, duration)
  }

  /// Where the channel ends up after every ramp.
  var final: Double { initial + changeBefore[changeBefore.count - 1] }

  func value(at t: Double) -> Double {
    // Ramps that started long enough ago are complete: their sum is kept.
    let firstOpen = firstIndex { $0.start > t - longest }
    let pastLast = firstIndex { $0.start > t }
    var value = initial + changeBefore[firstOpen]
    for ramp in ramps[firstOpen..<pastLast] {
      value +=
        ramp.change
        * MinimumJerkProfile.position(
          ramp.duration > 0 ? (t - ramp.start) / ramp.duration : 1)
    }
    return value
  }

  /// The first index whose ramp satisfies `isAfter` (ramps sorted by
  /// start, `isAfter` monotone), or `ramps.count`.
  private func firstIndex(_ isAfter: (Ramp) -> Bool) -> Int {
    var lo = 0
    var hi = ramps.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if isAfter(ramps[mid]) { hi = mid } else { lo = mid + 1 }
    }
    return lo
  }
}

/// One initial contact as walked: when, which foot, and the stance it
/// begins.
struct GaitContact: Sendable {
  /// True time, s.
  var time: Double
  var side: Side
  /// Until the next contact (the step before it, for a bout's last), s.
  var stepSeconds: Double
  /// How strongly this step moves the pelvis (the first and last steps of a
  /// bout are softer).
  var vigour: Double
  /// The drop the person means to make standing on this foot, degrees.
  var plannedDropDegrees: Double
}

/// How one simulated person walks: their rhythm and how their pelvis moves
/// with each step.
struct Walker: Sendable {
  /// Mean step time, s.
  var stepSeconds: Double
  /// Step-to-step variation of the step time (coefficient of variation).
  var stepVariation: Double
  /// Left steps take this fraction longer than right ones (negative:
  /// shorter).
  var leftLonger: Double
  /// Walking speed on the straight, m/s.
  var speed: Double
  /// The heel-strike dip of the pelvis, m: its acceleration peaks upward
  /// at `dip / width²` 0.05 s after contact.
  var impactDip: Double
  /// The rise of the pelvis toward mid-stance, m.
  var bob: Double
  /// Forward surge, m: speeding up into the contact, braking after.
  var surge: Double
  /// Side-to-side shift over the standing foot, m.
  var sway: Double
  /// Pelvic rotation (yaw) with each step, degrees.
  var rotation: Double
  /// Forward tilt with each step, degrees.
  var tiltWobble: Double
  /// Mean drop of the free side standing on each foot, degrees.
  var leftStanceDrop: Double
  var rightStanceDrop: Double
  /// Standing tilt, degrees.
  var standingTilt: Double

  init(settings: SynthSettings, rng: inout SeededGenerator) {
    let walking = settings.walking
    let cadence = walking.cadence ?? rng.uniform(85...115)
    stepSeconds = 60 / cadence
    stepVariation = rng.uniform(0.015...0.035)
    leftLonger = rng.gaussian(mean: 0, sd: 0.015, limit: 0.04)
    speed = rng.uniform(0.55...0.72) / stepSeconds
    let impactPeak = rng.uniform(2.5...5.0)  // m/s²
    impactDip = impactPeak * Self.impactWidth * Self.impactWidth
    bob = rng.uniform(0.03...0.05)
    surge = rng.uniform(0.010...0.018)
    sway = rng.uniform(0.015...0.03)
    rotation = rng.uniform(2.5...5.5)
    tiltWobble = rng.uniform(0.8...2.0)
    var left = walking.leftStanceDropDegrees ?? rng.uniform(2.5...4.5)
    var right = walking.rightStanceDropDegrees ?? rng.uniform(2.5...4.5)
    switch walking.trendelenburg {
    case .left: left = walking.leftStanceDropDegrees ?? rng.uniform(8...10)
    case .right: right = walking.rightStanceDropDegrees ?? rng.uniform(8...10)
    default: break
    }
    leftStanceDrop = left
    rightStanceDrop = right
    standingTilt = rng.gaussian(mean: 4, sd: 3, limit: 8)
  }

  /// Width of the heel-strike dip, s.
  static let impactWidth = 0.03
}

/// A walking session: bouts of steps with turns, and standing, sitting
/// and turning on the spot between them, as the pelvis moves through it.
///
/// The slow motion (where the person heads, how fast, how high the pelvis
/// is and how it tilts) is made of minimum-jerk ramps; each step adds
/// smooth pulses timed from its initial contact, the way a lower-back
/// sensor sees gait: a sharp upward acceleration just after the heel
/// strikes, a forward surge, a shift over the standing foot, the pelvis
/// rotating with the swinging leg and its free side dropping while one
/// leg stands.
struct WalkingChoreography: Sendable {
  var contacts: [GaitContact] = []
  /// Each bout's contacts, as index ranges into `contacts`.
  var bouts: [Range<Int>] = []
  /// True-time windows of standing still: where a knock may land.
  var quietWindows: [(start: Double, end: Double)] = []
  var duration = 0.0
  let walker: Walker
  var heading: RampedChannel
  var speed = RampedChannel(0)
  var height = RampedChannel(BodyGeometry.standingHeight)
  var tilt: RampedChannel
  /// Forward (+) or back shift of the pelvis in the heading frame, m.
  var shift = RampedChannel(0)
  /// Shift to the right (+) in the heading frame, m.
  var lateral = RampedChannel(0)
  var sway: Sway
  private var path = PathTable()

  /// Gaps between bouts are at least this long, s, so that the contract's
  /// bouts (no pause over 3 s) are the bouts as walked.
  static let shortestPause = 4.0

  init(settings: SynthSettings) {
    var rng = SeededGenerator(seed: settings.seed, stream: 8)
    walker = Walker(settings: settings, rng: &rng)
    heading = RampedChannel(rng.uniform(0...360))
    tilt = RampedChannel(walker.standingTilt)
    sway = Sway(degrees: settings.swayDegrees, rng: &rng)
    let walking = settings.walking
    var now = settings.startsMidSet ? rng.uniform(0.1...1.0) : 0
    if !settings.startsMidSet {
      stand(from: &now, seconds: rng.uniform(3...6))
    }
    let targetSeconds = (settings.minutes ?? 0) * 60
    var bout = 0
    while bout < walking.bouts || now + 20 < targetSeconds {
      if bout > 0 {
        pause(from: &now, long: walking.longPauses, rng: &rng)
      }
      walkBout(from: &now, rng: &rng)
      bout += 1
    }
    stand(from: &now, seconds: rng.uniform(3...5))
    duration = now
    path = PathTable(speed: speed, heading: heading, until: duration)
  }

  // MARK: - The plan

  private mutating func stand(from now: inout Double, seconds: Double) {
    quietWindows.append((now, now + seconds))
    now += seconds
  }

  /// Between bouts: standing, perhaps turning on the spot; with long
  /// pauses also sitting down on a chair and getting up again.
  private mutating func pause(
    from now: inout Double, long: Bool, rng: inout SeededGenerator
  ) {
    stand(from: &now, seconds: rng.uniform(1.5...3))
    if long {
      switch rng.integer(0...2) {
      case 0:
        sitDown(from: &now, rng: &rng)
        stand(from: &now, seconds: rng.uniform(15...40))
        standUp(from: &now, rng: &rng)
      case 1:
        turnOnTheSpot(from: &now, rng: &rng)
        stand(from: &now, seconds: rng.uniform(10...25))
        turnOnTheSpot(from: &now, rng: &rng)
      default:
        stand(from: &now, seconds: rng.uniform(20...40))
        turnOnTheSpot(from: &now, rng: &rng)
      }
    } else if rng.chance(0.35) {
      turnOnTheSpot(from: &now, rng: &rng)
    }
    stand(from: &now, seconds: rng.uniform(2...6))
  }

  /// Lean forward, lower onto a chair, sit back.
  private mutating func sitDown(
    from now: inout Double, rng: inout SeededGenerator
  ) {
    let seconds = rng.uniform(2.2...3.2)
    let lean = rng.uniform(25...40)
    let seated = -15 + rng.gaussian(mean: 0, sd: 4, limit: 8)
    let back = walker.standingTilt
    tilt.ramp(at: now, over: 0.45 * seconds, by: lean - back)
    shift.ramp(at: now + 0.1 * seconds, over: 0.8 * seconds, by: -0.12)
    height.ramp(
      at: now + 0.2 * seconds, over: 0.75 * seconds,
      by: 0.50 - BodyGeometry.standingHeight)
    tilt.ramp(at: now + 0.45 * seconds, over: 0.55 * seconds, by: seated - lean)
    now += seconds
  }

  /// The reverse: lean forward, rise, stand tall.
  private mutating func standUp(
    from now: inout Double, rng: inout SeededGenerator
  ) {
    let seconds = rng.uniform(2.0...3.0)
    let lean = rng.uniform(30...45)
    let seated = tilt.final
    tilt.ramp(at: now, over: 0.4 * seconds, by: lean - seated)
    shift.ramp(at: now + 0.2 * seconds, over: 0.7 * seconds, by: 0.12)
    height.ramp(
      at: now + 0.3 * seconds, over: 0.65 * seconds,
      by: BodyGeometry.standingHeight - height.final)
    tilt.ramp(
      at: now + 0.4 * seconds, over: 0.6 * seconds,
      by: walker.standingTilt - lean)
    now += seconds
  }

  /// Turning round where one stands: the pelvis yaws 90-180 degrees and
  /// the weight shifts from foot to foot, no heel strikes.
  private mutating func turnOnTheSpot(
    from now: inout Double, rng: inout SeededGenerator
  ) {
    let seconds = rng.uniform(2.0...3.5)
    heading.ramp(
      at: now, over: seconds, by: rng.sign() * rng.uniform(90...180))
    let shifts = Int((seconds / 0.7).rounded())
    var side = rng.sign()
    var at = now
    let piece = seconds / Double(shifts + 1)
    for index in 0...shifts {
      let target = index == shifts ? 0 : side * rng.uniform(0.008...0.015)
      lateral.ramp(at: at, over: piece, by: target - lateral.final)
      at += piece
      side = -side
    }
    now += seconds
  }

  /// One bout: from standing, one to three straight stretches with a
  /// 180-degree turn between them, then stop.
  private mutating func walkBout(
    from now: inout Double, rng: inout SeededGenerator
  ) {
    let start = now
    let v = walker.speed
    speed.ramp(at: start, over: 1.0, by: v)
    var time = start + rng.uniform(0.4...0.55)
    var side: Side = rng.chance(0.5) ? .left : .right
    let first = contacts.count
    let stretches = rng.integer(1...3)
    for stretch in 0..<stretches {
      let stepsHere = rng.integer(6...16)
      for _ in 0..<stepsHere {
        step(at: &time, side: &side, slower: 1, rng: &rng)
      }
      guard stretch < stretches - 1 else { break }
      // A walking turn: slower, shorter steps while the pelvis comes
      // round by 180 degrees over 1-2 s.
      let turnSeconds = rng.uniform(1.0...2.0)
      let slowing = rng.uniform(0.45...0.6) * v
      speed.ramp(at: time - 0.6, over: 0.6, by: -slowing)
      heading.ramp(at: time, over: turnSeconds, by: rng.sign() * 180)
      let turnEnd = time + turnSeconds
      while time < turnEnd {
        step(
          at: &time, side: &side, slower: rng.uniform(1.15...1.35), rng: &rng)
      }
      speed.ramp(at: turnEnd, over: 0.6, by: slowing)
    }
    // The closing step brings the feet together.
    step(at: &time, side: &side, slower: 1.05, rng: &rng)
    contacts[first].vigour = 0.7
    contacts[contacts.count - 1].vigour = 0.5
    contacts[contacts.count - 1].plannedDropDegrees *= 0.5
    let last = contacts[contacts.count - 1]
    contacts[contacts.count - 1].stepSeconds =
      contacts[contacts.count - 2].stepSeconds
    bouts.append(first..<contacts.count)
    speed.ramp(at: last.time - 0.7, over: 1.1, by: -speed.final)
    now = Swift.max(last.time + 0.5, now)
    stand(from: &now, seconds: Self.shortestPause - 0.5)
  }

  /// One contact at `time`, then on to the next.
  private mutating func step(
    at time: inout Double, side: inout Side, slower: Double,
    rng: inout SeededGenerator
  ) {
    let sideFactor =
      side == .left ? 1 + walker.leftLonger / 2 : 1 - walker.leftLonger / 2
    let seconds =
      walker.stepSeconds * sideFactor * slower
      * rng.gaussian(mean: 1, sd: walker.stepVariation, limit: 0.1)
    let mean =
      side == .left ? walker.leftStanceDrop : walker.rightStanceDrop
    contacts.append(
      GaitContact(
        time: time, side: side, stepSeconds: seconds,
        vigour: rng.gaussian(mean: 1, sd: 0.06, limit: 0.15),
        plannedDropDegrees: mean * rng.gaussian(mean: 1, sd: 0.1, limit: 0.3)))
    time += seconds
    side = side.otherLeg
  }

  // MARK: - The motion

  /// The pelvis at true time `t`: the slow motion plus every nearby step's
  /// pulses.
  func state(at t: Double) -> BodyState {
    let direction = heading.value(at: t)
    var yaw = direction
    var forward = shift.value(at: t)
    var right = lateral.value(at: t)
    var up = height.value(at: t)
    var tiltDegrees = tilt.value(at: t)
    var levelDegrees = 0.0
    let w = walker
    for contact in contactsNear(t) {
      let tau = t - contact.time
      let step = contact.stepSeconds
      let a = contact.vigour
      let toStanceSide: Double = contact.side == .left ? -1 : 1
      let width = Walker.impactWidth
      up +=
        a
        * (w.bob * bump(tau - 0.5 * step, 0.25 * step)
          - w.impactDip * bump(tau - 0.05, width))
      // Speeding into the contact, braking after it: the derivative of
      // a bump, so the surge moves the pelvis and brings it back.
      let surgeWidth = 0.18 * step
      let u = (tau - 0.742 * surgeWidth) / surgeWidth
      forward += a * w.surge * u * Double.exp(-u * u / 2)
      let overStance = bump(tau - 0.5 * step, 0.3 * step)
      right += a * toStanceSide * w.sway * overStance
      yaw += a * toStanceSide * w.rotation * overStance
      tiltDegrees += a * w.tiltWobble * bump(tau - 0.45 * step, 0.2 * step)
      // Standing on the left, the right side drops: `level_deg` falls.
      levelDegrees +=
        toStanceSide * contact.plannedDropDegrees
        * bump(tau - 0.38 * step, 0.15 * step)
    }
    let facing = Quaternion.heading(direction)
    let origin =
      path.position(at: t) + facing.rotate(Vector3(forward, 0, right))
      + Vector3(0, up, 0)
    let pelvis =
      Quaternion.heading(yaw)
      * Quaternion(axis: anteriorTiltAxis, degrees: tiltDegrees)
      * Quaternion(axis: Vector3(-1, 0, 0), degrees: levelDegrees)
      * sway.rotation(at: t)
    return BodyState(
      pelvis: pelvis.normalized, origin: origin, leftHip: .identity,
      rightHip: .identity)
  }

  /// A unit Gaussian bump of width `sd` at offset `x`.
  private func bump(_ x: Double, _ sd: Double) -> Double {
    let e = x / sd
    return Double.exp(-e * e / 2)
  }

  /// The contacts whose pulses reach `t` (beyond them, below e⁻¹²).
  private func contactsNear(_ t: Double) -> ArraySlice<GaitContact> {
    var lo = 0
    var hi = contacts.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if contacts[mid].time < t - 2.5 { lo = mid + 1 } else { hi = mid }
    }
    var end = lo
    while end < contacts.count, contacts[end].time < t + 1.5 { end += 1 }
    return contacts[lo..<end]
  }

  // MARK: - The truth

  /// The true drop of each contact's stance, degrees: `level_deg` at the
  /// contact minus its lowest until the next contact of the bout
  /// (`analysis-output.md`); `nil` for a bout's last contact.
  func trueDrops(of bout: Range<Int>) -> [Double?] {
    bout.map { index in
      guard index + 1 < bout.upperBound else { return nil }
      let start = contacts[index].time
      let end = contacts[index + 1].time
      let sign: Double = contacts[index].side == .left ? 1 : -1
      let atContact = sign * level(at: start)
      var lowest = atContact
      var t = start
      while t < end {
        t = Swift.min(end, t + 0.001)
        lowest = Swift.min(lowest, sign * level(at: t))
      }
      return atContact - lowest
    }
  }

  private func level(at t: Double) -> Double {
    attitudeAngles(state(at: t).pelvis).levelDegrees
  }

  /// The labels: every contact on the device clock, and each bout with
  /// its contacts, cadence and true drop per stance side.
  func truth(clockScale: Double) -> GroundTruth {
    let steps = contacts.map {
      Step(time: $0.time * clockScale, side: $0.side)
    }
    let labelled = bouts.map { bout in
      let made = WalkingBout(
        steps: Array(steps[bout]), drops: trueDrops(of: bout))
      return LabelledWalkingBout(
        startSeconds: made.startSeconds, endSeconds: made.endSeconds,
        initialContacts: made.steps, cadence: made.cadence,
        pelvicDrop: made.pelvicDrop)
    }
    return GroundTruth(
      exercise: Exercise.walking.rawValue, side: .both, reps: [], holds: [],
      sets: [], steps: steps, walkingBouts: labelled)
  }
}

/// Where the pelvis has got to over the floor: the integral of its speed
/// along its heading, tabulated every 10 ms and completed between with
/// five-point Gauss-Legendre quadrature, so that it stays smooth at any
/// time the simulator asks for.
struct PathTable: Sendable {
  private var speed = RampedChannel(0)
  private var heading = RampedChannel(0)
  private var positions: [Vector3] = [.zero]
  static let cell = 0.01

  init() {}

  init(speed: RampedChannel, heading: RampedChannel, until duration: Double) {
    self.speed = speed
    self.heading = heading
    let cells = Int((duration / Self.cell).rounded(.up)) + 2
    positions.reserveCapacity(cells + 1)
    var here = Vector3.zero
    for k in 0..<cells {
      let from = Double(k) * Self.cell
      here += travel(from: from, to: from + Self.cell)
      positions.append(here)
    }
  }

  func position(at t: Double) -> Vector3 {
    let k = Swift.min(
      positions.count - 1, Swift.max(0, Int((t / Self.cell).rounded(.down))))
    let from = Double(k) * Self.cell
    return positions[k] + travel(from: from, to: t)
  }

  private static let nodes: [(x: Double, w: Double)] = [
    (0, 128.0 / 225),
    (-0.538_469_310_105_683_1, 0.478_628_670_499_366_5),
    (0.538_469_310_105_683_1, 0.478_628_670_499_366_5),
    (-0.906_179_845_938_664_0, 0.236_926_885_056_189_1),
    (0.906_179_845_938_664_0, 0.236_926_885_056_189_1),
  ]

  private func travel(from a: Double, to b: Double) -> Vector3 {
    guard b > a else { return .zero }
    let half = (b - a) / 2
    let middle = (a + b) / 2
    var sum = Vector3.zero
    for node in Self.nodes {
      let t = middle + half * node.x
      let v = speed.value(at: t)
      guard v != 0 else { continue }
      sum += Quaternion.heading(heading.value(at: t)).rotate(
        Vector3(v * node.w, 0, 0))
    }
    return sum * half
  }
}
