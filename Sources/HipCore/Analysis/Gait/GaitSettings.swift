/// Tuning of the walking analysis, each number with its unit.
///
/// Times are in seconds whatever the sample rate; accelerations in g.
/// `docs/walking.md` says where each value comes from.
public struct GaitSettings: Sendable, Equatable {
  /// Time constant of the gravity estimate, s: long against a step (about
  /// 0.5 s), so the vertical is the mean direction of the specific force.
  public var gravityTimeConstant = 1.0
  /// Width (sigma) of the smoothing that finds a step's loading peak in
  /// the vertical acceleration, s.
  public var peakSmoothing = 0.08
  /// Width (sigma) of the lighter smoothing whose steepest rise times the
  /// contact, s: the foot landing is the sharp rise of the vertical
  /// acceleration before its peak.
  public var contactSmoothing = 0.04
  /// The landing is the last rise into the loading peak at least this
  /// share as steep as its steepest rise.
  public var landingRiseShare = 0.5
  /// How far before the loading peak its rise is searched for, s.
  public var riseSearch = 0.3
  /// The smallest rise of the vertical acceleration that can be a step, g.
  public var smallestRise = 0.04
  /// The smallest rise that can be a step the rhythm misses, g: a slow,
  /// soft step lands this lightly.
  public var faintestRise = 0.02
  /// A rise under this share of the median of the last steps' rises is
  /// sway, not a step, unless the rhythm misses one there.
  public var riseShareOfRecent = 0.35
  /// How many recent steps' rises that median covers.
  public var recentRises = 6
  /// Two contacts closer than this are one (the larger kept), s: faster
  /// than anyone steps (240 steps a minute).
  public var shortestStep = 0.25
  /// Width (sigma) of the smoothing of the medio-lateral acceleration, s.
  public var lateralSmoothing = 0.15
  /// Half the span over which the medio-lateral acceleration's rise or
  /// fall tells the side, s (Ben Mansour et al.: it rises at a left
  /// contact).
  public var sideSpan = 0.1
  /// The pelvis's yaw rate is band-passed by two smoothings: the narrow
  /// one keeps its swing with each step, the wide one is the walk's slow
  /// turning, taken out, s.
  public var yawSmoothing = 0.05
  public var yawTurnSmoothing = 0.15
  /// The trunk turning further than this within ``postureWindow`` of a
  /// contact is sitting down, standing up or bending, not walking, degrees.
  public var largestPostureChange = 45.0
  /// Half-width of the window over which the trunk's posture is compared,
  /// s; also how long a contact waits before it is decided.
  public var postureWindow = 1.0
  /// The span of the trunk's posture estimate, s.
  public var postureSpan = 0.5
  /// Contacts in a row that start a bout (`analysis-output.md`: at least
  /// four steps).
  public var stepsToStartBout = 4
  /// Step times that can start a bout, s: 40 to 200 steps a minute.
  public var startingStepTimes = 0.3...1.5
  /// The longest step time over the shortest, among the steps that start a
  /// bout: walking has a rhythm, fidgets do not.
  public var startingRhythmSpread = 1.8
  /// A contact this many typical step times after the last one still
  /// continues the bout (one contact missed); later ones must start a
  /// rhythm of their own.
  public var continuingStepFactor = 2.2
  /// A step time this many typical ones long (and up to
  /// ``continuingStepFactor``) has missed a step: the faint contact nearest
  /// its middle, within ``missedStepSpread`` typical step times, is it.
  public var missedStepFactor = 1.6
  public var missedStepSpread = 0.3
  /// A step time under this share of the typical one, two steps or more
  /// after a break, had a contact that was not a step before it (a
  /// shuffle in a turn): the sides' alternation starts again after it.
  /// (A walk that quickens this much at once restarts it too, which the
  /// contacts' vote then keeps.)
  public var extraContactStepShare = 0.7
  /// This many contacts in a row, none saying by both of its signs (the
  /// medio-lateral acceleration and the pelvis's turn) the foot the sides'
  /// alternation gives it and all but one saying the other, turn the
  /// alternation over: a contact that was not a step came between without
  /// a short step time.
  public var sidesAgainstTurnOver = 4
  /// The longest pause within a bout, s (`analysis-output.md`, from
  /// Mobilise-D).
  public var longestPause = 3.0
  /// How long the pelvis's level is kept for measuring its drop, s.
  public var levelMemory = 6.0

  public init() {}

  public static let `default` = GaitSettings()

  func check(_ check: inout SettingsCheck) {
    check.positive(gravityTimeConstant, "gait.gravityTimeConstant")
    check.between(0.005, 0.5, peakSmoothing, "gait.peakSmoothing")
    check.between(0.005, 0.5, contactSmoothing, "gait.contactSmoothing")
    check.share(landingRiseShare, "gait.landingRiseShare")
    check.positive(riseSearch, "gait.riseSearch")
    check.positive(smallestRise, "gait.smallestRise")
    check.positive(faintestRise, "gait.faintestRise")
    check.share(riseShareOfRecent, "gait.riseShareOfRecent")
    check.atLeast(1, missedStepFactor, "gait.missedStepFactor")
    check.share(missedStepSpread, "gait.missedStepSpread")
    check.share(extraContactStepShare, "gait.extraContactStepShare")
    check.atLeast(2, Double(sidesAgainstTurnOver), "gait.sidesAgainstTurnOver")
    check.atLeast(1, Double(recentRises), "gait.recentRises")
    check.positive(shortestStep, "gait.shortestStep")
    check.between(0.005, 0.5, lateralSmoothing, "gait.lateralSmoothing")
    check.positive(sideSpan, "gait.sideSpan")
    check.between(0.005, 0.5, yawSmoothing, "gait.yawSmoothing")
    check.between(yawSmoothing, 0.5, yawTurnSmoothing, "gait.yawTurnSmoothing")
    check.between(1, 180, largestPostureChange, "gait.largestPostureChange")
    check.positive(postureWindow, "gait.postureWindow")
    check.positive(postureSpan, "gait.postureSpan")
    check.atLeast(2, Double(stepsToStartBout), "gait.stepsToStartBout")
    check.positive(startingStepTimes.lowerBound, "gait.startingStepTimes")
    check.atLeast(1, startingRhythmSpread, "gait.startingRhythmSpread")
    check.atLeast(1, continuingStepFactor, "gait.continuingStepFactor")
    check.positive(longestPause, "gait.longestPause")
    check.atLeast(longestPause, levelMemory, "gait.levelMemory")
  }
}
