/// Ground truth for a recording: the `NAME.labels.json` sidecar.
///
/// Keys the contract does not name (`source`, `derivation`, ...)
/// say where the numbers came from; they are read past, not kept.
public struct GroundTruth: Sendable, Equatable, Codable {
  public var exercise: String
  public var side: Side?
  public var reps: [LabelledRep]
  public var holds: [Hold]
  public var sets: [ExerciseSet]
  /// Where the recording was joined from pieces; `nil` (no key) in a
  /// recording taken in one piece.
  public var gaps: [LabelledGap]?
  /// A walking recording's initial contacts (`nil`: no key, not walking).
  public var steps: [Step]?
  /// The reference walking bouts, where labelled.
  public var walkingBouts: [LabelledWalkingBout]?
  /// Whether the labels list reps at all (an empty list says there were
  /// none; no key, or `null`, says nothing).
  public var repsLabelled = true

  public init(
    exercise: String, side: Side?, reps: [LabelledRep], holds: [Hold],
    sets: [ExerciseSet], gaps: [LabelledGap]? = nil, steps: [Step]? = nil,
    walkingBouts: [LabelledWalkingBout]? = nil
  ) {
    self.exercise = exercise
    self.side = side
    self.reps = reps
    self.holds = holds
    self.sets = sets
    self.gaps = gaps
    self.steps = steps
    self.walkingBouts = walkingBouts
  }

  enum CodingKeys: String, CodingKey {
    case exercise, side, reps, holds, sets, gaps, steps
    case walkingBouts = "walking_bouts"
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    exercise = try c.decode(String.self, forKey: .exercise)
    side = try c.decodeIfPresent(Side.self, forKey: .side)
    let labelledReps = try c.decodeIfPresent([LabelledRep].self, forKey: .reps)
    reps = labelledReps ?? []
    repsLabelled = labelledReps != nil
    holds = try c.decodeIfPresent([Hold].self, forKey: .holds) ?? []
    sets = try c.decodeIfPresent([ExerciseSet].self, forKey: .sets) ?? []
    gaps = try c.decodeIfPresent([LabelledGap].self, forKey: .gaps)
    steps = try c.decodeIfPresent([Step].self, forKey: .steps)
    walkingBouts = try c.decodeIfPresent(
      [LabelledWalkingBout].self, forKey: .walkingBouts)
  }
}

/// A stretch of `t` with no samples where a recording's pieces were
/// joined (rep segments cut out of a longer trial, the pauses removed): the
/// labels' extra `gaps` key, from the last sample before to the first after.
public struct LabelledGap: Sendable, Equatable, Codable {
  public var startSeconds: Double
  public var endSeconds: Double

  public init(startSeconds: Double, endSeconds: Double) {
    self.startSeconds = startSeconds
    self.endSeconds = endSeconds
  }

  enum CodingKeys: String, CodingKey {
    case startSeconds = "start_s"
    case endSeconds = "end_s"
  }
}

/// One repetition as the labels give it.
///
/// Times, side and `partial` are always labelled. `rom_deg`, `hold_s` and
/// `level_change_deg` only where the labeller could measure them (a thigh
/// accelerometer cannot see the pelvis's level): `nil` here means the key
/// is absent, and the scorer leaves that field of the rep unscored.
public struct LabelledRep: Sendable, Equatable, Codable {
  public var startSeconds: Double
  public var peakSeconds: Double
  public var endSeconds: Double
  public var side: Side
  public var romDegrees: Double?
  /// The labelled level change; `nil` when not labelled (no key), which is
  /// not the contract's `null` (``LabelledLevelChange/undefined``).
  public var levelChange: LabelledLevelChange?
  public var holdSeconds: Double?
  public var partial: Bool

  public init(
    startSeconds: Double, peakSeconds: Double, endSeconds: Double,
    side: Side, romDegrees: Double?, levelChange: LabelledLevelChange?,
    holdSeconds: Double?, partial: Bool
  ) {
    self.startSeconds = startSeconds
    self.peakSeconds = peakSeconds
    self.endSeconds = endSeconds
    self.side = side
    self.romDegrees = romDegrees
    self.levelChange = levelChange
    self.holdSeconds = holdSeconds
    self.partial = partial
  }

  /// `rep` with every field labelled, as a generator that knows the true
  /// motion labels it.
  public init(labelling rep: Rep) {
    self.init(
      startSeconds: rep.startSeconds, peakSeconds: rep.peakSeconds,
      endSeconds: rep.endSeconds, side: rep.side, romDegrees: rep.romDegrees,
      levelChange: LabelledLevelChange(rep.levelChangeDegrees),
      holdSeconds: rep.holdSeconds, partial: rep.partial)
  }

  enum CodingKeys: String, CodingKey {
    case startSeconds = "start_s"
    case peakSeconds = "peak_s"
    case endSeconds = "end_s"
    case side
    case romDegrees = "rom_deg"
    case levelChangeDegrees = "level_change_deg"
    case holdSeconds = "hold_s"
    case partial
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    startSeconds = try c.decode(Double.self, forKey: .startSeconds)
    peakSeconds = try c.decode(Double.self, forKey: .peakSeconds)
    endSeconds = try c.decode(Double.self, forKey: .endSeconds)
    side = try c.decode(Side.self, forKey: .side)
    romDegrees = try c.decodeIfPresent(Double.self, forKey: .romDegrees)
    // Absent and `null` mean different things here, so they are told
    // apart before decoding.
    if !c.contains(.levelChangeDegrees) {
      levelChange = nil
    } else if try c.decodeNil(forKey: .levelChangeDegrees) {
      levelChange = .undefined
    } else {
      levelChange = .measured(
        try c.decode(Double.self, forKey: .levelChangeDegrees))
    }
    holdSeconds = try c.decodeIfPresent(Double.self, forKey: .holdSeconds)
    partial = try c.decode(Bool.self, forKey: .partial)
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(startSeconds, forKey: .startSeconds)
    try c.encode(peakSeconds, forKey: .peakSeconds)
    try c.encode(endSeconds, forKey: .endSeconds)
    try c.encode(side, forKey: .side)
    try c.encodeIfPresent(romDegrees, forKey: .romDegrees)
    switch levelChange {
    case nil: break
    case .undefined?: try c.encodeNil(forKey: .levelChangeDegrees)
    case .measured(let degrees)?:
      try c.encode(degrees, forKey: .levelChangeDegrees)
    }
    try c.encodeIfPresent(holdSeconds, forKey: .holdSeconds)
    try c.encode(partial, forKey: .partial)
  }
}

/// A labelled `level_change_deg`: a number, or the contract's `null`.
public enum LabelledLevelChange: Sendable, Equatable {
  case measured(Double)
  /// `null`: `level_deg` at rest is beyond ±60° (lying on one side), where
  /// the level says nothing.
  case undefined

  /// `.measured` for a number, `.undefined` for `nil`, as ``Rep`` writes
  /// the level change.
  public init(_ degrees: Double?) {
    self = degrees.map { .measured($0) } ?? .undefined
  }

  /// The number, `nil` for `null`: the form of ``Rep/levelChangeDegrees``.
  public var degrees: Double? {
    guard case .measured(let degrees) = self else { return nil }
    return degrees
  }
}

/// The times that place a rep on the recording's `t` axis, which is all
/// that pairing a true rep with a detected one looks at.
public protocol RepTimes {
  var startSeconds: Double { get }
  var peakSeconds: Double { get }
  var endSeconds: Double { get }
}

extension Rep: RepTimes {}
extension LabelledRep: RepTimes {}
