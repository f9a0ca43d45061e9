/// The exercises of `exercises.md`, with what the data cannot tell by itself.
public enum Exercise: String, Sendable, CaseIterable, Codable {
  case bridge
  case singleLegBridge = "single-leg-bridge"
  case pelvicTilt = "pelvic-tilt"
  case quadrupedHipExtension = "quadruped-hip-extension"
  case birdDog = "bird-dog"
  case sideLyingHipAbduction = "side-lying-hip-abduction"
  case clamshell
  case proneHipExtension = "prone-hip-extension"
  case standingHipFlexion = "standing-hip-flexion"
  case eccentricHipFlexion = "eccentric-hip-flexion"
  case seatedFootTaps = "seated-foot-taps"
  case deadBug = "dead-bug"
  case squat
  case hipFlexorStretch = "hip-flexor-stretch"
  case sitToStand = "sit-to-stand"
  case walking

  /// The exercise a name means, written as people write it: any case,
  /// with spaces or underscores for the hyphens ("Single leg bridge" is
  /// `single-leg-bridge`); `nil` for a name the catalogue does not know.
  public init?(named name: String) {
    var id = ""
    for character in name.lowercased() {
      id.append(character == " " || character == "_" ? "-" : character)
    }
    self.init(rawValue: id)
  }

  /// The posture a set is done in.
  public enum Posture: String, Sendable {
    case supine, prone, quadruped, sideLying, standing, seated, halfKneeling
  }

  /// Which legs work.
  public enum Sidedness: String, Sendable {
    /// Both legs together (`side: both`).
    case both
    /// One leg a set (`left` or `right`, from the header or `--side`).
    case oneSided
    /// Left and right in turn; the side of each rep is inferred.
    case alternating
  }

  /// What the physical therapist watches, from the catalogue's "watch".
  public enum Compensation: String, Sendable {
    /// Hips not level or square: `level_change_deg`.
    case hipsNotLevel
    /// Lifting with the back: tilt going anterior.
    case backArching
    /// The pelvis rolls back in side-lying work.
    case pelvisRollsBack
    /// Lowering faster than lifting.
    case fastLowering
    /// Trunk lean or weight shift.
    case trunkLean
  }

  /// The catalogue entry: what an exercise looks like and asks for.
  public struct Profile: Sendable {
    public var posture: Posture
    public var sidedness: Sidedness
    /// Typical range of the primary motion at the segment, degrees.
    public var expectedRange: ClosedRange<Double>
    /// What a pelvis sensor sees of a rep, degrees: the primary range for
    /// exercises the pelvis makes (bridges, squats), and the small 2-8°
    /// pelvic motion of good form for leg exercises (`exercises.md`).
    public var pelvisRange: ClosedRange<Double> {
      primaryIsPelvic || expectedRange.upperBound <= 10 ? expectedRange : 2...8
    }
    /// Whether the primary motion is the pelvis's own (bridges, squats,
    /// sit-to-stand, tilts), rather than a leg's.
    public var primaryIsPelvic: Bool
    /// The hold at the top the physical-therapy articles prescribe, s (0:
    /// none prescribed).
    public var holdTarget: Double
    /// A stretch or static position: the whole thing is a hold.
    public var isHold: Bool
    public var compensations: [Compensation]
    /// Sets and reps the physical-therapy articles prescribe, if they do.
    public var prescription: (sets: Int, reps: Int)?

    init(
      posture: Posture, sidedness: Sidedness,
      expectedRange: ClosedRange<Double>, holdTarget: Double, isHold: Bool,
      compensations: [Compensation],
      prescription: (sets: Int, reps: Int)? = nil,
      primaryIsPelvic: Bool = false
    ) {
      self.posture = posture
      self.sidedness = sidedness
      self.expectedRange = expectedRange
      self.holdTarget = holdTarget
      self.isHold = isHold
      self.compensations = compensations
      self.prescription = prescription
      self.primaryIsPelvic = primaryIsPelvic
    }
  }

  public var profile: Profile {
    switch self {
    case .bridge:
      Profile(
        posture: .supine, sidedness: .both, expectedRange: 15...35,
        holdTarget: 2, isHold: false, compensations: [.hipsNotLevel],
        primaryIsPelvic: true)
    case .singleLegBridge:
      Profile(
        posture: .supine, sidedness: .oneSided, expectedRange: 15...35,
        holdTarget: 0, isHold: false, compensations: [.hipsNotLevel],
        prescription: (3, 20), primaryIsPelvic: true)
    case .pelvicTilt:
      Profile(
        posture: .supine, sidedness: .both, expectedRange: 3...10,
        holdTarget: 2, isHold: false, compensations: [.hipsNotLevel],
        primaryIsPelvic: true)
    case .quadrupedHipExtension:
      Profile(
        posture: .quadruped, sidedness: .oneSided, expectedRange: 2...8,
        holdTarget: 2, isHold: false,
        compensations: [.hipsNotLevel, .backArching])
    case .birdDog:
      Profile(
        posture: .quadruped, sidedness: .alternating, expectedRange: 2...8,
        holdTarget: 0, isHold: false,
        compensations: [.hipsNotLevel, .backArching])
    case .sideLyingHipAbduction:
      Profile(
        posture: .sideLying, sidedness: .oneSided, expectedRange: 20...45,
        holdTarget: 2, isHold: false,
        compensations: [.pelvisRollsBack, .fastLowering])
    case .clamshell:
      Profile(
        posture: .sideLying, sidedness: .oneSided, expectedRange: 20...45,
        holdTarget: 0, isHold: false, compensations: [.pelvisRollsBack])
    case .proneHipExtension:
      Profile(
        posture: .prone, sidedness: .oneSided, expectedRange: 10...20,
        holdTarget: 0, isHold: false, compensations: [.hipsNotLevel],
        prescription: (3, 10))
    case .standingHipFlexion:
      Profile(
        posture: .standing, sidedness: .oneSided, expectedRange: 20...45,
        holdTarget: 0, isHold: false, compensations: [.hipsNotLevel],
        prescription: (3, 20))
    case .eccentricHipFlexion:
      Profile(
        posture: .supine, sidedness: .oneSided, expectedRange: 60...100,
        holdTarget: 0, isHold: false, compensations: [.fastLowering],
        prescription: (2, 15))
    case .seatedFootTaps:
      Profile(
        posture: .seated, sidedness: .alternating, expectedRange: 10...30,
        holdTarget: 0, isHold: false, compensations: [.trunkLean],
        prescription: (3, 20))
    case .deadBug:
      Profile(
        posture: .supine, sidedness: .alternating, expectedRange: 2...8,
        holdTarget: 0, isHold: false,
        compensations: [.hipsNotLevel, .backArching])
    case .squat:
      Profile(
        posture: .standing, sidedness: .both, expectedRange: 15...40,
        holdTarget: 0, isHold: false, compensations: [.trunkLean],
        primaryIsPelvic: true)
    case .hipFlexorStretch:
      Profile(
        posture: .halfKneeling, sidedness: .oneSided, expectedRange: 5...20,
        holdTarget: 30, isHold: true, compensations: [.backArching],
        primaryIsPelvic: true)
    case .sitToStand:
      Profile(
        posture: .seated, sidedness: .both, expectedRange: 20...40,
        holdTarget: 0, isHold: false, compensations: [.trunkLean],
        prescription: (1, 5), primaryIsPelvic: true)
    case .walking:
      Profile(
        posture: .standing, sidedness: .both, expectedRange: 2...10,
        holdTarget: 0, isHold: false, compensations: [.hipsNotLevel])
    }
  }
}

/// The working leg of a rep or set (`recording-format.md`).
public enum Side: String, Sendable, CaseIterable, Codable {
  case left, right, both, alternating

  /// The other leg: right after left, and left after anything else (the
  /// first of an alternation).
  public var otherLeg: Side { self == .left ? .right : .left }
}
