/// Walking as `analysis-output.md` ("Walking") defines it: initial contacts
/// with their side, bouts of them, and the recording's gait.

/// An initial contact: the moment a foot lands, and which foot.
public struct Step: Sendable, Equatable, Codable {
  /// On the recording's `t` axis, s.
  public var time: Double
  /// `.left` or `.right`: the foot that lands.
  public var side: Side

  public init(time: Double, side: Side) {
    self.time = time
    self.side = side
  }

  enum CodingKeys: String, CodingKey {
    case time = "t_s"
    case side
  }
}

/// How far the pelvis drops on the free side while one leg stands, degrees
/// (the Trendelenburg sign): mean over a bout's steps of each stance side.
public struct PelvicDrop: Sendable, Equatable, Codable {
  /// Standing on the left foot: how far the right side drops below its
  /// level at the left contact.
  ///
  /// `nil` with no left stance to measure.
  public var leftStance: Double?
  public var rightStance: Double?

  public init(leftStance: Double?, rightStance: Double?) {
    self.leftStance = leftStance
    self.rightStance = rightStance
  }

  enum CodingKeys: String, CodingKey {
    case leftStance = "left_stance"
    case rightStance = "right_stance"
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    // The contract writes `null`, not a missing key.
    try c.encode(leftStance, forKey: .leftStance)
    try c.encode(rightStance, forKey: .rightStance)
  }
}

/// At least four steps in a row with no pause over 3 s between contacts.
public struct WalkingBout: Sendable, Equatable, Codable {
  /// The first and last contact, s.
  public var startSeconds: Double
  public var endSeconds: Double
  /// Its initial contacts.
  public var steps: Int
  /// Steps per minute within the bout.
  public var cadence: Double
  /// `100 * |mean(L) - mean(R)| / mean(L, R)` over the bout's step times;
  /// `nil` without a step time of each side.
  public var stepTimeAsymmetryPercent: Double?
  /// `nil` where the sensor cannot see the pelvis (a thigh).
  public var pelvicDrop: PelvicDrop?
  /// Each contact's step time and drop, from which the recording's gait
  /// is summed (the analysis JSON adds them as the bout's `stances`).
  public var stances: [Stance] = []

  public init(
    startSeconds: Double, endSeconds: Double, steps: Int, cadence: Double,
    stepTimeAsymmetryPercent: Double?, pelvicDrop: PelvicDrop?
  ) {
    self.startSeconds = startSeconds
    self.endSeconds = endSeconds
    self.steps = steps
    self.cadence = cadence
    self.stepTimeAsymmetryPercent = stepTimeAsymmetryPercent
    self.pelvicDrop = pelvicDrop
  }

  enum CodingKeys: String, CodingKey {
    case startSeconds = "start_s"
    case endSeconds = "end_s"
    case steps
    case cadence = "cadence_spm"
    case stepTimeAsymmetryPercent = "step_time_asymmetry_pct"
    case pelvicDrop = "pelvic_drop_deg"
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(startSeconds, forKey: .startSeconds)
    try c.encode(endSeconds, forKey: .endSeconds)
    try c.encode(steps, forKey: .steps)
    try c.encode(cadence, forKey: .cadence)
    try c.encode(stepTimeAsymmetryPercent, forKey: .stepTimeAsymmetryPercent)
    try c.encode(pelvicDrop, forKey: .pelvicDrop)
  }
}

/// The whole recording's bouts together.
public struct GaitSummary: Sendable, Equatable, Codable {
  public var steps: Int
  /// The bouts' durations added up, s.
  public var walkingSeconds: Double
  public var cadence: Double
  public var stepTimeAsymmetryPercent: Double?
  public var pelvicDrop: PelvicDrop?

  public init(
    steps: Int, walkingSeconds: Double, cadence: Double,
    stepTimeAsymmetryPercent: Double?, pelvicDrop: PelvicDrop?
  ) {
    self.steps = steps
    self.walkingSeconds = walkingSeconds
    self.cadence = cadence
    self.stepTimeAsymmetryPercent = stepTimeAsymmetryPercent
    self.pelvicDrop = pelvicDrop
  }

  enum CodingKeys: String, CodingKey {
    case steps
    case walkingSeconds = "walking_s"
    case cadence = "cadence_spm"
    case stepTimeAsymmetryPercent = "step_time_asymmetry_pct"
    case pelvicDrop = "pelvic_drop_deg"
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(steps, forKey: .steps)
    try c.encode(walkingSeconds, forKey: .walkingSeconds)
    try c.encode(cadence, forKey: .cadence)
    try c.encode(stepTimeAsymmetryPercent, forKey: .stepTimeAsymmetryPercent)
    try c.encode(pelvicDrop, forKey: .pelvicDrop)
  }
}

/// A reference walking bout in a labels sidecar (`walking_bouts`): only
/// its times are required.
public struct LabelledWalkingBout: Sendable, Equatable, Codable {
  public var startSeconds: Double
  public var endSeconds: Double
  public var initialContacts: Int?
  public var cadence: Double?
  /// The true pelvic drop, where the labeller knows it (a simulator): an
  /// extra key.
  public var pelvicDrop: PelvicDrop?

  public init(
    startSeconds: Double, endSeconds: Double, initialContacts: Int?,
    cadence: Double?, pelvicDrop: PelvicDrop? = nil
  ) {
    self.startSeconds = startSeconds
    self.endSeconds = endSeconds
    self.initialContacts = initialContacts
    self.cadence = cadence
    self.pelvicDrop = pelvicDrop
  }

  enum CodingKeys: String, CodingKey {
    case startSeconds = "start_s"
    case endSeconds = "end_s"
    case initialContacts = "n_initial_contacts"
    case cadence = "cadence_spm"
    case pelvicDrop = "pelvic_drop_deg"
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(startSeconds, forKey: .startSeconds)
    try c.encode(endSeconds, forKey: .endSeconds)
    try c.encodeIfPresent(initialContacts, forKey: .initialContacts)
    try c.encodeIfPresent(cadence, forKey: .cadence)
    try c.encodeIfPresent(pelvicDrop, forKey: .pelvicDrop)
  }
}

/// One contact of a bout and the stance it begins.
public struct Stance: Sendable, Equatable {
  /// The standing foot: the contact's side.
  public var side: Side
  /// From the previous contact of the bout; `nil` for the bout's first.
  public var stepSeconds: Double?
  /// How far the free side dropped before the next contact, degrees;
  /// `nil` for the bout's last contact or where the pelvis is not seen.
  public var dropDegrees: Double?
  /// When the contact landed, on the recording's `t` axis, s: where a
  /// report draws the stride; `nil` when whoever made it did not say.
  public var time: Double?

  public init(
    side: Side, stepSeconds: Double?, dropDegrees: Double?,
    time: Double? = nil
  ) {
    self.side = side
    self.stepSeconds = stepSeconds
    self.dropDegrees = dropDegrees
    self.time = time
  }
}

extension WalkingBout {
  /// The bout `steps` make (in time order), with `drops[i]` the pelvis's
  /// drop while standing from contact `i` to `i + 1` (`nil` where the
  /// sensor cannot see the pelvis): the contract's definitions in one
  /// place.
  ///
  /// Every contact after the first has a step time, from the contact
  /// before, a pause within the bout included (the contract's words).
  public init(steps: [Step], drops: [Double?]?) {
    let stances = steps.indices.map { index in
      Stance(
        side: steps[index].side,
        stepSeconds: index > 0
          ? steps[index].time - steps[index - 1].time : nil,
        dropDegrees: drops.flatMap { index < $0.count ? $0[index] : nil },
        time: steps[index].time)
    }
    self.init(
      startSeconds: steps.first?.time ?? 0, endSeconds: steps.last?.time ?? 0,
      steps: steps.count, cadence: Self.cadence(stances),
      stepTimeAsymmetryPercent: Self.asymmetry(stances),
      pelvicDrop: drops == nil ? nil : PelvicDrop(meanOf: stances))
    self.stances = stances
  }

  /// Steps per minute: 60 over the mean step time (0 with none).
  public static func cadence(_ stances: [Stance]) -> Double {
    let seconds = stances.compactMap(\.stepSeconds)
    guard !seconds.isEmpty else { return 0 }
    let mean = seconds.reduce(0, +) / Double(seconds.count)
    return mean > 0 ? 60 / mean : 0
  }

  /// `100 * |mean(L) - mean(R)| / mean(L, R)` over step times, a step's
  /// side being its contact's; `nil` without both sides.
  public static func asymmetry(_ stances: [Stance]) -> Double? {
    guard let left = mean(stances, .left, \.stepSeconds),
      let right = mean(stances, .right, \.stepSeconds)
    else { return nil }
    let both = 0.5 * (left + right)
    return both > 0 ? 100 * Swift.abs(left - right) / both : nil
  }

  static func mean(
    _ stances: [Stance], _ side: Side, _ value: KeyPath<Stance, Double?>
  ) -> Double? {
    let values = stances.filter { $0.side == side }.compactMap {
      $0[keyPath: value]
    }
    return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
  }
}

extension PelvicDrop {
  /// The mean drop of each stance side.
  public init(meanOf stances: [Stance]) {
    self.init(
      leftStance: WalkingBout.mean(stances, .left, \.dropDegrees),
      rightStance: WalkingBout.mean(stances, .right, \.dropDegrees))
  }
}

extension GaitSummary {
  /// The recording's gait: cadence, asymmetry and drop over all the bouts'
  /// steps together; `nil` without a bout.
  public init?(bouts: [WalkingBout]) {
    guard !bouts.isEmpty else { return nil }
    let stances = bouts.flatMap(\.stances)
    let seesPelvis = bouts.allSatisfy { $0.pelvicDrop != nil }
    self.init(
      steps: bouts.reduce(0) { $0 + $1.steps },
      walkingSeconds: bouts.reduce(0) { $0 + $1.endSeconds - $1.startSeconds },
      cadence: WalkingBout.cadence(stances),
      stepTimeAsymmetryPercent: WalkingBout.asymmetry(stances),
      pelvicDrop: seesPelvis ? PelvicDrop(meanOf: stances) : nil)
  }
}
