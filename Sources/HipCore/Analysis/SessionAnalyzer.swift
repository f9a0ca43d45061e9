import RealModule

/// Turns a session's samples into reps, holds and sets, one sample at a
/// time.
///
/// ```swift
/// var analyzer = SessionAnalyzer(configuration: configuration)
/// for sample in samples {
///   for event in analyzer.add(sample) { show(event) }
/// }
/// for event in analyzer.finish() { show(event) }
/// let summary = analyzer.summary  // exactly the events, folded
/// ```
///
/// No exercise-specific training: a rep is an excursion of the segment's
/// attitude away from its rest attitude and back (the angle between the two
/// sky directions sees every rep, whatever its direction), found with
/// hysteresis thresholds that follow the set's own range. Reps are timed
/// from the minimum-jerk shape of their rise and fall, measured against the
/// rest before them, and checked against the set's rhythm, direction and
/// range so that bumps, fidgets and getting into position are not counted.
/// Memory stays bounded whatever the session's length.
public struct SessionAnalyzer: Sendable {
  /// What the analysis is told about the recording.
  public struct Configuration: Sendable {
    public var exerciseName: String
    public var exercise: Exercise?
    /// Whether the segment at rest with sky direction `up` is in the
    /// exercise's posture (`nil` when that is unknown).
    ///
    /// Reps only count at rest in it, and arriving in it is getting into
    /// position.
    public func restIsInPosture(_ up: Vector3) -> Bool? {
      exercise?.profile.posture.admits(up: up, at: placement)
    }

    /// The largest rep a pelvis sensor can see in this exercise, degrees.
    ///
    /// Well beyond the catalogue's range, so only getting up, down or
    /// around is refused. `nil` when unknown or for a thigh sensor.
    public var largestPelvisRep: Double? {
      guard placement.isOnPelvis, let profile = exercise?.profile else {
        return nil
      }
      return 2.5 * profile.pelvisRange.upperBound
    }

    /// The smallest movement a pelvis sensor takes for the session's first
    /// rep in an exercise the pelvis itself makes (bridges, squats), degrees.
    ///
    /// Under 0.3 of the catalogue's smallest range: shifting weight
    /// while getting ready, not a rep. Once reps have shown their own
    /// range, that range judges. `nil` when unknown, for a leg exercise
    /// (the pelvis barely moves) or for a thigh sensor.
    public var smallestFirstPelvisRep: Double? {
      guard placement.isOnPelvis, let profile = exercise?.profile,
        profile.primaryIsPelvic
      else { return nil }
      return 0.3 * profile.pelvisRange.lowerBound
    }

    /// The working side for one-sided sets; `.alternating` to infer it
    /// per rep; `.both` for two-legged exercises.
    public var side: Side
    public var axes: AxesMapping
    public var placement: Placement
    /// Nominal sample rate, Hz.
    public var rateHz: Double
    public var hasGyroscope: Bool
    public var settings: Settings

    public init(
      exerciseName: String, side: Side?, axes: AxesMapping,
      placement: Placement = .sacrum, rateHz: Double, hasGyroscope: Bool,
      settings: Settings = .default
    ) {
      self.exerciseName = exerciseName
      exercise = Exercise(rawValue: exerciseName)
      let sidedness = exercise?.profile.sidedness
      switch (side, sidedness) {
      case (.some(let given), _): self.side = given
      case (nil, .alternating): self.side = .alternating
      default: self.side = .both
      }
      self.axes = axes
      self.placement = placement
      self.rateHz = rateHz
      self.hasGyroscope = hasGyroscope
      self.settings = settings
    }
  }

  /// Tuning of the rep finder, each with its unit.
  public struct Settings: Sendable, Equatable {
    public var attitude = AttitudeFilter.Settings.default
    /// Rate the rep finder works at; faster input is decimated, Hz.
    public var analysisRate = 100.0
    /// Smallest excursion that starts a movement, degrees.
    public var minimumOnset = 1.2
    /// Back within this of rest ends a movement, degrees (at least).
    public var minimumReturn = 0.5
    /// Onset threshold as a share of the set's typical range.
    public var onsetShare = 0.25
    /// Return threshold as a share of the set's typical range.
    public var returnShare = 0.15
    /// Below this angular speed the body counts as still, deg/s.
    public var stillSpeed = 4.0
    /// Still this long away from rest makes the new position a candidate
    /// rest (getting into position), s.
    public var newRestAfter = 1.5
    /// A still position is taken once the attitude estimate is within
    /// this of the accelerometer, or after twice ``newRestAfter``,
    /// degrees.
    public var settledDisagreement = 0.3
    /// Staying within this of one position is quiet near rest, degrees
    /// (at least).
    public var settleRadius = 0.4
    /// Quiet near rest is also within this share of the return threshold,
    /// if that is wider.
    public var settleShare = 0.5
    /// Movements shorter than this are bumps, s.
    public var minimumRepDuration = 0.45
    /// A rep's moving time (without its hold) is at most this, s.
    public var maximumRepMotion = 20.0
    /// Held still at least this long away from rest: a hold, not a rep, s.
    public var holdMinimum = 10.0
    /// A rep under this share of the set's typical range is partial.
    public var partialShare = 0.5
    /// A movement that comes to lie still further than this share of its
    /// furthest excursion from where it started is a shift, not a rep:
    /// the share within which the finder takes a movement to be back.
    public var shiftShare = 0.2
    /// A movement shorter than this share of the set's typical rep
    /// duration is not one of its reps.
    public var tempoShare = 0.4
    /// A movement under this share of the typical range is a fidget.
    public var fidgetShare = 0.2
    /// Shortest rest that ends a set, s.
    public var minimumSetBreak = 10.0
    /// A rest this many of the usual pauses between reps long ends a set
    /// (if at least ``minimumSetBreak``).
    public var setBreakPauseFactor = 6.0
    /// Below three quarters of a rep's height for this long between its
    /// rise and its fall, the body went out twice rather than held, s.
    public var twoExcursionDip = 0.3
    /// A set's first rep counts once the next rep starts within this many
    /// of the session's usual pauses between reps after it.
    public var rhythmPauseFactor = 3.0
    /// The pause allowed after a set's first rep is at least this, s.
    public var minimumRhythmGap = 3.0
    /// Before any pause is known, a set's first rep waits at least this
    /// many times its own duration for the next.
    public var firstRepWaitPerRepSecond = 2.0
    /// The pause allowed after a set's first rep before any pause between
    /// reps has been seen, s.
    public var firstRepWait = 5.0
    /// Smallest |cos| of the angle between the turns of a set's first and
    /// second reps (not alternating sets).
    public var firstRepAxisAgreement = 0.5
    /// A pelvis still this much further tipped back than at rest has sat
    /// down (seated exercises), degrees: sitting tips it back about 20°
    /// from standing, give or take 5° from person to person.
    public var seatTipBack = 6.0
    /// A still position reached by turning at least this far, with little
    /// tilt, is a new rest, not a rep's top, degrees.
    ///
    /// Reps move against gravity, about a level axis; turning about the
    /// vertical is stepping round to face elsewhere. Seen only with a
    /// gyroscope.
    public var turnMinimum = 10.0
    /// Samples further apart than this many periods are a gap.
    public var gapPeriods = 3.0

    public init() {}

    public static let `default` = Settings()
  }

  /// What a live view shows between events.
  public struct Status: Sendable, Equatable {
    public var time = 0.0
    public var tiltDegrees = 0.0
    public var levelDegrees = 0.0
    /// Seconds held still away from rest so far (0 at rest or moving).
    public var heldSeconds = 0.0
    public var moving = false
    public var fullReps = 0
  }

  public let configuration: Configuration
  public private(set) var summary: SessionAnalysis
  private var lastEstimate: AttitudeFilter.Estimate?
  private var fullReps = 0

  /// The live view's numbers as of the last sample.
  public var status: Status {
    guard let estimate = lastEstimate else { return Status() }
    return finder.status(at: estimate, fullReps: fullReps)
  }
  /// Samples further apart than the gap limit.
  public private(set) var gaps = 0

  private var filter: AttitudeFilter
  private var finder: RepFinder
  private var decimation: Int
  private var untilNextPoint = 0
  private var lastSampleTime: Double?

  public init(configuration: Configuration) {
    self.configuration = configuration
    summary = SessionAnalysis(exercise: configuration.exerciseName)
    filter = AttitudeFilter(
      settings: configuration.settings.attitude,
      hasGyroscope: configuration.hasGyroscope, rateHz: configuration.rateHz)
    decimation = Swift.max(
      1,
      Int(
        (configuration.rateHz / configuration.settings.analysisRate)
          .rounded(.down)))
    finder = RepFinder(
      configuration: configuration,
      pointRate: configuration.rateHz / Double(decimation))
  }

  /// Adds one sample (sensor axes, g and deg/s); returns the events it
  /// completes.
  public mutating func add(_ sample: Sample) -> [AnalysisEvent] {
    let settings = configuration.settings
    if let last = lastSampleTime,
      sample.time - last > settings.gapPeriods / configuration.rateHz
    {
      gaps += 1
      filter.restart()
      finder.noteGap()
    }
    lastSampleTime = sample.time
    let axes = configuration.axes
    guard
      filter.update(
        time: sample.time, acceleration: axes.toBody(sample.acceleration),
        angularRate: sample.angularRate.map(axes.toBody))
    else { return [] }
    untilNextPoint -= 1
    guard untilNextPoint <= 0 else { return [] }
    untilNextPoint = decimation
    let estimate = filter.estimate()
    lastEstimate = estimate
    let events = finder.process(estimate)
    for event in events { record(event) }
    return events
  }

  /// Ends the session: closes what is open and returns the last events.
  public mutating func finish() -> [AnalysisEvent] {
    let events = finder.finish()
    for event in events { record(event) }
    return events
  }

  private mutating func record(_ event: AnalysisEvent) {
    summary.apply(event)
    switch event {
    case .repCompleted(let rep) where !rep.partial: fullReps += 1
    case .repJudgedAgain(let rep): fullReps += rep.partial ? -1 : 1
    default: break
    }
  }
}

/// One attitude estimate at the rep finder's rate.
struct AttitudePoint: Sendable {
  var time: Double
  var up: Vector3
  var attitude: Quaternion?
  var speed: Double
  var accelerationMagnitude: Double
  /// The accelerometer's own half-second average (see
  /// ``AttitudeFilter/Estimate/measuredGravity``).
  var measuredGravity: Vector3
  /// See ``AttitudeFilter/Estimate/unsettledSine``.
  var unsettledSine: Double
}

/// The rep finder's state machine over attitude points.
struct RepFinder: Sendable {
  private let configuration: SessionAnalyzer.Configuration
  private var settings: SessionAnalyzer.Settings { configuration.settings }

  private enum Phase {
    /// The session's first point is yet to come.
    case starting
    case resting
    /// Away from rest, collecting the movement.
    case moving
    /// Back near rest, collecting the fall's foot before judging; the
    /// body has to settle (slow down) there for it to count as rest.
    /// `closest` is the nearest to rest it has come while slow, degrees.
    case finishing(
      since: Double, peak: Double, base: Double, closest: Double)
  }

  private struct Anchor {
    var up: Vector3
    var attitude: Quaternion?
  }

  /// A still position away from rest: maybe a new rest, maybe a hold.
  private struct HeldPosition {
    var anchor: Anchor
    var arrival: Double
    /// Index in the movement buffer where the body left it, if it has.
    var leftAt: Int?
    /// Furthest excursion from it since it was left, degrees.
    var peak = 0.0
  }

  /// A stretch of points that all stayed close to the first of them.
  private struct QuietPosition {
    var first: Vector3
    var since: Double
    var sum = Vector3.zero
  }

  /// A movement judged to be a rep, not yet counted.
  private struct RepCandidate {
    var startTime: Double
    var peakTime: Double
    var endTime: Double
    /// When the movement was judged over: the last point it was seen at.
    var judgedTime: Double
    /// Rotation from rest to the furthest position, degrees.
    var range: Double
    var levelChange: Double?
    var holdTime: Double
    /// Unit axis of the turn from rest to the furthest position.
    var axis: Vector3
    /// How far from rest the rise started, degrees: above zero when the
    /// body had settled away from the rest it is measured from.
    var footOffset = 0.0
    /// Tilt from rest to the furthest position, degrees: the turn of the
    /// up direction alone, which heading drift cannot reach.
    var tilt = 0.0
    /// The turn of the rise itself, degrees: `range` without the foot's
    /// offset from rest, which a range from the foot's attitude (with a
    /// gyroscope) already leaves out.
    var rise = 0.0

    /// Whether the two are one movement: either's peak lies within the
    /// other's span, which two successive reps' peaks never do.
    func overlapsPeak(of other: RepCandidate) -> Bool {
      (startTime <= other.peakTime && other.peakTime <= endTime)
        || (other.startTime <= peakTime && peakTime <= other.endTime)
    }
  }

  private var phase = Phase.starting
  private var anchor: Anchor?
  /// Still positions away from rest during this movement, oldest first.
  private var held: [HeldPosition] = []
  private var buffer: [AttitudePoint] = []
  private var history: RingBuffer<AttitudePoint>
  private var quietSince: Double?
  /// Since when the body has stayed within the return band of rest.
  private var nearRestSince: Double?
  /// Where the body has stayed quiet near rest, and since when.
  private var restCandidate: QuietPosition?
  /// The settling radius, degrees, and its cosine.
  private var settleCosine = (radius: -1.0, cosine: 1.0, halfCosine: 1.0)
  /// How many points behind the newest the rest follows the body.
  private let restFollowDelay: Int
  /// ``SessionAnalyzer/Settings/settledDisagreement`` as a sine.
  private let settledSine: Double
  private var quietUp = Vector3.zero
  private var quietCount = 0
  private var holdAnnounced = false
  private var movementPeak = 0.0
  /// Where in the buffer the movement crossed its onset threshold; what
  /// comes before is look-back, where the peak cannot be.
  private var onsetIndex = 0
  private var gapInMovement = false
  /// Whether this movement ended by settling still short of the rest it
  /// left: the rest has shifted, and the quiet position is the new one.
  private var settledShort = false

  // Set bookkeeping.
  private var setStart: Double?
  private var setEnd = 0.0
  private var setFullReps = 0
  private var setRepStarts: [Double] = []
  private var typicalRanges: [Double] = []
  /// The axis this set's full reps turn about.
  ///
  /// Per set: from one set to
  /// the next a person may move differently (hips square in one, dropping
  /// to one side in the next).
  private var setAxis = Vector3.zero
  /// Durations of the last full reps, s.
  private var repDurations: [Double] = []
  private var lastSide: Side?
  /// A set's first rep, held back until the next rep (or the lack of one)
  /// shows whether it belongs to the set.
  private var pendingFirstRep: RepCandidate?
  /// ``rhythmGap`` when the first rep was held back: checked every point
  /// until the next rep, so worked out once (it sorts the pauses).
  private var pendingRhythmGap = 0.0
  /// Pauses between consecutive reps of a set, end to next start, s.
  private var repPauses: [Double] = []
  private var lastRepEnd: Double?

  // Mounting.
  private var postures: [MountingCalibration.Posture] = []
  private var correction: Quaternion?

  /// Longest movement kept, s; beyond it the body has changed posture.
  private static let maximumMovement = 120.0

  /// Creates a finder for points arriving at `pointRate` per second (Hz).
  init(configuration: SessionAnalyzer.Configuration, pointRate: Double) {
    self.configuration = configuration
    history = RingBuffer(capacity: Int(2.5 * pointRate) + 1)
    restFollowDelay = Int(pointRate.rounded())
    settledSine = Double.sin(
      configuration.settings.settledDisagreement / Units.degreesPerRadian)
    onsetThreshold = configuration.settings.minimumOnset
    returnThreshold = configuration.settings.minimumReturn
    setBreak = configuration.settings.minimumSetBreak
  }

  mutating func noteGap() {
    if case .moving = phase { gapInMovement = true }
    quietSince = nil
  }

  // MARK: Thresholds from the set's own range

  /// The median range of the last full reps, which thresholds follow.
  ///
  /// Kept up to date when a rep is added, not per point.
  private var typicalRange: Double?
  /// The last movement refused as too large for a pelvis, and whether a
  /// rhythm of them has shown the sensor is not on the pelvis.
  private var lastLargeMovement: (time: Double, range: Double)?
  private var largeRepsAreReal = false
  /// The last movement refused as too small for the exercise before the
  /// session's reps have shown their own range, and how many alike ones
  /// came just before it.
  private var lastSmallMovements: (time: Double, range: Double, alike: Int)?
  /// Tilts of this set's reps, for the same judgement by tilt.
  private var setTilts: [Double] = []
  /// This set's reps as judged when they ended, each with its
  /// ``Rep/index``: partial is judged against their ranges, and judged
  /// again when the set closes.
  private var setReps: [Rep] = []
  /// Reps completed in the session, partial ones included.
  private var repsCompleted = 0
  private var onsetThreshold: Double
  private var returnThreshold: Double
  private var setBreak: Double

  private mutating func updateTypicalRange(adding range: Double) {
    typicalRanges.append(range)
    if typicalRanges.count > 9 { typicalRanges.removeFirst() }
    followTypicalRanges()
  }

  /// A rep judged again as its set closes: the thresholds follow full reps.
  private mutating func updateTypicalRange(judgedAgain rep: Rep) {
    if !rep.partial {
      updateTypicalRange(adding: rep.romDegrees)
    } else if let index = typicalRanges.lastIndex(of: rep.romDegrees) {
      typicalRanges.remove(at: index)
      followTypicalRanges()
    }
  }

  private mutating func followTypicalRanges() {
    guard let typical = median(typicalRanges) else { return }
    typicalRange = typical
    onsetThreshold = Swift.max(
      settings.minimumOnset, typical * settings.onsetShare)
    returnThreshold = Swift.max(
      settings.minimumReturn, typical * settings.returnShare)
  }

  private func median(_ values: [Double]) -> Double? {
    guard !values.isEmpty else { return nil }
    let sorted = values.sorted()
    return sorted[sorted.count / 2]
  }

  private mutating func updateSetBreak() {
    guard setRepStarts.count >= 3 else {
      setBreak = settings.minimumSetBreak
      return
    }
    let cycles = zip(setRepStarts.dropFirst(), setRepStarts).map { $0 - $1 }
      .sorted()
    // A rest is long against the rep cycle or against the pauses between
    // reps, whichever says so first: slow reps with long holds make a
    // cycle long even where the person barely pauses between them.
    let cycle = cycles[cycles.count / 2]
    var longest = 2.5 * cycle
    if let pause = median(repPauses) {
      // Never under a rep and a bit: reps that run into each other have
      // next to no pause, and a breather between them is not a new set.
      longest = Swift.min(
        longest, Swift.max(settings.setBreakPauseFactor * pause, 1.25 * cycle))
    }
    setBreak = Swift.max(settings.minimumSetBreak, longest)
  }

  /// Whether a rest at `up` is in the exercise's posture (`true` when
  /// the posture is unknown).
  private func inPosture(_ up: Vector3) -> Bool {
    configuration.restIsInPosture(up) ?? true
  }

  /// Whether a pelvis still at `position` has sat down from `rest`, in an
  /// exercise done from a seat.
  ///
  /// Standing and sitting both pass the posture check of a pelvis sensor
  /// (people and mountings differ by more than the two postures do), but
  /// sitting tips the pelvis back relative to standing: of two still
  /// postures, the one tipped back by more than a sway or a lean is the
  /// seat, and the reps (standing up and sitting back) start from it.
  private func sitsDown(from rest: Vector3, to position: Vector3) -> Bool {
    guard configuration.placement.isOnPelvis,
      configuration.exercise?.profile.posture == .seated
    else { return false }
    let tippedBack =
      AttitudeAngles(up: rest).tiltDegrees
      - AttitudeAngles(up: position).tiltDegrees
    return tippedBack >= settings.seatTipBack
  }

  /// Whether the body got from where this movement left rest to
  /// `position` mostly by turning about the vertical: the whole turn is at
  /// least ``Settings/turnMinimum`` and the sky direction moved less than
  /// half as far (a turn about a level axis moves it just as far).
  ///
  /// From the attitude at the movement's foot, not the rest's: the rest's
  /// heading can be minutes old, and a gyroscope's heading drifts.
  private func turnedToFace(from rest: Anchor, to position: Anchor) -> Bool {
    guard let foot = footIndex(relativeTo: rest),
      let a = buffer[foot].attitude, let b = position.attitude
    else { return false }
    let footPoint = buffer[foot]
    let turn = (a.conjugate * b).angleDegrees
    return turn >= settings.turnMinimum
      && footPoint.up.angleDegrees(to: position.up) < 0.5 * turn
  }

  /// Whether a still position this far from rest (degrees) is a hold:
  /// a real excursion, not a small shift of the rest after a set.
  private func isHoldSized(_ range: Double) -> Bool {
    range >= Swift.max(onsetThreshold, 0.5 * (typicalRange ?? 0))
  }

  private func excursion(_ anchor: Anchor, _ point: AttitudePoint) -> Double {
    anchor.up.angleDegrees(to: point.up)
  }

  // MARK: Processing

  mutating func process(_ estimate: AttitudeFilter.Estimate) -> [AnalysisEvent]
  {
    let point = AttitudePoint(
      time: estimate.time, up: estimate.up, attitude: estimate.attitude,
      speed: estimate.angularSpeed,
      accelerationMagnitude: estimate.accelerationMagnitude,
      measuredGravity: estimate.measuredGravity,
      unsettledSine: estimate.unsettledSine)
    var events: [AnalysisEvent] = []
    updateQuiet(point)
    _ = history.push(point)

    if let start = setStart, point.time - setEnd > setBreak,
      !isMoving
    {
      events += closeSet(start: start)
    }
    events += expirePendingFirstRep(at: point.time)

    switch phase {
    case .starting:
      // Real sessions start with the first rep as often as with a quiet
      // second (`../shared/real`: reps within a second of the start,
      // sit-to-stand never still): the starting position is the rest
      // until the body shows another, as it does later in a session.
      anchor = Anchor(up: point.up, attitude: point.attitude)
      phase = .resting
    case .resting:
      guard let rest = anchor else { break }
      let e = excursion(rest, point)
      if e > onsetThreshold {
        startMovement(point)
        events.append(.movementStarted(time: point.time))
      } else if e < returnThreshold {
        if nearRestSince == nil { nearRestSince = point.time }
        // Follow slow settling of the rest position, a second behind: a
        // slow, small rep rises through the return band before it passes
        // the onset, and must not drag the rest it is measured from along.
        // The first 0.3 s back in the band are the foot of the last fall.
        if quietSince != nil, let since = nearRestSince,
          let settled = history.element(stepsBack: restFollowDelay),
          settled.time - since >= 0.3
        {
          anchor = Anchor(
            up: (rest.up + (settled.up - rest.up) * 0.02).normalized
              ?? rest.up,
            attitude: rest.attitude.flatMap { a in
              settled.attitude.map { a.slerp(to: $0, fraction: 0.02) }
            })
        }
        if let since = quietSince, point.time - since > 1,
          correction == nil, quietCount % 100 == 0
        {
          notePosture(rest.up, duration: point.time - since)
        }
      } else {
        nearRestSince = nil
      }
      if e <= onsetThreshold { settleRest(on: point) }
    case .moving:
      buffer.append(point)
      events += advanceMovement(point)
    case .finishing(let since, let peak, let base, var closest):
      buffer.append(point)
      guard let rest = anchor else { break }
      let e = excursion(rest, point)
      // Only where it slows down is it back: a movement that reverses
      // near rest (the accelerometer swings as the body pushes off to
      // stand) passes close to it at speed on its way elsewhere.
      if point.speed < settings.stillSpeed { closest = Swift.min(closest, e) }
      if let other = nearestReturnedHeld(point, closerThan: e) {
        // Settling nearer a position the body held and left than the
        // rest it passed: that position is where it is back at.
        adoptHeld(other.index, distance: other.distance)
        return events
      }
      let home = base + Swift.max(returnThreshold, 0.12 * (peak - base))
      let band = base + Swift.max(returnThreshold, 0.2 * (peak - base))
      // A body that came here still, within a rep's onset of the rest, is
      // not passing by (sitting down passes through standing at speed):
      // it is back, on a rest that shifted a little.
      if !settledShort, closest > home, e > band * 1.25 + 0.2 {
        // Passing near the rest attitude on the way elsewhere (sitting
        // down passes through standing): never got home.
        phase = .moving
        return events
      }
      let arrived = closest <= home
      if (arrived && e <= home) || point.time - since > 1.5
        || (arrived && e > onsetThreshold)
      {
        // Before the buffer, which holds the quiet stretch, is let go.
        let settledAt = settledShort ? settledPosition(rest: rest) : nil
        if settledAt != nil, let start = shiftStart(relativeTo: rest) {
          // Out and settled well short of where it started: the body
          // moved to lie elsewhere, and a rep comes back.
          events.append(
            ignored(.repositioned, start: start, end: point.time, size: peak))
        } else {
          events += judgeMovement(from: 0, relativeTo: rest)
        }
        phase = .resting
        buffer.removeAll(keepingCapacity: true)
        held = []
        var e = e
        if let center = settledAt {
          // Still for as long as a new rest needs, short of the old one:
          // the body shifted on the mat, and the next reps start from
          // here. Waiting for the quiet again at rest would measure them
          // from the old rest, and pauses between reps can be shorter.
          anchor = Anchor(up: center, attitude: point.attitude)
          restCandidate = nil
          e = center.angleDegrees(to: point.up)
        }
        settledShort = false
        if e > onsetThreshold {
          startMovement(point)
          events.append(.movementStarted(time: point.time))
        }
      } else {
        phase = .finishing(
          since: since, peak: peak, base: base, closest: closest)
      }
    }
    return events
  }

  private var isMoving: Bool {
    switch phase {
    case .moving, .finishing: true
    case .starting, .resting: false
    }
  }

  private mutating func updateQuiet(_ point: AttitudePoint) {
    let still =
      point.speed < settings.stillSpeed
      && Swift.abs(point.accelerationMagnitude - 1) < 0.15
    if still {
      if quietSince == nil {
        quietSince = point.time
        quietUp = point.up
        quietCount = 0
      } else {
        quietUp = (quietUp + (point.up - quietUp) * 0.05).normalized ?? quietUp
      }
      quietCount += 1
    } else {
      if let since = quietSince, !isMoving,
        correction == nil, point.time - since > 1
      {
        notePosture(quietUp, duration: point.time - since)
      }
      quietSince = nil
    }
  }

  /// Brings the cached settling radius and its cosines up to date with
  /// the return threshold, which follows the set's range.
  private mutating func refreshSettleCosine() {
    let radius = Swift.max(
      settings.settleRadius, settings.settleShare * returnThreshold)
    guard radius != settleCosine.radius else { return }
    settleCosine = (
      radius, Double.cos(radius * .pi / 180),
      Double.cos(0.5 * radius * .pi / 180)
    )
  }

  /// Makes a quiet position near rest the rest once the body has stayed
  /// there for a while: after a slow lowering or a shift on the mat the
  /// body can settle a little more than the return band away from where
  /// it started, and reps must be measured from where it is now.
  ///
  /// Quiet here is on the scale of the reps (staying within a fraction of
  /// the return band), not an angular speed: a slow, small rep never
  /// turns fast, but it leaves that band in a fraction of a second.
  private mutating func settleRest(on point: AttitudePoint) {
    refreshSettleCosine()
    // A dot product against the cached cosine: an angle per point would be
    // an `acos` per point, a sixth of the whole analysis's time.
    guard var candidate = restCandidate,
      candidate.first.dot(point.up) >= settleCosine.cosine
    else {
      restCandidate = QuietPosition(
        first: point.up, since: point.time, sum: point.up)
      return
    }
    candidate.sum += point.up
    restCandidate = candidate
    // The mean of the quiet stretch; the body must still be at it, not
    // on its way out (the start of a rep is still within the radius).
    // Dot products against the cached cosines, as above: this runs for
    // every point of a long rest.
    guard point.time - candidate.since >= settings.newRestAfter,
      let center = candidate.sum.normalized,
      center.dot(point.up) >= settleCosine.halfCosine,
      let rest = anchor, rest.up.dot(center) < settleCosine.cosine
    else { return }
    anchor = Anchor(up: center, attitude: point.attitude)
    restCandidate = nil
  }

  /// Where the body has stayed within the settling radius for the last
  /// ``Settings/newRestAfter`` of the movement, if that is beyond the
  /// radius from `rest`.
  ///
  /// A position, not an angular speed: a slow, small rep can stay below
  /// the still speed throughout, so speed quiet alone is no new rest.
  /// Scanned once, when the movement ends, not per point.
  private mutating func settledPosition(rest: Anchor) -> Vector3? {
    refreshSettleCosine()
    guard let last = buffer.last,
      let first = buffer.first,
      last.time - first.time >= settings.newRestAfter
    else { return nil }
    let from =
      buffer.lastIndex { last.time - $0.time >= settings.newRestAfter } ?? 0
    var sum = Vector3.zero
    for point in buffer[from...] { sum += point.up }
    guard let center = sum.normalized,
      buffer[from...].allSatisfy({ center.dot($0.up) >= settleCosine.cosine }),
      rest.up.angleDegrees(to: center) > settleCosine.radius
    else { return nil }
    return center
  }

  /// Where in the buffer the movement left `rest`: the point up to its
  /// onset nearest the rest (by dot products: this is called once per
  /// movement, but a look-back holds hundreds of points).
  private func footIndex(relativeTo rest: Anchor) -> Int? {
    guard buffer.indices.contains(onsetIndex) else { return nil }
    var foot = 0
    for k in 1..<(onsetIndex + 1)
    where rest.up.dot(buffer[k].up) > rest.up.dot(buffer[foot].up) {
      foot = k
    }
    return foot
  }

  /// When the movement in the buffer started, if by the accelerometer it
  /// came to lie still more than ``Settings/shiftShare`` of its furthest
  /// excursion away from where it started: a shift on the mat, not a rep.
  ///
  /// A rep comes back to where it started, a shift moves the body to lie
  /// elsewhere. By the accelerometer, not the fused attitude: after a
  /// movement the fusion takes seconds to shed the gyroscope's error,
  /// and by it real reps can seem to end a fifth of the way out. Scanned
  /// once, when the movement ends.
  private func shiftStart(relativeTo rest: Anchor) -> Double? {
    guard buffer.indices.contains(onsetIndex), onsetIndex > 0,
      movementPeak > 0, let last = buffer.last
    else { return nil }
    guard let start = footIndex(relativeTo: rest),
      let from = buffer[start].measuredGravity.normalized,
      let to = last.measuredGravity.normalized
    else { return nil }
    let away = from.angleDegrees(to: to)
    guard away > settings.shiftShare * movementPeak else { return nil }
    return buffer[onsetIndex].time
  }

  private mutating func notePosture(_ up: Vector3, duration: Double) {
    guard postures.count < 64 else { return }
    postures.append(.init(up: up, duration: duration))
  }

  /// Makes a held position the rest: the body came back to it, so it was
  /// where the body settled after getting into position, and what it did
  /// since leaving it is a movement from it, judged once its foot is in.
  private mutating func adoptHeld(_ index: Int, distance: Double) {
    let position = held[index]
    guard let leftAt = position.leftAt else { return }
    // Look back to the onset, but not before the body got there.
    let arrivedAt =
      buffer.firstIndex { $0.time >= position.arrival } ?? leftAt
    let start = Swift.max(arrivedAt, leftAt - history.count)
    buffer = Array(buffer[start...])
    onsetIndex = leftAt - start
    anchor = position.anchor
    held = []
    let base =
      buffer.prefix(history.count).map { excursion(position.anchor, $0) }
      .min() ?? 0
    phase = .finishing(
      since: buffer.last?.time ?? position.arrival, peak: position.peak,
      base: Swift.min(base, distance), closest: .infinity)
  }

  /// The left held position the body is back within reach of and closest
  /// to, if closer than `limit` degrees.
  private mutating func nearestReturnedHeld(
    _ point: AttitudePoint, closerThan limit: Double
  ) -> (index: Int, distance: Double)? {
    var best: (index: Int, distance: Double)?
    for index in held.indices where held[index].leftAt != nil {
      let fromHeld = excursion(held[index].anchor, point)
      held[index].peak = Swift.max(held[index].peak, fromHeld)
      if fromHeld < Swift.max(returnThreshold, 0.2 * held[index].peak),
        fromHeld < (best?.distance ?? limit)
      {
        best = (index, fromHeld)
      }
    }
    return best
  }

  private mutating func startMovement(_ point: AttitudePoint) {
    phase = .moving
    nearRestSince = nil
    restCandidate = nil
    movementPeak = 0
    held = []
    holdAnnounced = false
    gapInMovement = false
    settledShort = false
    buffer.removeAll(keepingCapacity: true)
    buffer.append(contentsOf: history.elements)
    onsetIndex = buffer.count - 1
  }

  private mutating func advanceMovement(_ point: AttitudePoint)
    -> [AnalysisEvent]
  {
    guard let rest = anchor else { return [] }
    var events: [AnalysisEvent] = []
    let e = excursion(rest, point)
    movementPeak = Swift.max(movementPeak, e)
    // Where is the body back at, if anywhere? The rest it left, or a still
    // position it settled in and then left (it was where the body got into
    // position). Within reach of several, the closest is where it is.
    var nearest = Double.infinity
    if e < Swift.max(returnThreshold, 0.2 * movementPeak) { nearest = e }
    let returnedHeld = nearestReturnedHeld(point, closerThan: nearest)
    let returnedTo = returnedHeld?.index
    if let returnedHeld { nearest = returnedHeld.distance }
    // Still since before the onset is not still away from rest: a small,
    // slow rep never moves fast enough to break the quiet.
    let onsetTime =
      buffer.indices.contains(onsetIndex) ? buffer[onsetIndex].time : point.time
    let quietFor = quietSince.map { point.time - Swift.max($0, onsetTime) } ?? 0
    if nearest.isInfinite, quietFor >= settings.newRestAfter,
      e <= onsetThreshold
    {
      // Settled still within a rep's onset of the rest: back, on a rest
      // that shifted a little.
      nearest = e
      settledShort = true
    }
    if nearest.isFinite, returnedTo == nil {
      // Back at rest: collect the fall's foot, then judge.
      let base =
        buffer.prefix(history.count).map { excursion(rest, $0) }.min() ?? 0
      phase = .finishing(
        since: point.time, peak: movementPeak, base: Swift.min(base, e),
        closest: .infinity)
      return events
    }
    if let index = returnedTo {
      adoptHeld(index, distance: nearest)
      return events
    }
    if var position = held.last, position.leftAt == nil {
      let fromHeld = excursion(position.anchor, point)
      if fromHeld > onsetThreshold {
        position.leftAt = buffer.count - 1
        position.peak = fromHeld
      } else if quietSince != nil {
        position.anchor.up =
          (position.anchor.up + (point.up - position.anchor.up) * 0.05)
          .normalized ?? position.anchor.up
        if !holdAnnounced, inPosture(rest.up),
          point.time - position.arrival >= settings.holdMinimum,
          isHoldSized(excursion(rest, point))
        {
          holdAnnounced = true
          events.append(.holdStarted(time: position.arrival))
        }
      }
      held[held.count - 1] = position
    }
    // A position is known once the estimate has settled onto the
    // accelerometer: after a big turn (lying down from standing, say) it
    // is a degree or more off for a second or two, and a rest taken then
    // drifts away from the body as it settles, by as much as a small
    // rep. A fusion that never settles is waited out.
    let positionKnown =
      point.unsettledSine < settledSine
      || quietFor >= 2 * settings.newRestAfter
    if quietFor >= settings.newRestAfter, e > onsetThreshold, positionKnown,
      held.last.map({ $0.leftAt != nil }) ?? true,
      let since = quietSince
    {
      let position = Anchor(up: quietUp, attitude: point.attitude)
      if !inPosture(rest.up) && inPosture(position.up)
        || sitsDown(from: rest.up, to: position.up)
        || !gapInMovement && turnedToFace(from: rest, to: position)
      {
        // Arrived in the exercise's posture from somewhere else: this was
        // getting into position, and here is the rest. A first rep still
        // waiting for its set was a step of getting here.
        if let first = pendingFirstRep {
          pendingFirstRep = nil
          events.append(
            ignored(.notInPosition, first))
        }
        anchor = position
        held = []
        phase = .resting
        buffer.removeAll(keepingCapacity: true)
        return events
      }
      held.append(
        HeldPosition(anchor: position, arrival: Swift.max(since, onsetTime)))
      if held.count > 4 { held.removeFirst() }
      holdAnnounced = false
    }
    if let first = buffer.first,
      point.time - first.time > Self.maximumMovement
    {
      // Never came back: the body is somewhere else now.
      anchor = Anchor(up: point.up, attitude: point.attitude)
      held = []
      phase = .resting
      buffer.removeAll(keepingCapacity: true)
    }
    return events
  }

  // MARK: Judging a movement

  private mutating func judgeMovement(from start: Int, relativeTo rest: Anchor)
    -> [AnalysisEvent]
  {
    let points = buffer[start...]
    guard points.count >= 3 else { return [] }
    let e = points.map { excursion(rest, $0) }
    let times = points.map(\.time)
    let onset = Swift.min(Swift.max(0, onsetIndex - start), e.count - 1)
    guard
      let highest = e.indices[onset...].max(by: { e[$0] < e[$1] })
    else { return [] }
    // The foot: where the rise left, the point nearest rest before the top.
    let foot = e.indices[..<highest].min { e[$0] < e[$1] } ?? 0
    let base = e[foot]
    // The height is a high percentile of the movement, not its maximum:
    // a knock on the sensor is a spike, not the top.
    let moving = e[onset...].sorted()
    let top = moving[Int(Double(moving.count - 1) * 0.98)]
    let height = top - base
    guard height > 0 else { return [] }
    let quarterLevel = base + 0.25 * height
    let threeQuarterLevel = base + 0.75 * height

    /// The time `e` passes `level` between samples `i` and `j`.
    func passing(_ level: Double, _ i: Int, _ j: Int) -> Double {
      let f = (e[i] - level) / (e[i] - e[j])
      return times[i] + f * (times[j] - times[i])
    }
    // The rise is the first climb past three quarters after the onset and
    // the last time below a quarter before it; the fall, the last drop
    // below three quarters and the first time below a quarter after it.
    // A hold's sway or a knock in between changes neither.
    guard
      let riseTop = e.indices[onset...].first(where: {
        e[$0] >= threeQuarterLevel
      }),
      let fallTop = e.indices[riseTop...].last(where: {
        e[$0] >= threeQuarterLevel
      })
    else { return [] }
    let peakIndex =
      e.indices[riseTop...fallTop].max(by: { e[$0] < e[$1] }) ?? riseTop
    let peakTimeSeen = times[peakIndex]
    // Times come from the minimum-jerk profile through the quarter and
    // three-quarter crossings; where a crossing was not seen, the edge of
    // what was seen stands in.
    var startTime = times[0]
    var riseEnd = peakTimeSeen
    if riseTop > 0,
      let riseFoot = e.indices[..<riseTop].last(where: { e[$0] < quarterLevel })
    {
      let rise = MinimumJerk.movement(
        quarterTime: passing(quarterLevel, riseFoot, riseFoot + 1),
        threeQuartersTime: passing(threeQuarterLevel, riseTop - 1, riseTop))
      startTime = Swift.max(rise.start, times[0])
      riseEnd = Swift.min(rise.start + rise.duration, peakTimeSeen)
    }
    var endTime = times[times.count - 1]
    var fallStart = peakTimeSeen
    if fallTop + 1 < e.count,
      let fallFoot = e.indices[(fallTop + 1)...].first(where: {
        e[$0] < quarterLevel
      })
    {
      let fall = MinimumJerk.movement(
        quarterTime: passing(quarterLevel, fallFoot - 1, fallFoot),
        threeQuartersTime: passing(threeQuarterLevel, fallTop, fallTop + 1))
      fallStart = Swift.max(fall.start, peakTimeSeen)
      endTime = fall.start + fall.duration
    }
    // Staying below three quarters for a while between the rise and the
    // fall, the body went out twice (leaning forward to stand up, then
    // again to sit down): the furthest position is the first excursion's
    // top, and neither was held. A knock or a hold's brief sag is not
    // that. Not without a gyroscope: there the sky at a quick turnaround
    // is bent by the movement's own acceleration, and the still stretch
    // between is the cleaner view of the rep.
    var firstOutEnd: Int?
    if configuration.hasGyroscope {
      var below: Int?
      for k in riseTop...fallTop {
        if e[k] >= threeQuarterLevel {
          below = nil
        } else if let start = below {
          if times[k] - times[start] >= settings.twoExcursionDip {
            firstOutEnd = start
            break
          }
        } else {
          below = k
        }
      }
    }
    let leftTheTop = firstOutEnd != nil
    var furthest = peakIndex
    if let firstOutEnd {
      furthest =
        e.indices[riseTop..<firstOutEnd].max { e[$0] < e[$1] } ?? riseTop
    }
    let holdTime = leftTheTop ? 0 : Swift.max(0, fallStart - riseEnd)
    let peakTime = holdTime > 0 ? (riseEnd + fallStart) / 2 : times[furthest]

    // The attitude at the furthest position: the middle half of the hold.
    var peakUp = Vector3.zero
    var peakAttitude: Quaternion?
    let lo = holdTime > 0.2 ? riseEnd + holdTime / 4 : peakTime
    let hi = holdTime > 0.2 ? fallStart - holdTime / 4 : peakTime
    var nearest = furthest
    for (k, t) in times.enumerated() {
      if t >= lo && t <= hi { peakUp += points[points.startIndex + k].up }
      if Swift.abs(t - peakTime) < Swift.abs(times[nearest] - peakTime) {
        nearest = k
      }
    }
    if peakUp.length == 0 { peakUp = points[points.startIndex + nearest].up }
    peakUp = peakUp.normalized ?? rest.up
    peakAttitude = points[points.startIndex + nearest].attitude

    let tilt = rest.up.angleDegrees(to: peakUp)
    var range = tilt
    // From a rest the body has settled a little away from, the range from
    // that rest overstates the rise by the offset.
    var rise = range - Swift.max(0, base)
    if !gapInMovement, let a = points[points.startIndex + foot].attitude,
      let b = peakAttitude
    {
      // From the attitude the rise left, not the rest's: the gyroscope
      // drifts little over one rise, but the rest's heading goes stale
      // between reps with short pauses and would add its drift.
      range = (a.conjugate * b).angleDegrees
      rise = range
    }

    if !inPosture(rest.up) {
      return [
        ignored(.notInPosition, start: startTime, end: endTime, size: range)
      ]
    }
    if endTime - startTime < settings.minimumRepDuration {
      return [ignored(.tooShort, start: startTime, end: endTime, size: range)]
    }
    if let largest = configuration.largestPelvisRep, range > largest,
      !largeRepsAreReal
    {
      // Getting up or down is one big movement; big movements in a rhythm
      // are reps seen by a sensor that is not on the pelvis after all
      // (a missing `placement` defaults to the sacrum): the data wins.
      if let last = lastLargeMovement,
        keepsRhythm(time: startTime, range: range, after: last)
      {
        largeRepsAreReal = true
      } else {
        lastLargeMovement = (startTime, range)
        return [ignored(.tooLarge, start: startTime, end: endTime, size: range)]
      }
    }
    if endTime - startTime - holdTime > settings.maximumRepMotion {
      return [ignored(.tooLong, start: startTime, end: endTime, size: range)]
    }
    if holdTime >= settings.holdMinimum, isHoldSized(range) {
      var events: [AnalysisEvent] = []
      if !holdAnnounced { events.append(.holdStarted(time: riseEnd)) }
      events.append(
        .holdCompleted(Hold(startSeconds: riseEnd, endSeconds: fallStart)))
      return events
    }
    if configuration.exercise?.profile.isHold ?? false {
      // A stretch is held, not repeated: any other movement is getting
      // into or out of it.
      return [ignored(.notAHold, start: startTime, end: endTime, size: range)]
    }
    let axis = rest.up.cross(peakUp).normalized ?? .zero
    if let typical = typicalRange, range < settings.fidgetShare * typical {
      return [ignored(.tooSmall, start: startTime, end: endTime, size: range)]
    }
    if typicalRange == nil, let smallest = configuration.smallestFirstPelvisRep,
      range < smallest
    {
      // Nothing to compare with yet: the catalogue's range stands in,
      // until a rhythm of alike movements (a third like the two before)
      // shows that this person's reps are this small.
      var alike = 0
      if let last = lastSmallMovements,
        keepsRhythm(
          time: startTime, range: range, after: (last.time, last.range))
      {
        alike = last.alike + 1
      }
      lastSmallMovements = (startTime, range, alike)
      if alike < 2 {
        return [ignored(.tooSmall, start: startTime, end: endTime, size: range)]
      }
    }
    // A person keeps a tempo: a movement much quicker than their reps is
    // a fidget or an adjustment, not one of them.
    if repDurations.count >= 3 {
      let sorted = repDurations.sorted()
      if endTime - startTime < settings.tempoShare * sorted[sorted.count / 2] {
        return [ignored(.tooQuick, start: startTime, end: endTime, size: range)]
      }
    }
    if let typical = typicalRange {
      // A small movement about another axis than the set's is a fidget.
      // Big ones are not judged by direction: alternating sets turn one
      // way for each side.
      if configuration.side != .alternating, setFullReps >= 2,
        setAxis.length > 0.5, range < settings.partialShare * typical,
        Swift.abs(axis.dot(setAxis)) < 0.35
      {
        return [
          ignored(.otherDirection, start: startTime, end: endTime, size: range)
        ]
      }
    }

    // Angles in the refined body frame.
    if correction == nil {
      correction = MountingCalibration.correction(from: postures)
    }
    let mounting = correction ?? .identity
    let restAngles = AttitudeAngles(up: mounting.rotate(rest.up))
    let peakAngles = AttitudeAngles(up: mounting.rotate(peakUp))
    let levelDefined =
      Swift.abs(restAngles.levelDegrees)
      <= AttitudeAngles.levelDefinedLimitDegrees
    let levelChange =
      levelDefined ? peakAngles.levelDegrees - restAngles.levelDegrees : nil

    return settle(
      RepCandidate(
        startTime: startTime, peakTime: peakTime, endTime: endTime,
        judgedTime: times[times.count - 1],
        range: range, levelChange: levelChange, holdTime: holdTime,
        axis: axis, footOffset: Swift.max(0, base), tilt: tilt, rise: rise))
  }

  /// Whether a movement refused by the catalogue's prior is like the last
  /// one refused (as large, within 20 s): a rhythm of them is this
  /// person's reps, and the data overrules the prior.
  private func keepsRhythm(
    time: Double, range: Double, after last: (time: Double, range: Double)
  ) -> Bool {
    time - last.time < 20
      && Swift.abs(range - last.range) < 0.35 * Swift.max(range, last.range)
  }

  // MARK: A set's first rep waits for its second

  /// Counts a movement that passed every check, or holds it back when it
  /// would start a set: alone, it may be a shift on the mat or the last
  /// step of getting into position, and only the next rep can tell.
  private mutating func settle(_ candidate: RepCandidate) -> [AnalysisEvent] {
    var events: [AnalysisEvent] = []
    if let first = pendingFirstRep, first.overlapsPeak(of: candidate),
      candidate.startTime < first.judgedTime
    {
      // The same movement judged a second time, from an earlier onset
      // (re-measured from a position the body came back to): it cannot
      // vouch for itself, and this later, fuller view of it waits for a
      // second rep in its place. (One that started after the first was
      // judged is a new movement, however late the first's end was
      // estimated.)
      pendingFirstRep = candidate
      pendingRhythmGap = rhythmGap(after: candidate)
      return events
    }
    if let first = pendingFirstRep {
      pendingFirstRep = nil
      if candidate.startTime - first.endTime <= pendingRhythmGap,
        movesAlike(first, candidate)
      {
        events += accept(first)
      } else {
        events.append(
          ignored(.outOfRhythm, first))
      }
    }
    let startsSet = setStart == nil || candidate.startTime - setEnd > setBreak
    guard startsSet else { return events + accept(candidate) }
    if let start = setStart { events += closeSet(start: start) }
    pendingFirstRep = candidate
    pendingRhythmGap = rhythmGap(after: candidate)
    return events
  }

  /// Whether `second` turns the way `first` did.
  ///
  /// The reps of one-sided and two-legged sets do; a shift on the mat
  /// turns any way. Alternating sets turn one way for each side, so they
  /// always agree.
  private func movesAlike(_ first: RepCandidate, _ second: RepCandidate)
    -> Bool
  {
    guard configuration.side != .alternating else { return true }
    return Swift.abs(first.axis.dot(second.axis))
      >= settings.firstRepAxisAgreement
  }

  /// The longest pause after a set's first rep for the next rep to show it
  /// was one (s): a few of the session's usual pauses between reps.
  private func rhythmGap(after first: RepCandidate) -> Double {
    guard let pause = median(repPauses) else {
      // Nothing known of the person's pauses yet: slow reps come with long
      // ones (a thigh sees only every other bird-dog rep, the other side's
      // in the pause between), so the wait grows with the rep itself.
      return Swift.min(
        settings.minimumSetBreak,
        Swift.max(
          settings.firstRepWait,
          settings.firstRepWaitPerRepSecond
            * (first.endTime - first.startTime)))
    }
    return Swift.min(
      settings.minimumSetBreak,
      Swift.max(
        settings.minimumRhythmGap, settings.rhythmPauseFactor * pause))
  }

  /// A movement not counted, with why.
  private func ignored(
    _ reason: IgnoredMovement.Reason, start: Double, end: Double, size: Double
  ) -> AnalysisEvent {
    .movementIgnored(
      IgnoredMovement(
        startSeconds: start, endSeconds: end, sizeDegrees: size, reason: reason
      ))
  }

  private func ignored(
    _ reason: IgnoredMovement.Reason, _ candidate: RepCandidate
  ) -> AnalysisEvent {
    ignored(
      reason, start: candidate.startTime, end: candidate.endTime,
      size: candidate.range)
  }

  /// Drops a held-back first rep that no rep has followed in time.
  private mutating func expirePendingFirstRep(at time: Double)
    -> [AnalysisEvent]
  {
    guard let first = pendingFirstRep, !isMoving,
      time - first.endTime > pendingRhythmGap
    else { return [] }
    pendingFirstRep = nil
    return [ignored(.outOfRhythm, first)]
  }

  /// Counts a rep: the set's bookkeeping, then its event.
  private mutating func accept(_ candidate: RepCandidate) -> [AnalysisEvent] {
    let startTime = candidate.startTime
    let endTime = candidate.endTime
    let range = candidate.range
    var events: [AnalysisEvent] = []
    if let start = setStart, startTime - setEnd > setBreak {
      events += closeSet(start: start)
    }
    // Partial means under half of *this set's* usual range; a set that
    // starts now has none yet.
    // Partial is judged on the rise itself, without the foot's offset.
    let rise = candidate.rise
    // The tilt is a second view of the same rise, from the sky direction
    // alone, which the accelerometer anchors; a rep short by either is
    // short. Only where the reps are mostly tilt: a turn about the
    // vertical has next to none, and noise would decide.
    let typicalRange = median(setReps.map(\.romDegrees))
    var tiltShort = false
    if let typicalTilt = median(setTilts), let typicalRange,
      typicalTilt >= 0.5 * typicalRange
    {
      tiltShort =
        candidate.tilt - candidate.footOffset
        < settings.partialShare * typicalTilt
    }
    let partial =
      tiltShort
      || (typicalRange.map { rise < settings.partialShare * $0 } ?? false)
    if setStart == nil {
      setStart = startTime
    } else if let last = lastRepEnd {
      repPauses.append(Swift.max(0, startTime - last))
      if repPauses.count > 9 { repPauses.removeFirst() }
    }
    lastRepEnd = endTime
    setEnd = Swift.max(setEnd, endTime)
    setRepStarts.append(startTime)
    updateSetBreak()
    if !partial {
      repDurations.append(endTime - startTime)
      if repDurations.count > 9 { repDurations.removeFirst() }
      setFullReps += 1
      updateTypicalRange(adding: range)
      let axis = candidate.axis
      let aligned = setAxis.dot(axis) < 0 ? -axis : axis
      setAxis = (setAxis + aligned).normalized ?? setAxis
    }
    setTilts.append(candidate.tilt)
    let side = repSide(levelChange: candidate.levelChange)
    repsCompleted += 1
    let rep = Rep(
      index: repsCompleted, startSeconds: startTime,
      peakSeconds: candidate.peakTime, endSeconds: endTime, side: side,
      romDegrees: range, levelChangeDegrees: candidate.levelChange,
      holdSeconds: candidate.holdTime, partial: partial)
    // Partial reps count toward the set's usual range too: were it taken
    // from full reps alone, one oversized first rep (the last step of a
    // shift, say) would make every later rep of the set partial, and none
    // of them could ever bring it down.
    setReps.append(rep)
    events.append(.repCompleted(rep))
    return events
  }

  private mutating func repSide(levelChange: Double?) -> Side {
    switch configuration.side {
    case .left, .right, .both:
      return configuration.side
    case .alternating:
      // The pelvis hikes toward the working leg: its side rises.
      let side: Side
      if let change = levelChange, Swift.abs(change) >= 0.3 {
        side = change < 0 ? .left : .right
      } else {
        side = lastSide == .left ? .right : .left
      }
      lastSide = side
      return side
    }
  }

  /// Closes the set: judges its reps again against its whole usual range,
  /// then says it is done.
  ///
  /// As each rep ended, "less than half of the set's usual range" could
  /// only mean the reps before it. A set whose first reps run large (or
  /// small) misjudged the reps that followed; now the whole set is known.
  /// The judgement now is by range alone, as the contract defines a
  /// partial rep; as a rep ends, its tilt and its rise without the foot's
  /// offset may also call it short, because the set's thresholds should
  /// follow only reps that surely went the whole way.
  private mutating func closeSet(start: Double) -> [AnalysisEvent] {
    var events: [AnalysisEvent] = []
    if let usual = median(setReps.map(\.romDegrees)) {
      for var rep in setReps
      where (rep.romDegrees < settings.partialShare * usual) != rep.partial {
        rep.partial.toggle()
        setFullReps += rep.partial ? -1 : 1
        updateTypicalRange(judgedAgain: rep)
        events.append(.repJudgedAgain(rep))
      }
    }
    let set = ExerciseSet(
      startSeconds: start, endSeconds: setEnd, reps: setFullReps)
    events.append(.setCompleted(set))
    setReps = []
    setTilts = []
    setAxis = .zero
    setStart = nil
    lastRepEnd = nil
    setFullReps = 0
    setRepStarts = []
    updateSetBreak()
    lastSide = nil
    return events
  }

  mutating func finish() -> [AnalysisEvent] {
    var events: [AnalysisEvent] = []
    if case .finishing = phase, let rest = anchor {
      events += judgeMovement(from: 0, relativeTo: rest)
    }
    phase = .resting
    buffer.removeAll()
    if let first = pendingFirstRep {
      // The session ended before a second rep could vouch for it.
      pendingFirstRep = nil
      events.append(
        ignored(.outOfRhythm, first))
    }
    if let start = setStart { events += closeSet(start: start) }
    return events
  }

  func status(at estimate: AttitudeFilter.Estimate, fullReps: Int)
    -> SessionAnalyzer.Status
  {
    let angles = AttitudeAngles(
      up: (correction ?? .identity).rotate(estimate.up))
    var heldSeconds = 0.0
    if let position = held.last, position.leftAt == nil {
      heldSeconds = estimate.time - position.arrival
    }
    return SessionAnalyzer.Status(
      time: estimate.time, tiltDegrees: angles.tiltDegrees,
      levelDegrees: angles.levelDegrees, heldSeconds: heldSeconds,
      moving: isMoving, fullReps: fullReps)
  }
}
