import HipCore
import RealModule

/// The sensor's segment as the choreography moves it, with knocks against
/// the sensor on top.
struct PlacedSensorMotion: SensorMotion {
  var timeline: SessionBody
  var placement: Placement
  var bumps: [Bump]

  func pose(at t: Double) -> SegmentPose {
    let state = timeline.state(at: t)
    var attitude = state.attitude(of: placement.segment)
    var position = state.sensorPoint(placement)
    for bump in bumps where Swift.abs(t - bump.center) < bump.reach {
      let w = bump.wave(at: t)
      attitude =
        attitude
        * Quaternion(
          rotationVector: bump.rotationAxis * (bump.rotationAmplitude * w))
      position += attitude.rotate(bump.displacement * w)
    }
    return SegmentPose(attitude: attitude.normalized, position: position)
  }
}

/// The body's whole motion: an exercise's choreography or a walk.
enum SessionBody: Sendable {
  case exercise(BodyTimeline)
  case walking(WalkingChoreography)

  /// The true body state at true time `t`.
  func state(at t: Double) -> BodyState {
    switch self {
    case .exercise(let timeline): timeline.state(at: t)
    case .walking(let walk): walk.state(at: t)
    }
  }

  /// True duration, s.
  var duration: Double {
    switch self {
    case .exercise(let timeline): timeline.duration
    case .walking(let walk): walk.duration
    }
  }
}

/// A simulated session: the true motion, the sensor on it and the labels.
///
/// Everything follows from ``SynthSettings``: the same settings (seed
/// included) give the same samples and labels. Building it is cheap; the
/// samples are produced on demand by ``generate(_:)``, so an hour at
/// 400 Hz never sits in memory.
public struct SynthSession: Sendable {
  public let settings: SynthSettings
  /// Ground truth, on the recording's time axis (the device clock).
  public let truth: GroundTruth
  /// The simulated IMU (its true mounting and clock).
  public let imu: IMUSimulator
  /// Number of sample slots, lost ones included.
  public let sampleCount: Int
  /// Indices of lost samples.
  public let lostSamples: Set<Int>
  /// The knocks' centres, device time, s.
  public let bumpTimes: [Double]
  /// The sample indices written when reps are cut out and joined (each
  /// rep's segment, ascending); `nil`: the whole session.
  public let keptSamples: [ClosedRange<Int>]?
  let body: SessionBody
  /// The exercise's choreography; `nil` for a walk.
  let choreography: Choreography?
  let motion: PlacedSensorMotion

  public init(settings: SynthSettings) {
    self.settings = settings
    let body: SessionBody
    let quietWindows: [(start: Double, end: Double)]
    var choreography: Choreography?
    var walk: WalkingChoreography?
    if settings.exercise == .walking {
      let walking = WalkingChoreography(settings: settings)
      walk = walking
      body = .walking(walking)
      quietWindows = walking.quietWindows
    } else {
      let exercise = Choreography(settings: settings)
      choreography = exercise
      body = .exercise(exercise.timeline)
      quietWindows = exercise.quietWindows
    }
    self.body = body
    self.choreography = choreography

    var mountRng = SeededGenerator(seed: settings.seed, stream: 4)
    let angle = settings.misalignmentDegrees ?? mountRng.uniform(1...5)
    var misalignment = Quaternion(axis: mountRng.direction(), degrees: angle)
    if let turn = settings.strapTurnDegrees {
      // A strap slides round the thigh: about its long axis (+Y), either
      // way, under the few degrees any pod sits off.
      misalignment =
        misalignment
        * Quaternion(axis: Vector3(0, 1, 0), degrees: mountRng.sign() * turn)
    }
    let imu = IMUSimulator(
      part: settings.part, rateHz: settings.rateHz,
      hasGyro: settings.hasGyro, axes: settings.axes,
      misalignment: misalignment, seed: settings.seed,
      clockScale: settings.clockErrorPercent.map { 1 + $0 / 100 })
    self.imu = imu

    var eventRng = SeededGenerator(seed: settings.seed, stream: 5)
    let bumps = Self.drawBumps(
      count: settings.bumps ?? eventRng.integer(0...2),
      windows: quietWindows, rng: &eventRng)
    motion = PlacedSensorMotion(
      timeline: body, placement: settings.placement, bumps: bumps)
    let count = imu.sampleCount(trueDuration: body.duration)
    sampleCount = count
    lostSamples = Self.drawGaps(
      count: settings.gaps, samples: count, rateHz: settings.rateHz,
      rng: &eventRng)
    bumpTimes = bumps.map { $0.center * imu.clockScale }
    let kept =
      settings.cutAndJoined
      ? Self.cutReps(
        choreography?.reps ?? [], imu: imu, seed: settings.seed) : nil
    keptSamples = kept
    if let walk {
      truth = walk.truth(clockScale: imu.clockScale)
      return
    }
    guard let choreography else {
      preconditionFailure("a session is an exercise or a walk")
    }
    truth =
      Labeler(
        choreography: choreography, segment: settings.placement.segment,
        clockScale: imu.clockScale, exercise: settings.exercise,
        side: settings.side,
        segments: kept?.map {
          (Double($0.lowerBound) / settings.rateHz)...(Double($0.upperBound)
            / settings.rateHz)
        }
      ).truth
  }

  /// Produces every sample in time order.
  public func generate(_ body: (Sample) throws -> Void) rethrows {
    try imu.run(
      motion, count: sampleCount, lost: lostSamples, kept: keptSamples, body)
  }

  /// Every sample, in an array (for tests and short sessions).
  public func samples() -> [Sample] {
    var all: [Sample] = []
    all.reserveCapacity(sampleCount)
    generate { all.append($0) }
    return all
  }

  /// Session length on the device clock, s.
  public var durationSeconds: Double {
    body.duration * imu.clockScale
  }

  /// The true attitude (body frame to world) of the sensor's segment at
  /// device time `t`, sway included, knocks excluded.
  public func segmentAttitude(atDeviceTime t: Double) -> Quaternion {
    body.state(at: t / imu.clockScale).attitude(of: settings.placement.segment)
  }

  private static func drawBumps(
    count: Int, windows: [(start: Double, end: Double)],
    rng: inout SeededGenerator
  ) -> [Bump] {
    let usable = windows.filter { $0.end - $0.start > 2 }
    guard !usable.isEmpty else { return [] }
    var bumps: [Bump] = []
    for _ in 0..<count {
      let window = usable[rng.integer(0...(usable.count - 1))]
      bumps.append(
        Bump(
          center: rng.uniform((window.start + 0.5)...(window.end - 0.5)),
          width: rng.uniform(0.02...0.05), frequency: rng.uniform(8...16),
          rotationAxis: rng.direction(),
          rotationAmplitude: rng.uniform(1.0...3.5) / Units.degreesPerRadian,
          displacement: rng.direction() * rng.uniform(0.002...0.005)))
    }
    return bumps.sorted { $0.center < $1.center }
  }

  /// The samples of each rep's segment as a dataset's authors cut it out
  /// of a trial: starting after the rep has left rest and ending before
  /// it is back (5-25 % into its first and last movements).
  private static func cutReps(
    _ reps: [PerformedRep], imu: IMUSimulator, seed: UInt64
  ) -> [ClosedRange<Int>] {
    var rng = SeededGenerator(seed: seed, stream: 7)
    var kept: [ClosedRange<Int>] = []
    for rep in reps where !rep.isHold {
      guard let first = rep.phases.first, let last = rep.phases.last else {
        continue
      }
      let start =
        rep.start + (first.arrive - rep.start) * rng.uniform(0.05...0.25)
      let end = rep.end - (rep.end - last.leave) * rng.uniform(0.05...0.25)
      let firstSample = Int(
        (start * imu.clockScale * imu.rateHz).rounded(.up))
      let lastSample = Int((end * imu.clockScale * imu.rateHz).rounded(.down))
      kept.append(firstSample...lastSample)
    }
    return kept
  }

  private static func drawGaps(
    count: Int, samples: Int, rateHz: Double, rng: inout SeededGenerator
  ) -> Set<Int> {
    // Not in the first 5 s or the last 3 s, where a reader looks for the
    // still start and end.
    let first = Int(5 * rateHz)
    let last = samples - Int(3 * rateHz) - 30
    guard count > 0, last > first else { return [] }
    var lost = Set<Int>()
    for _ in 0..<count {
      let start = rng.integer(first...last)
      let length = rng.integer(2...20)
      for k in start..<(start + length) { lost.insert(k) }
    }
    return lost
  }
}
