import Foundation
import HipCore

/// The JSON that `hipform analyze --format json` prints
/// (`analysis-output.md`, format `hipform-analysis/1`).
public struct AnalysisDocument: Encodable, Sendable {
  /// What the recording held, as the reader counted it.
  public struct RecordingSummary: Encodable, Sendable {
    public var durationSeconds: Double
    public var rateHz: Double
    public var samples: Int
    public var invalidSamples: Int
    public var gaps: Int
    public var hasGyro: Bool

    public init(
      durationSeconds: Double, rateHz: Double, samples: Int,
      invalidSamples: Int, gaps: Int, hasGyro: Bool
    ) {
      self.durationSeconds = durationSeconds
      self.rateHz = rateHz
      self.samples = samples
      self.invalidSamples = invalidSamples
      self.gaps = gaps
      self.hasGyro = hasGyro
    }

    enum CodingKeys: String, CodingKey {
      case durationSeconds = "duration_s"
      case rateHz = "rate_hz"
      case samples
      case invalidSamples = "invalid_samples"
      case gaps
      case hasGyro = "has_gyro"
    }
  }

  public var recording: RecordingSummary
  public var analysis: SessionAnalysis
  /// Extra keys beyond the contract (allowed: "more keys may be added").
  public var side: Side
  public var placement: String?

  public init(
    recording: RecordingSummary, analysis: SessionAnalysis, side: Side,
    placement: String?
  ) {
    self.recording = recording
    self.analysis = analysis
    self.side = side
    self.placement = placement
  }

  /// The analysis as words and verdicts may use it: from a thigh, no
  /// pelvis level (``SessionAnalysis/seen(from:)``).
  ///
  /// The contract keys keep the segment's own `level_change_deg`:
  /// `recording-format.md` defines it for the segment the sensor sits on,
  /// `null` only lying on one side, and labels of thigh recordings carry it.
  public var pelvisSafeAnalysis: SessionAnalysis {
    analysis.seen(from: Placement(documented: placement))
  }

  enum CodingKeys: String, CodingKey {
    case format, recording, exercise, side, placement, reps, holds, sets,
      asymmetry
    case ignoredMovements = "ignored_movements"
    case steps
    case walkingBouts = "walking_bouts"
    case gait
  }

  /// A movement seen and not counted, as the JSON has it.
  struct IgnoredMovementEntry: Codable {
    var startSeconds: Double
    var endSeconds: Double
    var sizeDegrees: Double
    /// The stable code (``IgnoredMovement/Reason``'s raw value).
    var reason: String
    var explanation: String

    enum CodingKeys: String, CodingKey {
      case startSeconds = "start_s"
      case endSeconds = "end_s"
      case sizeDegrees = "size_deg"
      case reason, explanation
    }

    init(_ movement: IgnoredMovement) {
      startSeconds = Rounding.time(movement.startSeconds)
      endSeconds = Rounding.time(movement.endSeconds)
      sizeDegrees = Rounding.angle(movement.sizeDegrees)
      reason = movement.reason.rawValue
      explanation = movement.reason.explanation
    }

    /// The movement; `nil` for a reason this version does not know.
    var movement: IgnoredMovement? {
      IgnoredMovement.Reason(rawValue: reason).map {
        IgnoredMovement(
          startSeconds: startSeconds, endSeconds: endSeconds,
          sizeDegrees: sizeDegrees, reason: $0)
      }
    }
  }

  /// A walking bout as the JSON has it: the contract's keys and an extra
  /// `stances`, each contact's time, side, step time and pelvic drop, so a
  /// report read back from a saved session can chart stride by stride.
  struct WalkingBoutEntry: Codable {
    var bout: WalkingBout

    init(_ bout: WalkingBout) { self.bout = bout }

    struct StanceEntry: Codable {
      var time: Double?
      var side: Side
      var stepSeconds: Double?
      var dropDegrees: Double?

      enum CodingKeys: String, CodingKey {
        case time = "t_s"
        case side
        case stepSeconds = "step_s"
        case dropDegrees = "drop_deg"
      }

      func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        // `null`, not a missing key, as the contract writes its values.
        try c.encode(time, forKey: .time)
        try c.encode(side, forKey: .side)
        try c.encode(stepSeconds, forKey: .stepSeconds)
        try c.encode(dropDegrees, forKey: .dropDegrees)
      }
    }

    enum ExtraKeys: String, CodingKey { case stances }

    init(from decoder: any Decoder) throws {
      bout = try WalkingBout(from: decoder)
      // Absent from documents saved before it was added.
      let c = try decoder.container(keyedBy: ExtraKeys.self)
      bout.stances =
        try c.decodeIfPresent([StanceEntry].self, forKey: .stances)?.map {
          Stance(
            side: $0.side, stepSeconds: $0.stepSeconds,
            dropDegrees: $0.dropDegrees, time: $0.time)
        } ?? []
    }

    func encode(to encoder: any Encoder) throws {
      try bout.encode(to: encoder)
      guard !bout.stances.isEmpty else { return }
      var c = encoder.container(keyedBy: ExtraKeys.self)
      try c.encode(
        bout.stances.map {
          StanceEntry(
            time: $0.time, side: $0.side, stepSeconds: $0.stepSeconds,
            dropDegrees: $0.dropDegrees)
        }, forKey: .stances)
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode("hipform-analysis/1", forKey: .format)
    var summary = recording
    summary.durationSeconds = Rounding.time(summary.durationSeconds)
    try c.encode(summary, forKey: .recording)
    try c.encode(analysis.exercise, forKey: .exercise)
    try c.encode(side, forKey: .side)
    try c.encodeIfPresent(placement, forKey: .placement)
    let kept = Rounding.asKept(analysis)
    try c.encode(kept.reps, forKey: .reps)
    try c.encode(kept.holds, forKey: .holds)
    try c.encode(kept.sets, forKey: .sets)
    try c.encode(kept.asymmetry, forKey: .asymmetry)
    try c.encode(
      analysis.ignoredMovements.map(IgnoredMovementEntry.init),
      forKey: .ignoredMovements)
    // Walking's keys, on every walking recording and no other
    // (`analysis-output.md`, "Walking").
    if Exercise(rawValue: analysis.exercise) == .walking {
      try c.encode(kept.steps, forKey: .steps)
      try c.encode(
        kept.walkingBouts.map(WalkingBoutEntry.init), forKey: .walkingBouts)
      try c.encode(kept.gait, forKey: .gait)
    }
  }

  /// The document as the command prints it: sorted keys, one trailing
  /// newline, the same bytes for the same analysis.
  public func jsonText() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [
      .prettyPrinted, .sortedKeys, .withoutEscapingSlashes,
    ]
    return String(decoding: try encoder.encode(self), as: UTF8.self)
  }
}

/// How many decimals each kind of number keeps in reports.
///
/// Milliseconds for times, hundredths of a degree for angles: more would
/// be noise.
public enum Rounding {
  public static func time(_ value: Double) -> Double {
    (value * 1000).rounded() / 1000
  }

  public static func angle(_ value: Double) -> Double {
    (value * 100).rounded() / 100
  }

  public static func rep(_ rep: Rep) -> Rep {
    var r = rep
    r.startSeconds = time(r.startSeconds)
    r.peakSeconds = time(r.peakSeconds)
    r.endSeconds = time(r.endSeconds)
    r.holdSeconds = time(r.holdSeconds)
    r.romDegrees = angle(r.romDegrees)
    r.levelChangeDegrees = r.levelChangeDegrees.map(angle)
    return r
  }

  /// Cadence and asymmetry keep tenths: steps a minute and percent.
  public static func tenth(_ value: Double) -> Double {
    (value * 10).rounded() / 10
  }

  public static func pelvicDrop(_ drop: PelvicDrop) -> PelvicDrop {
    PelvicDrop(
      leftStance: drop.leftStance.map(angle),
      rightStance: drop.rightStance.map(angle))
  }

  public static func bout(_ bout: WalkingBout) -> WalkingBout {
    var r = bout
    r.startSeconds = time(bout.startSeconds)
    r.endSeconds = time(bout.endSeconds)
    r.cadence = tenth(bout.cadence)
    r.stepTimeAsymmetryPercent = bout.stepTimeAsymmetryPercent.map(tenth)
    r.pelvicDrop = bout.pelvicDrop.map(pelvicDrop)
    r.stances = bout.stances.map {
      var stance = $0
      stance.time = $0.time.map(time)
      stance.stepSeconds = $0.stepSeconds.map(time)
      stance.dropDegrees = $0.dropDegrees.map(angle)
      return stance
    }
    return r
  }

  public static func gait(_ gait: GaitSummary) -> GaitSummary {
    var r = gait
    r.walkingSeconds = time(gait.walkingSeconds)
    r.cadence = tenth(gait.cadence)
    r.stepTimeAsymmetryPercent = gait.stepTimeAsymmetryPercent.map(tenth)
    r.pelvicDrop = gait.pelvicDrop.map(pelvicDrop)
    return r
  }

  /// A walking analysis with its steps, walks and gait as the JSON keeps
  /// them: what every output says, read fresh or from a saved session.
  public static func walking(_ analysis: SessionAnalysis) -> SessionAnalysis {
    var r = analysis
    r.steps = analysis.steps.map { Step(time: time($0.time), side: $0.side) }
    r.walkingBouts = analysis.walkingBouts.map(bout)
    r.gait = analysis.gait.map(gait)
    return r
  }

  /// An analysis as the JSON keeps it (times to the millisecond, angles
  /// to the hundredth, walking's numbers as ``walking(_:)``): what every
  /// output says, read fresh or from a saved session, so that the terminal
  /// and a report never round one number two ways.
  public static func asKept(_ analysis: SessionAnalysis) -> SessionAnalysis {
    var r = walking(analysis)
    r.reps = analysis.reps.map(rep)
    r.holds = analysis.holds.map {
      Hold(startSeconds: time($0.startSeconds), endSeconds: time($0.endSeconds))
    }
    r.sets = analysis.sets.map {
      ExerciseSet(
        startSeconds: time($0.startSeconds), endSeconds: time($0.endSeconds),
        reps: $0.reps)
    }
    r.asymmetry = analysis.asymmetry.map(asymmetry)
    return r
  }

  public static func asymmetry(_ a: Asymmetry) -> Asymmetry {
    var r = a
    r.leftMeanLevelChangeDegrees = a.leftMeanLevelChangeDegrees.map(angle)
    r.rightMeanLevelChangeDegrees = a.rightMeanLevelChangeDegrees.map(angle)
    r.levelChangeDifferenceDegrees = a.levelChangeDifferenceDegrees.map(angle)
    r.romSymmetryIndexPercent = a.romSymmetryIndexPercent.map(angle)
    return r
  }
}

extension Placement {
  /// The placement a document or header names; the sacrum when it names
  /// none (`recording-format.md`'s default).
  public init(documented name: String?) {
    self = name.flatMap(Placement.init(rawValue:)) ?? .sacrum
  }
}
