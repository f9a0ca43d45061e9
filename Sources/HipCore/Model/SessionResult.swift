/// One repetition as the analysis found it (ground truth is
/// ``LabelledRep``, whose angles and hold may be unlabelled).
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
    // To the millisecond, as its ends are written: end minus start of
    // rounded times is 14.231000000000002, not 14.231.
    try c.encode(
      (durationSeconds * 1000).rounded() / 1000, forKey: .durationSeconds)
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
