/// Left against right over a session (`analysis-output.md`).
public struct Asymmetry: Sendable, Equatable, Codable {
  public var leftReps: Int
  public var rightReps: Int
  /// Mean `level_change_deg` of the left reps; `nil` when none is defined.
  public var leftMeanLevelChangeDegrees: Double?
  public var rightMeanLevelChangeDegrees: Double?
  /// Left mean minus right mean.
  public var levelChangeDifferenceDegrees: Double?
  /// `100 * (L - R) / (0.5 * (L + R))` on mean `rom_deg`.
  public var romSymmetryIndexPercent: Double?

  public init(
    leftReps: Int, rightReps: Int, leftMeanLevelChangeDegrees: Double?,
    rightMeanLevelChangeDegrees: Double?, levelChangeDifferenceDegrees: Double?,
    romSymmetryIndexPercent: Double?
  ) {
    self.leftReps = leftReps
    self.rightReps = rightReps
    self.leftMeanLevelChangeDegrees = leftMeanLevelChangeDegrees
    self.rightMeanLevelChangeDegrees = rightMeanLevelChangeDegrees
    self.levelChangeDifferenceDegrees = levelChangeDifferenceDegrees
    self.romSymmetryIndexPercent = romSymmetryIndexPercent
  }

  enum CodingKeys: String, CodingKey {
    case leftReps = "left_reps"
    case rightReps = "right_reps"
    case leftMeanLevelChangeDegrees = "left_mean_level_change_deg"
    case rightMeanLevelChangeDegrees = "right_mean_level_change_deg"
    case levelChangeDifferenceDegrees = "level_change_difference_deg"
    case romSymmetryIndexPercent = "rom_symmetry_index_pct"
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(leftReps, forKey: .leftReps)
    try c.encode(rightReps, forKey: .rightReps)
    try c.encode(
      leftMeanLevelChangeDegrees, forKey: .leftMeanLevelChangeDegrees)
    try c.encode(
      rightMeanLevelChangeDegrees, forKey: .rightMeanLevelChangeDegrees)
    try c.encode(
      levelChangeDifferenceDegrees, forKey: .levelChangeDifferenceDegrees)
    try c.encode(romSymmetryIndexPercent, forKey: .romSymmetryIndexPercent)
  }

  /// The session's asymmetry from its full reps; `nil` without both a left
  /// and a right rep to compare.
  public init?(reps: [Rep]) {
    let full = reps.filter { !$0.partial }
    let left = full.filter { $0.side == .left }
    let right = full.filter { $0.side == .right }
    guard !left.isEmpty, !right.isEmpty else { return nil }
    func mean(_ values: [Double]) -> Double? {
      values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }
    let leftLevels = left.compactMap(\.levelChangeDegrees)
    let rightLevels = right.compactMap(\.levelChangeDegrees)
    let leftRom = mean(left.map(\.romDegrees)) ?? 0
    let rightRom = mean(right.map(\.romDegrees)) ?? 0
    let romMean = 0.5 * (leftRom + rightRom)
    self.init(
      leftReps: left.count, rightReps: right.count,
      leftMeanLevelChangeDegrees: mean(leftLevels),
      rightMeanLevelChangeDegrees: mean(rightLevels),
      levelChangeDifferenceDegrees: Self.levelChangeDifference(
        left: leftLevels, right: rightLevels),
      romSymmetryIndexPercent: romMean > 0
        ? 100 * (leftRom - rightRom) / romMean : nil)
  }

  /// The mean of the left full reps' `level_change_deg` minus that of the
  /// right ones (the `null` ones left out); `nil` unless both sides have
  /// one.
  public static func levelChangeDifference(left: [Double], right: [Double])
    -> Double?
  {
    guard !left.isEmpty, !right.isEmpty else { return nil }
    return left.reduce(0, +) / Double(left.count) - right.reduce(0, +)
      / Double(right.count)
  }
}

/// Everything the analysis found in one recording.
public struct SessionAnalysis: Sendable, Equatable {
  public var exercise: String
  /// Every rep found, partial ones included (`partial: true`).
  public var reps: [Rep]
  public var holds: [Hold]
  public var sets: [ExerciseSet]
  public var asymmetry: Asymmetry?
  /// Movements seen and not counted, with why, by when they started.
  public var ignoredMovements: [IgnoredMovement]
  /// Walking: every initial contact in a bout, and the bouts.
  public var steps: [Step] = []
  public var walkingBouts: [WalkingBout] = []
  /// The bouts summed as they end; `nil` without one.
  public var gait: GaitSummary?

  public init(
    exercise: String, reps: [Rep] = [], holds: [Hold] = [],
    sets: [ExerciseSet] = [], asymmetry: Asymmetry? = nil,
    ignoredMovements: [IgnoredMovement] = []
  ) {
    self.exercise = exercise
    self.reps = reps
    self.holds = holds
    self.sets = sets
    self.asymmetry = asymmetry
    self.ignoredMovements = ignoredMovements
  }
}
