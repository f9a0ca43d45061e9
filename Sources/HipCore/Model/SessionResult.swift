/// One repetition, as labelled in ground truth or found by the analysis.
///
/// Field meanings are exactly `recording-format.md`'s: times on the
/// recording's `t` axis, a rep from leaving rest to being back at rest,
/// `romDegrees` the rotation angle between the rest and peak attitudes.
public struct Rep: Sendable, Equatable, Codable {
  /// 1-based position in the session (analysis output only).
  public var index: Int?
  public var startSeconds: Double
  public var peakSeconds: Double
  public var endSeconds: Double
  public var side: Side
  public var romDegrees: Double
  /// `level_deg` at the peak minus at rest before the rep; `nil` where
  /// `level_deg` at rest is beyond ±60° (lying on one side).
  public var levelChangeDegrees: Double?
  public var holdSeconds: Double
  public var partial: Bool

  public init(
    index: Int? = nil, startSeconds: Double, peakSeconds: Double,
    endSeconds: Double, side: Side, romDegrees: Double,
    levelChangeDegrees: Double?, holdSeconds: Double, partial: Bool
  ) {
    self.index = index
    self.startSeconds = startSeconds
    self.peakSeconds = peakSeconds
    self.endSeconds = endSeconds
    self.side = side
    self.romDegrees = romDegrees
    self.levelChangeDegrees = levelChangeDegrees
    self.holdSeconds = holdSeconds
    self.partial = partial
  }

  enum CodingKeys: String, CodingKey {
    case index
    case startSeconds = "start_s"
    case peakSeconds = "peak_s"
    case endSeconds = "end_s"
    case side
    case romDegrees = "rom_deg"
    case levelChangeDegrees = "level_change_deg"
    case holdSeconds = "hold_s"
    case partial
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encodeIfPresent(index, forKey: .index)
    try c.encode(startSeconds, forKey: .startSeconds)
    try c.encode(peakSeconds, forKey: .peakSeconds)
    try c.encode(endSeconds, forKey: .endSeconds)
    try c.encode(side, forKey: .side)
    try c.encode(romDegrees, forKey: .romDegrees)
    // The contract writes `null`, not a missing key.
    try c.encode(levelChangeDegrees, forKey: .levelChangeDegrees)
    try c.encode(holdSeconds, forKey: .holdSeconds)
    try c.encode(partial, forKey: .partial)
  }
}

/// A stretch or static position held still away from rest, outside reps.
public struct Hold: Sendable, Equatable, Codable {
  public var startSeconds: Double
  public var endSeconds: Double
  public var durationSeconds: Double { endSeconds - startSeconds }

  public init(startSeconds: Double, endSeconds: Double) {
    self.startSeconds = startSeconds
    self.endSeconds = endSeconds
  }

  enum CodingKeys: String, CodingKey {
    case startSeconds = "start_s"
    case endSeconds = "end_s"
    case durationSeconds = "duration_s"
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    startSeconds = try c.decode(Double.self, forKey: .startSeconds)
    endSeconds = try c.decode(Double.self, forKey: .endSeconds)
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(startSeconds, forKey: .startSeconds)
    try c.encode(endSeconds, forKey: .endSeconds)
    try c.encode(durationSeconds, forKey: .durationSeconds)
  }
}

/// A set: reps in a rhythm, between long rests.
public struct ExerciseSet: Sendable, Equatable, Codable {
  public var startSeconds: Double
  public var endSeconds: Double
  /// Full reps in the set; partial ones are not counted.
  ///
  /// `nil` in labels, where the reps list says it.
  public var reps: Int?

  public init(startSeconds: Double, endSeconds: Double, reps: Int? = nil) {
    self.startSeconds = startSeconds
    self.endSeconds = endSeconds
    self.reps = reps
  }

  enum CodingKeys: String, CodingKey {
    case startSeconds = "start_s"
    case endSeconds = "end_s"
    case reps
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

/// Ground truth for a recording: the `NAME.labels.json` sidecar.
public struct GroundTruth: Sendable, Equatable, Codable {
  public var exercise: String
  public var side: Side?
  public var reps: [Rep]
  public var holds: [Hold]
  public var sets: [ExerciseSet]
  /// Where the recording was joined from pieces; `nil` (no key) in a
  /// recording taken in one piece.
  public var gaps: [LabelledGap]?

  public init(
    exercise: String, side: Side?, reps: [Rep], holds: [Hold],
    sets: [ExerciseSet], gaps: [LabelledGap]? = nil
  ) {
    self.exercise = exercise
    self.side = side
    self.reps = reps
    self.holds = holds
    self.sets = sets
    self.gaps = gaps
  }

  enum CodingKeys: String, CodingKey {
    case exercise, side, reps, holds, sets, gaps
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    exercise = try c.decode(String.self, forKey: .exercise)
    side = try c.decodeIfPresent(Side.self, forKey: .side)
    reps = try c.decodeIfPresent([Rep].self, forKey: .reps) ?? []
    holds = try c.decodeIfPresent([Hold].self, forKey: .holds) ?? []
    sets = try c.decodeIfPresent([ExerciseSet].self, forKey: .sets) ?? []
    gaps = try c.decodeIfPresent([LabelledGap].self, forKey: .gaps)
  }
}
