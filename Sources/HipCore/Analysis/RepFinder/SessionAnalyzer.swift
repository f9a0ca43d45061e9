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
    /// ``RuleSettings/largestPelvisRepFactor`` times the catalogue's
    /// largest range: well beyond it, so only getting up, down or
    /// around is refused. `nil` when unknown or for a thigh sensor.
    public var largestPelvisRep: Double? {
      guard placement.isOnPelvis, let profile = exercise?.profile else {
        return nil
      }
      return settings.rules.largestPelvisRepFactor
        * profile.pelvisRange.upperBound
    }

    /// The smallest movement a pelvis sensor takes for the session's first
    /// rep in an exercise the pelvis itself makes (bridges, squats), degrees.
    ///
    /// Under ``RuleSettings/smallestFirstPelvisRepShare`` of the
    /// catalogue's smallest range: shifting weight
    /// while getting ready, not a rep. Once reps have shown their own
    /// range, that range judges. `nil` when unknown, for a leg exercise
    /// (the pelvis barely moves) or for a thigh sensor.
    public var smallestFirstPelvisRep: Double? {
      guard placement.isOnPelvis, let profile = exercise?.profile,
        profile.primaryIsPelvic
      else { return nil }
      return settings.rules.smallestFirstPelvisRepShare
        * profile.pelvisRange.lowerBound
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
      exercise = Exercise(named: exerciseName)
      // The catalogue's id for a name it knows, however it was written.
      self.exerciseName = exercise?.rawValue ?? exerciseName
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

  /// What a live view shows between events.
  public struct Status: Sendable, Equatable {
    public var time = 0.0
    public var tiltDegrees = 0.0
    public var levelDegrees = 0.0
    /// Seconds held still away from rest so far (0 at rest or moving).
    public var heldSeconds = 0.0
    public var moving = false
    public var fullReps = 0
    /// The set under way, counted from 1 (0 between sets), and its full
    /// reps so far.
    public var setNumber = 0
    public var repsInSet = 0
    /// Sets completed so far.
    public var setsCompleted = 0
    /// How far the segment is from its rest position now, degrees.
    public var degreesFromRest = 0.0
    /// Tilt relative to the rest position, degrees (`recording-format.md`
    /// sign): meaningful whatever the posture, where the tilt itself is
    /// -105° lying down.
    public var tiltFromRestDegrees = 0.0
    /// Walking: steps counted so far, steps a minute in the bout under way
    /// (`nil` outside one), and the pelvis's last drop standing on each
    /// foot, degrees (`nil` until measured, or where it is not seen).
    public var steps = 0
    public var cadence: Double?
    public var lastLeftStanceDrop: Double?
    public var lastRightStanceDrop: Double?
  }

  public let configuration: Configuration
  public private(set) var summary: SessionAnalysis
  private var lastEstimate: AttitudeFilter.Estimate?
  private var fullReps = 0

  /// The live view's numbers as of the last sample.
  public var status: Status {
    var status =
      lastEstimate.map { finder.status(at: $0, fullReps: fullReps) }
      ?? Status()
    if let walking = gait?.status {
      status.steps = summary.steps.count
      status.cadence = walking.cadence
      status.lastLeftStanceDrop = walking.lastLeftDrop
      status.lastRightStanceDrop = walking.lastRightDrop
    }
    return status
  }
  /// Samples further apart than the gap limit.
  public private(set) var gaps = 0

  private var filter: AttitudeFilter
  private var finder: RepFinder
  /// Walking's steps and bouts, in place of reps (`nil` for an exercise
  /// with reps).
  private var gait: GaitTracker?
  private var decimation: Int
  private var untilNextPoint = 0
  private var lastSampleTime: Double?

  /// Creates an analyzer; the only step that can fail.
  ///
  /// - Throws: ``SettingsError`` when a setting, or the rate, is out of
  ///   its range.
  public init(configuration: Configuration) throws(SettingsError) {
    let rate = configuration.rateHz
    // The rates a file, a device or a flag may give (PhysicalLimits):
    // checked where they enter, and here for a configuration made in code.
    guard PhysicalLimits.isPossibleRate(rate) else {
      throw .outOfRange(
        name: "rate_hz", value: rate, expected: PhysicalLimits.rateDescription)
    }
    try configuration.settings.validate()
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
    if configuration.exercise == .walking {
      gait = GaitTracker(
        settings: configuration.settings.gait,
        placement: configuration.placement,
        measuresLevel: configuration.hasGyroscope, rateHz: configuration.rateHz,
        samplesPerPoint: decimation)
    }
  }

  /// Adds one sample (sensor axes, g and deg/s); returns the events it
  /// completes.
  public mutating func add(_ sample: Sample) -> [AnalysisEvent] {
    let settings = configuration.settings
    var events: [AnalysisEvent] = []
    if let last = lastSampleTime,
      sample.time - last > settings.gapPeriods / configuration.rateHz
    {
      gaps += 1
      filter.restart()
      events =
        gait?.noteGap() ?? finder.noteGap(seconds: sample.time - last)
      for event in events { record(event) }
    }
    lastSampleTime = sample.time
    let axes = configuration.axes
    let acceleration = axes.toBody(sample.acceleration)
    let angularRate = sample.angularRate.map(axes.toBody)
    let updated = filter.update(
      time: sample.time, acceleration: acceleration, angularRate: angularRate)
    if let walked = gait?.add(
      time: sample.time, acceleration: acceleration,
      angularRate: angularRate.map { $0 - filter.gyroscopeBias }),
      !walked.isEmpty
    {
      for event in walked { record(event) }
      events += walked
    }
    guard updated else { return events }
    untilNextPoint -= 1
    guard untilNextPoint <= 0 else { return events }
    untilNextPoint = decimation
    let estimate = filter.estimate()
    lastEstimate = estimate
    if gait != nil {
      gait?.noteSky(time: estimate.time, up: estimate.up)
      return events
    }
    let found = finder.process(estimate)
    for event in found { record(event) }
    // Nearly always empty: no new array per sample.
    return events.isEmpty ? found : events + found
  }

  /// Ends the session: closes what is open and returns the last events.
  public mutating func finish() -> [AnalysisEvent] {
    let events = gait?.finish() ?? finder.finish()
    for event in events { record(event) }
    return events
  }

  private mutating func record(_ event: AnalysisEvent) {
    summary.apply(event)
    switch event {
    case .repCompleted(let rep) where !rep.partial: fullReps += 1
    case .repJudgedAgain(let rep): fullReps += rep.partial ? -1 : 1
    case .repWithdrawn(let rep, _) where !rep.partial: fullReps -= 1
    default: break
    }
  }
}
