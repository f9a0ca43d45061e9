import HipCore

/// Everything that decides a simulated session, with units.
///
/// Defaults are documented on each field;
/// ``init(exercise:side:placement:axes:rateHz:seed:hasGyro:part:sets:repsPerSet:holdSeconds:longHoldSeconds:misalignmentDegrees:gaps:bumps:minutes:partialReps:swayDegrees:startsMidSet:backToBack:cutAndJoined:strapTurnDegrees:clockErrorPercent:fidgets:walking:)``
/// validates them, so a simulation built from settings never fails.
public struct SynthSettings: Sendable, Equatable {
  /// The problem with a setting, said so a person can fix it.
  public struct Invalid: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
  }

  /// The exercise done.
  public let exercise: Exercise
  /// The working leg: `left`/`right` for one-sided exercises (`both` alternates
  /// sides set by set), `both` for two-legged ones, `alternating` for
  /// alternating ones.
  ///
  /// Default: from the catalogue, `right` for one-sided exercises.
  public let side: Side
  /// Where the sensor sits.
  ///
  /// Default `sacrum`.
  public let placement: Placement
  /// The declared `axes`.
  ///
  /// Default: the placement's usual mounting.
  public let axes: AxesMapping
  /// Nominal sample rate, Hz (25...1000).
  ///
  /// Default 100.
  public let rateHz: Double
  /// The seed every random draw comes from.
  ///
  /// Default 1.
  public let seed: UInt64
  /// Whether the device has a gyroscope.
  ///
  /// Default `true`.
  public let hasGyro: Bool
  /// The IMU part whose errors are simulated.
  ///
  /// Default ICM-42688-P.
  public let part: IMUPart
  /// Sets of reps (or holds, for a stretch), 1...200.
  ///
  /// Default 2.
  public let sets: Int
  /// Reps a set, 1...100.
  ///
  /// Default 8 (5 for sit-to-stand).
  public let repsPerSet: Int
  /// Hold at the top of every rep, s (0...120); 10 s or more makes every
  /// excursion a hold.
  ///
  /// `nil`: the catalogue's hold (≈2 s where it asks for one, brief pauses
  /// elsewhere; 20–45 s for a stretch).
  public let holdSeconds: Double?
  /// One long hold after the last set, s (0 or 10...600).
  ///
  /// Default 0: none.
  public let longHoldSeconds: Double
  /// The angle by which the sensor really sits off its declared `axes`, degrees
  /// (0...30), about a random axis.
  ///
  /// `nil`: drawn in 1...5.
  public let misalignmentDegrees: Double?
  /// Runs of lost samples (0...100).
  ///
  /// Default 0.
  public let gaps: Int
  /// Knocks against the sensor (0...100).
  ///
  /// `nil`: drawn in 0...2.
  public let bumps: Int?
  /// Minimum session length, minutes (0...600): sets are added until it is
  /// reached.
  ///
  /// `nil`: as long as the sets take.
  public let minutes: Double?
  /// Whether some sets have a rep planned partial (the joint moved a
  /// quarter to two fifths of the way).
  ///
  /// The labels mark a rep partial by its own `rom_deg` against its set's,
  /// whatever was planned: a sensor away from the moving joint may see a
  /// planned partial rep as full, and without planned partials a rep may
  /// still come out partial. Default `true`.
  public let partialReps: Bool
  /// Peak sway of a still body, degrees (0...2).
  ///
  /// Default 0.3.
  public let swayDegrees: Double

  // What real recordings do that a tidy session does not
  // (`../shared/real/README.md`); each is off by default.

  /// Whether the recording starts in the middle of things: the first rep
  /// begins 0.1-1 s after `t = 0`, with no standing or getting into
  /// position before it.
  ///
  /// Default `false`.
  public let startsMidSet: Bool
  /// Whether reps follow each other with (almost) no stillness between
  /// them, as in a five-times sit-to-stand (never still standing either)
  /// or continuous bridges.
  ///
  /// Default `false`.
  public let backToBack: Bool
  /// Whether each rep is cut out of the session and the rest thrown away,
  /// as a dataset's authors cut segments: reps start and end
  /// mid-movement, `t` jumps 0.6-2.6 s between them, nothing is at rest.
  ///
  /// Not for stretches or a long hold (they have no reps to cut).
  /// Default `false`.
  public let cutAndJoined: Bool
  /// How far a thigh strap has turned the sensor about the thigh's long
  /// axis, degrees (0...45); the misalignment (drawn 1...5 or given) comes
  /// on top, about a random axis.
  ///
  /// `nil`: no turn beyond the misalignment. Thigh placements only.
  public let strapTurnDegrees: Double?
  /// How much faster than true time the device clock runs, percent
  /// (-10...10): `t` = true time × (1 + p/100), while `rate_hz` stays
  /// nominal.
  ///
  /// `nil`: the part's own clock error, within its tolerance.
  public let clockErrorPercent: Double?
  /// Fidgets between reps of a set (0...100): small shifts on the mat
  /// or of the stance, neither reps nor labelled.
  ///
  /// Default 0 (sets still have 0 to 2 fidgets in the rests between them).
  public let fidgets: Int
  /// How a walking session walks (`exercise` `walking` only).
  public let walking: WalkingSettings

  public init(
    exercise: Exercise, side: Side? = nil,
    placement: Placement = .sacrum, axes: AxesMapping? = nil,
    rateHz: Double = 100, seed: UInt64 = 1, hasGyro: Bool = true,
    part: IMUPart = .icm42688, sets: Int = 2, repsPerSet: Int? = nil,
    holdSeconds: Double? = nil, longHoldSeconds: Double = 0,
    misalignmentDegrees: Double? = nil, gaps: Int = 0, bumps: Int? = nil,
    minutes: Double? = nil, partialReps: Bool = true,
    swayDegrees: Double = 0.3, startsMidSet: Bool = false,
    backToBack: Bool = false, cutAndJoined: Bool = false,
    strapTurnDegrees: Double? = nil, clockErrorPercent: Double? = nil,
    fidgets: Int = 0, walking: WalkingSettings = WalkingSettings()
  ) throws(Invalid) {
    let profile = exercise.profile
    if exercise == .walking {
      try Self.checkWalking(
        placement: placement, repsPerSet: repsPerSet,
        holdSeconds: holdSeconds, longHoldSeconds: longHoldSeconds,
        backToBack: backToBack, cutAndJoined: cutAndJoined, fidgets: fidgets,
        walking: walking)
    } else if walking != WalkingSettings() {
      throw Invalid(
        description:
          "bouts, cadence, stance drops, Trendelenburg and long pauses are "
          + "for walking, not \(exercise.rawValue)")
    }
    let chosenSide: Side
    switch profile.sidedness {
    case .both: chosenSide = side ?? .both
    case .oneSided: chosenSide = side ?? .right
    case .alternating: chosenSide = side ?? .alternating
    }
    let allowed: [Side]
    switch profile.sidedness {
    case .both: allowed = [.both]
    case .oneSided: allowed = [.left, .right, .both]
    case .alternating: allowed = [.alternating]
    }
    guard allowed.contains(chosenSide) else {
      throw Invalid(
        description:
          "\(exercise.rawValue) is done with side "
          + allowed.map(\.rawValue).joined(separator: " or ")
          + ", not \(chosenSide.rawValue)")
    }
    guard (25...1000).contains(rateHz) else {
      throw Invalid(description: "rate \(rateHz) Hz is outside 25...1000 Hz")
    }
    guard (1...200).contains(sets) else {
      throw Invalid(description: "sets must be 1...200, not \(sets)")
    }
    let reps = repsPerSet ?? (exercise == .sitToStand ? 5 : 8)
    guard (1...100).contains(reps) else {
      throw Invalid(description: "reps must be 1...100, not \(reps)")
    }
    if let holdSeconds, !(0...120).contains(holdSeconds) {
      throw Invalid(description: "hold must be 0...120 s, not \(holdSeconds)")
    }
    guard longHoldSeconds == 0 || (10...600).contains(longHoldSeconds) else {
      throw Invalid(
        description: "a long hold must be 10...600 s, not \(longHoldSeconds)")
    }
    if let misalignmentDegrees, !(0...30).contains(misalignmentDegrees) {
      throw Invalid(
        description:
          "misalignment must be 0...30 degrees, not \(misalignmentDegrees)")
    }
    guard (0...100).contains(gaps) else {
      throw Invalid(description: "gaps must be 0...100, not \(gaps)")
    }
    if let bumps, !(0...100).contains(bumps) {
      throw Invalid(description: "bumps must be 0...100, not \(bumps)")
    }
    if let minutes, !(0...600).contains(minutes) {
      throw Invalid(description: "minutes must be 0...600, not \(minutes)")
    }
    guard (0...2).contains(swayDegrees) else {
      throw Invalid(description: "sway must be 0...2 degrees")
    }
    if cutAndJoined, profile.isHold || longHoldSeconds > 0 {
      throw Invalid(
        description:
          "cut-and-joined sessions cut reps out; holds have none to cut")
    }
    if let strapTurnDegrees {
      guard placement.segment != .pelvis else {
        throw Invalid(
          description:
            "a strap turn is for thigh placements; a belt over the pelvis "
            + "turns a few degrees (misalignment)")
      }
      guard (0...45).contains(strapTurnDegrees) else {
        throw Invalid(
          description:
            "a strap turn must be 0...45 degrees, not \(strapTurnDegrees)")
      }
    }
    if let clockErrorPercent, !(-10...10).contains(clockErrorPercent) {
      throw Invalid(
        description:
          "a clock error must be -10...10 percent, not \(clockErrorPercent)")
    }
    guard (0...100).contains(fidgets) else {
      throw Invalid(description: "fidgets must be 0...100, not \(fidgets)")
    }
    self.exercise = exercise
    self.side = chosenSide
    self.placement = placement
    self.axes = axes ?? placement.defaultAxes
    self.rateHz = rateHz
    self.seed = seed
    self.hasGyro = hasGyro
    self.part = part
    self.sets = sets
    self.repsPerSet = reps
    self.holdSeconds = holdSeconds
    self.longHoldSeconds = longHoldSeconds
    self.misalignmentDegrees = misalignmentDegrees
    self.gaps = gaps
    self.bumps = bumps
    self.minutes = minutes
    self.partialReps = partialReps
    self.swayDegrees = swayDegrees
    self.startsMidSet = startsMidSet
    self.backToBack = backToBack
    self.cutAndJoined = cutAndJoined
    self.strapTurnDegrees = strapTurnDegrees
    self.clockErrorPercent = clockErrorPercent
    self.fidgets = fidgets
    self.walking = walking
  }

  /// Refuses what a walk cannot do or has no use for.
  private static func checkWalking(
    placement: Placement, repsPerSet: Int?, holdSeconds: Double?,
    longHoldSeconds: Double, backToBack: Bool, cutAndJoined: Bool,
    fidgets: Int, walking: WalkingSettings
  ) throws(Invalid) {
    guard placement.segment == .pelvis else {
      throw Invalid(
        description:
          "walking is simulated with the sensor on the pelvis (sacrum or "
          + "hip), not on a thigh")
    }
    let repOptions = [
      (repsPerSet != nil, "reps"), (holdSeconds != nil, "hold"),
      (longHoldSeconds > 0, "long hold"), (backToBack, "back to back"),
      (cutAndJoined, "cut and joined"), (fidgets > 0, "fidgets"),
    ].filter(\.0).map(\.1)
    guard repOptions.isEmpty else {
      throw Invalid(
        description:
          "a walk has no reps: "
          + repOptions.joined(separator: ", ") + " do not apply")
    }
    guard (1...200).contains(walking.bouts) else {
      throw Invalid(description: "bouts must be 1...200, not \(walking.bouts)")
    }
    if let cadence = walking.cadence, !(60...140).contains(cadence) {
      throw Invalid(
        description: "cadence must be 60...140 steps a minute, not \(cadence)")
    }
    for drop in [walking.leftStanceDropDegrees, walking.rightStanceDropDegrees]
    {
      if let drop, !(0...15).contains(drop) {
        throw Invalid(
          description: "a stance drop must be 0...15 degrees, not \(drop)")
      }
    }
    if let side = walking.trendelenburg, side != .left, side != .right {
      throw Invalid(
        description:
          "a Trendelenburg side is left or right, not \(side.rawValue)")
    }
  }

  /// The settings as `key=value` words, for the recording's `# synth:`
  /// line: enough to make the same file again.
  public var summary: String {
    func number(_ v: Double) -> String {
      v == v.rounded() && Swift.abs(v) < 1e15 ? String(Int64(v)) : "\(v)"
    }
    if exercise == .walking { return walkingSummary(number) }
    var words = [
      "exercise=\(exercise.rawValue)", "side=\(side.rawValue)",
      "placement=\(placement.rawValue)", "axes=\(axes)",
      "rate=\(number(rateHz))", "seed=\(seed)",
      "gyro=\(hasGyro ? "yes" : "no")",
      "part=\(part.name.replacing(" ", with: "_"))",
      "sets=\(sets)", "reps=\(repsPerSet)",
    ]
    words.append("hold=" + (holdSeconds.map(number) ?? "auto"))
    words.append("long-hold=\(number(longHoldSeconds))")
    words.append("misalignment=" + (misalignmentDegrees.map(number) ?? "auto"))
    words.append("gaps=\(gaps)")
    words.append("bumps=" + (bumps.map { "\($0)" } ?? "auto"))
    words.append("minutes=" + (minutes.map(number) ?? "auto"))
    words.append("partials=\(partialReps ? "yes" : "no")")
    words.append("sway=\(number(swayDegrees))")
    // Only when set, so that the tidy sessions' headers stay as they were.
    if startsMidSet { words.append("start=mid-set") }
    if backToBack { words.append("back-to-back=yes") }
    if cutAndJoined { words.append("cut-joined=yes") }
    if let strapTurnDegrees {
      words.append("strap-turn=\(number(strapTurnDegrees))")
    }
    if let clockErrorPercent {
      words.append("clock-error=\(number(clockErrorPercent))")
    }
    if fidgets > 0 { words.append("fidgets=\(fidgets)") }
    return words.joined(separator: " ")
  }
}

extension SynthSettings {
  /// The `# synth:` words of a walk: no rep settings, the walk's own.
  fileprivate func walkingSummary(_ number: (Double) -> String) -> String {
    var words = [
      "exercise=\(exercise.rawValue)", "placement=\(placement.rawValue)",
      "axes=\(axes)", "rate=\(number(rateHz))", "seed=\(seed)",
      "gyro=\(hasGyro ? "yes" : "no")",
      "part=\(part.name.replacing(" ", with: "_"))",
      "bouts=\(walking.bouts)",
      "cadence=" + (walking.cadence.map(number) ?? "auto"),
      "drop-left=" + (walking.leftStanceDropDegrees.map(number) ?? "auto"),
      "drop-right=" + (walking.rightStanceDropDegrees.map(number) ?? "auto"),
      "trendelenburg=" + (walking.trendelenburg?.rawValue ?? "none"),
      "pauses=\(walking.longPauses ? "long" : "short")",
    ]
    words.append("misalignment=" + (misalignmentDegrees.map(number) ?? "auto"))
    words.append("gaps=\(gaps)")
    words.append("bumps=" + (bumps.map { "\($0)" } ?? "auto"))
    words.append("minutes=" + (minutes.map(number) ?? "auto"))
    words.append("sway=\(number(swayDegrees))")
    if startsMidSet { words.append("start=mid-bout") }
    if let clockErrorPercent {
      words.append("clock-error=\(number(clockErrorPercent))")
    }
    return words.joined(separator: " ")
  }
}

/// How a simulated walk goes: its bouts, rhythm and the pelvis's drop on
/// each stance side; what is not given is drawn from the seed.
public struct WalkingSettings: Sendable, Equatable {
  /// Walking bouts, 1...200, each one to three straight stretches with a
  /// 180-degree turn between them.
  ///
  /// Default 4.
  public var bouts: Int
  /// Steps a minute, 60...140.
  ///
  /// `nil`: drawn in 85...115.
  public var cadence: Double?
  /// The drop of the right side while standing on the left foot, degrees
  /// (0...15).
  ///
  /// `nil`: drawn in 2.5...4.5 (8...10 on a Trendelenburg side).
  public var leftStanceDropDegrees: Double?
  /// The mirror: the left side's drop standing on the right foot.
  public var rightStanceDropDegrees: Double?
  /// A weak hip abductor on this side (`left` or `right`).
  ///
  /// Standing on it, the other side drops 8-10 degrees. `nil`: none.
  public var trendelenburg: Side?
  /// Long pauses between bouts: sitting down and getting up, long standing,
  /// turning on the spot.
  ///
  /// Default `false`: a few seconds' standing, sometimes a turn on the
  /// spot.
  public var longPauses: Bool

  public init(
    bouts: Int = 4, cadence: Double? = nil,
    leftStanceDropDegrees: Double? = nil,
    rightStanceDropDegrees: Double? = nil, trendelenburg: Side? = nil,
    longPauses: Bool = false
  ) {
    self.bouts = bouts
    self.cadence = cadence
    self.leftStanceDropDegrees = leftStanceDropDegrees
    self.rightStanceDropDegrees = rightStanceDropDegrees
    self.trendelenburg = trendelenburg
    self.longPauses = longPauses
  }
}
