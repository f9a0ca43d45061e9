extension SessionAnalyzer {
  /// Tuning of the analysis, one part per part of the rep finder, every
  /// number named with its unit.
  ///
  /// Checked once, when an analyzer is made
  /// (``SessionAnalyzer/init(configuration:)``), the only step that can
  /// fail. `docs/rep-finder.md` says what each part does and where the
  /// numbers come from.
  public struct Settings: Sendable, Equatable {
    public var attitude = AttitudeFilter.Settings.default
    /// Rate the rep finder works at; faster input is decimated, Hz.
    public var analysisRate = 100.0
    /// Samples further apart than this many periods are a gap.
    public var gapPeriods = 3.0
    public var stillness = StillnessSettings()
    public var mounting = MountingSettings()
    public var rest = RestSettings()
    public var movement = MovementSettings()
    public var measurement = MeasurementSettings()
    public var rules = RuleSettings()
    public var sets = SetSettings()
    /// Walking's steps and bouts.
    public var gait = GaitSettings()

    public init() {}

    public static let `default` = Settings()

    /// Throws the first setting that is out of its range.
    public func validate() throws(SettingsError) {
      var check = SettingsCheck()
      check.positive(analysisRate, "analysisRate")
      check.atLeast(1, gapPeriods, "gapPeriods")
      check.positive(attitude.accelerometerGain, "attitude.accelerometerGain")
      check.positive(
        attitude.steadyAccelerometerGain, "attitude.steadyAccelerometerGain")
      check.positive(
        attitude.accelerationRejection, "attitude.accelerationRejection")
      check.positive(
        attitude.stillAngularRateSpread, "attitude.stillAngularRateSpread")
      check.positive(attitude.biasTimeConstant, "attitude.biasTimeConstant")
      check.atLeast(0, attitude.biasIntegralGain, "attitude.biasIntegralGain")
      check.between(
        0.001, 2, attitude.smoothingHalfWidth, "attitude.smoothingHalfWidth")
      gait.check(&check)
      stillness.check(&check)
      mounting.check(&check)
      rest.check(&check)
      movement.check(&check)
      measurement.check(&check)
      rules.check(&check)
      sets.check(&check)
      if let error = check.firstError { throw error }
    }
  }

  /// A setting or a configuration value out of its range.
  public enum SettingsError: Error, Sendable, Equatable,
    CustomStringConvertible
  {
    /// `name` is `value`; `expected` says what it must be.
    case outOfRange(name: String, value: Double, expected: String)

    public var description: String {
      switch self {
      case .outOfRange(let name, let value, let expected):
        "analysis setting \(name) is \(value); expected \(expected)"
      }
    }
  }

  /// When the body counts as still.
  public struct StillnessSettings: Sendable, Equatable {
    /// Below this angular speed the body counts as still, deg/s.
    public var stillSpeed = 4.0
    /// Still also means the specific force within this of 1 g, g.
    public var accelerationTolerance = 0.15
    /// How far each still point pulls the still position toward it: the
    /// position is a running average over about 1 / this many points (at
    /// ``Settings/analysisRate``; as fast in time at any other).
    public var positionSmoothing = 0.05
    /// Once the set's usual range is known, a still body stays within
    /// this share of it of where it became still: a slow rep turns slower
    /// than ``stillSpeed`` and must not pass for a held position. (MEx
    /// thighs slowed by a tenth lost 2.4 points of rep F1 without it.)
    public var driftShare = 0.1
    /// See ``driftShare``; at least this, degrees: a held position sways
    /// by a few tenths of a degree.
    public var minimumDrift = 0.3

    func check(_ check: inout SettingsCheck) {
      check.positive(stillSpeed, "stillness.stillSpeed")
      check.share(driftShare, "stillness.driftShare")
      check.positive(minimumDrift, "stillness.minimumDrift")
      check.between(
        0.01, 1, accelerationTolerance, "stillness.accelerationTolerance")
      check.share(positionSmoothing, "stillness.positionSmoothing")
    }
  }

  /// Learning how the sensor sits from the postures it rests in.
  public struct MountingSettings: Sendable, Equatable {
    /// A still stretch at least this long is a posture to learn from, s.
    public var minimumPosture = 1.0
    /// At rest, a posture is noted again every this many points (at
    /// ``Settings/analysisRate``; as often in time at any other).
    public var restingPointsPerPosture = 100
    /// Postures kept for the mounting's correction; memory stays bounded.
    public var posturesKept = 64
    /// The smallest typical swing of a thigh whose axis tells its strap's
    /// turn, degrees: a smaller one's axis is mostly sway.
    public var smallestSwingForStrapTurn = 5.0
    /// Full reps of a set whose mean axis tells a thigh strap's turn.
    public var strapTurnReps = 3
    /// A thigh resting within this of upright (or upside down) cannot
    /// show its strap's turn in a posture: its swing shows it, degrees.
    public var uprightThigh = 25.0
    /// A smaller turn is not learned, degrees: a thigh's swing is
    /// forward and back only to within about this (a bird-dog's leg also
    /// swings out), and the declared axes are as likely.
    public var smallestStrapTurn = 20.0
    /// The largest turn of a strap about the thigh, degrees
    /// (`recording-format.md`: up to 45).
    public var largestStrapTurn = 50.0

    func check(_ check: inout SettingsCheck) {
      check.positive(minimumPosture, "mounting.minimumPosture")
      check.positive(
        smallestSwingForStrapTurn, "mounting.smallestSwingForStrapTurn")
      check.between(0, 90, largestStrapTurn, "mounting.largestStrapTurn")
      check.between(
        0, largestStrapTurn, smallestStrapTurn, "mounting.smallestStrapTurn")
      check.between(0, 90, uprightThigh, "mounting.uprightThigh")
      check.atLeast(1, Double(strapTurnReps), "mounting.strapTurnReps")
      check.atLeast(
        1, Double(restingPointsPerPosture), "mounting.restingPointsPerPosture")
      check.atLeast(1, Double(posturesKept), "mounting.posturesKept")
    }
  }

  /// Where the body rests, and what moves that rest.
  public struct RestSettings: Sendable, Equatable {
    /// Still this long away from rest makes the new position a candidate
    /// rest (getting into position), s.
    public var newRestAfter = 1.5
    /// A still position is taken once the attitude estimate is within
    /// this of the accelerometer, or after twice ``newRestAfter``,
    /// degrees.
    public var settledDisagreement = 0.3
    /// Staying within this of one position is quiet near rest, degrees
    /// (at least).
    public var settleRadius = 0.4
    /// Quiet near rest is also within this share of the return threshold,
    /// if that is wider.
    public var settleShare = 0.5
    /// The rest follows the body this far behind the newest point, s: a
    /// slow, small rep rises through the return band before it passes the
    /// onset, and must not drag the rest it is measured from along.
    public var followDelay = 1.0
    /// Share of the way the rest moves toward the body per point while it
    /// follows (at ``Settings/analysisRate``; as fast in time at any
    /// other).
    public var followShare = 0.02
    /// The first this long back in the return band is the foot of the last
    /// fall, which the rest does not follow, s.
    public var fallFoot = 0.3
    /// A pelvis still this much further tipped back than at rest has sat
    /// down (seated exercises), degrees: sitting tips it back about 20°
    /// from standing, give or take 5° from person to person.
    public var seatTipBack = 6.0
    /// A thigh still this much further from upright than at rest has sat
    /// down (seated exercises), degrees.
    ///
    /// It turns from hanging (standing) to lying along the seat, about
    /// 90°; a strap turned about the thigh leaves that angle as it is.
    public var thighSeatTilt = 60.0
    /// A still position reached by turning at least this far, with little
    /// tilt, is a new rest, not a rep's top, degrees.
    ///
    /// Reps move against gravity, about a level axis; turning about the
    /// vertical is stepping round to face elsewhere. Seen only with a
    /// gyroscope.
    public var turnMinimum = 10.0
    /// A turn to face elsewhere moves the sky direction less than this
    /// share of the whole turn (a turn about a level axis moves it just as
    /// far).
    public var turnTiltShare = 0.5
    /// Furthest positions remembered of the movements that came back to
    /// the rest.
    public var topsKept = 4
    /// How long a movement's furthest position is remembered as a rep's
    /// top, s: a set's next rep comes well within it; later, the body may
    /// have got up and lain down again where it once went.
    public var topMemory = 30.0

    func check(_ check: inout SettingsCheck) {
      check.positive(newRestAfter, "rest.newRestAfter")
      check.positive(settledDisagreement, "rest.settledDisagreement")
      check.positive(settleRadius, "rest.settleRadius")
      check.share(settleShare, "rest.settleShare")
      check.positive(followDelay, "rest.followDelay")
      check.share(followShare, "rest.followShare")
      check.atLeast(0, fallFoot, "rest.fallFoot")
      check.positive(seatTipBack, "rest.seatTipBack")
      check.between(0, 180, thighSeatTilt, "rest.thighSeatTilt")
      check.positive(turnMinimum, "rest.turnMinimum")
      check.share(turnTiltShare, "rest.turnTiltShare")
      check.atLeast(1, Double(topsKept), "rest.topsKept")
      check.positive(topMemory, "rest.topMemory")
    }
  }

  /// Leaving rest, coming back, and positions held on the way.
  public struct MovementSettings: Sendable, Equatable {
    /// Smallest excursion that starts a movement, degrees.
    public var minimumOnset = 1.2
    /// Back within this of rest ends a movement, degrees (at least).
    public var minimumReturn = 0.5
    /// Onset threshold as a share of the set's typical range.
    public var onsetShare = 0.25
    /// Return threshold as a share of the set's typical range.
    public var returnShare = 0.15
    /// Within this share of its furthest excursion from where it started,
    /// a movement is back (at least the return threshold); a movement that
    /// comes to lie still further out is a shift, not a rep, unless it
    /// turned as the set's reps do (``setAxisAgreement``).
    public var backShare = 0.2
    /// A movement of at least a partial rep's range whose turn agrees this
    /// closely with the set's axis (the cosine between them) is a rep that
    /// settled short, not a shift: the set's reps turn within about 25° of
    /// it (849 of 853 simulated reps, 120 of 121 in `../shared/real/mex`).
    public var setAxisAgreement = 0.9
    /// Within this share of its height above the foot, a returning
    /// movement is home, degrees per degree (at least the return
    /// threshold).
    public var homeShare = 0.12
    /// Back near rest, a movement further than this many times its back
    /// band (plus ``passingMargin``) is passing by on its way elsewhere.
    public var passingFactor = 1.25
    /// See ``passingFactor``, degrees.
    public var passingMargin = 0.2
    /// Back near rest this long without settling, a movement is judged
    /// anyway, s.
    public var finishingWait = 1.5
    /// Points this far before the onset are kept to find a movement's
    /// foot, s.
    public var lookBack = 2.5
    /// A movement this long never came back: the body is somewhere else
    /// now, s.
    public var longestMovement = 120.0
    /// How far each still point pulls a held position toward it.
    public var heldSmoothing = 0.05
    /// Held positions remembered during one movement.
    public var heldPositionsKept = 4
    /// A held position nearer than this share of its distance from rest
    /// to where an earlier movement from that rest turned back is that
    /// movement's top again: the body went there and came back before, so
    /// it is a rep's top, held, and not where the body settled.
    public var sameTopShare = 0.25
    /// A movement that fell back below the onset and rose again the same
    /// way is split into reps at that valley only while it is at most
    /// this many of the set's typical ranges far (further is getting up
    /// or down, which can dip on the way).
    public var valleySplitLargest = 2.0
    /// In a rep that goes out twice (sit-to-stand from a pelvis: a lean
    /// forward to stand up, another to sit down), only a valley below this
    /// share of the movement's furthest excursion is the seat between two
    /// reps; standing, between the two leans, stays higher (about 0.2 of
    /// the lean in `../shared/real/sit-to-stand`, the seat under 0.1).
    public var seatValleyShare = 0.12

    /// The thresholds for a set whose full reps are typically `range`
    /// degrees (`nil` before any).
    func thresholds(typicalRange range: Double?) -> Thresholds {
      guard let range else {
        return Thresholds(onset: minimumOnset, return: minimumReturn)
      }
      return Thresholds(
        onset: Swift.max(minimumOnset, range * onsetShare),
        return: Swift.max(minimumReturn, range * returnShare),
        typicalRange: range)
    }

    func check(_ check: inout SettingsCheck) {
      check.positive(minimumOnset, "movement.minimumOnset")
      check.positive(minimumReturn, "movement.minimumReturn")
      check.share(onsetShare, "movement.onsetShare")
      check.share(returnShare, "movement.returnShare")
      check.share(backShare, "movement.backShare")
      check.share(homeShare, "movement.homeShare")
      check.share(setAxisAgreement, "movement.setAxisAgreement")
      check.atLeast(1, passingFactor, "movement.passingFactor")
      check.atLeast(0, passingMargin, "movement.passingMargin")
      check.positive(finishingWait, "movement.finishingWait")
      check.between(0.1, 30, lookBack, "movement.lookBack")
      check.positive(longestMovement, "movement.longestMovement")
      check.share(heldSmoothing, "movement.heldSmoothing")
      check.atLeast(1, Double(heldPositionsKept), "movement.heldPositionsKept")
      check.share(sameTopShare, "movement.sameTopShare")
      check.atLeast(1, valleySplitLargest, "movement.valleySplitLargest")
      check.share(seatValleyShare, "movement.seatValleyShare")
    }
  }

  /// Timing and sizing a movement once it is over.
  public struct MeasurementSettings: Sendable, Equatable {
    /// The movement's height is this percentile of its excursion, not its
    /// maximum: a knock on the sensor is a spike, not the top.
    public var topPercentile = 0.98
    /// Below three quarters of a rep's height for this long between its
    /// rise and its fall, the body went out twice rather than held, s.
    public var twoExcursionDip = 0.3
    /// A hold at least this long is measured at its middle half, not at
    /// one point, s.
    public var averagedHold = 0.2

    func check(_ check: inout SettingsCheck) {
      check.share(topPercentile, "measurement.topPercentile")
      check.positive(twoExcursionDip, "measurement.twoExcursionDip")
      check.atLeast(0, averagedHold, "measurement.averagedHold")
    }
  }

  /// The rules that refuse a movement (``RepRule``).
  public struct RuleSettings: Sendable, Equatable {
    /// Movements shorter than this are bumps, s.
    public var minimumRepDuration = 0.45
    /// A rep's moving time (without its hold) is at most this, s.
    public var maximumRepMotion = 20.0
    /// Held still at least this long away from rest: a hold, not a rep, s.
    public var holdMinimum = 10.0
    /// A hold is at least this share of the typical range (and the onset).
    public var holdSizeShare = 0.5
    /// A movement under this share of the typical range is a fidget.
    public var fidgetShare = 0.2
    /// A movement shorter than this share of the set's typical rep
    /// duration is not one of its reps.
    public var tempoShare = 0.5
    /// Full reps seen before the tempo judges.
    public var tempoRepsNeeded = 3
    /// A small movement (under the partial share of the typical range)
    /// about an axis further than this |cos| from the set's is a fidget.
    public var otherDirectionAgreement = 0.35
    /// Full reps in the set before its direction judges (in an
    /// alternating set, each side's).
    public var directionRepsNeeded = 2
    /// An alternating set's rep turns within this cos of one of the set's
    /// two ways (45°): one for the left leg's reps, one for the right's.
    public var sideTurnAgreement = 0.707
    /// The largest rep a pelvis sensor takes, as a multiple of the
    /// catalogue's largest pelvis range.
    public var largestPelvisRepFactor = 2.5
    /// The smallest first rep a pelvis sensor takes in an exercise the
    /// pelvis makes, as a share of the catalogue's smallest pelvis range.
    public var smallestFirstPelvisRepShare = 0.3
    /// Movements refused by the catalogue's range are alike when they come
    /// within this of each other, s (and ``priorRhythmRangeShare``).
    public var priorRhythmWindow = 20.0
    /// Alike movements differ in size by less than this share of the
    /// larger.
    public var priorRhythmRangeShare = 0.35
    /// Alike movements before a small one that overrule the catalogue.
    public var priorAlikeNeeded = 2

    func check(_ check: inout SettingsCheck) {
      check.positive(minimumRepDuration, "rules.minimumRepDuration")
      check.positive(maximumRepMotion, "rules.maximumRepMotion")
      check.positive(holdMinimum, "rules.holdMinimum")
      check.share(holdSizeShare, "rules.holdSizeShare")
      check.share(fidgetShare, "rules.fidgetShare")
      check.share(tempoShare, "rules.tempoShare")
      check.atLeast(1, Double(tempoRepsNeeded), "rules.tempoRepsNeeded")
      check.share(otherDirectionAgreement, "rules.otherDirectionAgreement")
      check.atLeast(1, Double(directionRepsNeeded), "rules.directionRepsNeeded")
      check.share(sideTurnAgreement, "rules.sideTurnAgreement")
      check.atLeast(1, largestPelvisRepFactor, "rules.largestPelvisRepFactor")
      check.share(
        smallestFirstPelvisRepShare, "rules.smallestFirstPelvisRepShare")
      check.positive(priorRhythmWindow, "rules.priorRhythmWindow")
      check.share(priorRhythmRangeShare, "rules.priorRhythmRangeShare")
      check.atLeast(0, Double(priorAlikeNeeded), "rules.priorAlikeNeeded")
    }
  }

  /// Sets: their first rep, their rhythm, their breaks, partial reps.
  public struct SetSettings: Sendable, Equatable {
    /// A rep under this share of the set's typical range is partial.
    public var partialShare = 0.5
    /// Full reps whose ranges and durations make the typical ones.
    public var typicalRepsKept = 9
    /// Shortest rest that ends a set, s.
    public var minimumSetBreak = 10.0
    /// A rest this many of the usual pauses between reps long ends a set
    /// (if at least ``minimumSetBreak``).
    public var setBreakPauseFactor = 6.0
    /// A rest this many rep cycles long ends a set.
    public var setBreakCycleFactor = 2.5
    /// A set break is never under this many cycles, however short the
    /// pauses.
    public var setBreakMinimumCycles = 1.25
    /// Reps in the set before its own cycle sets the break (from a thigh,
    /// reps that keep its rhythm).
    public var setBreakRepsNeeded = 3
    /// A set's first rep counts once the next rep starts within this many
    /// of the session's usual pauses between reps after it.
    public var rhythmPauseFactor = 3.0
    /// The pause allowed after a set's first rep is at least this, s.
    public var minimumRhythmGap = 3.0
    /// Once pauses are known, a set's first rep still waits at least this
    /// many times its own duration for the next: a slow first rep comes
    /// with a long pause, however short the session's pauses were.
    public var firstRepWaitPerRepSecondOncePausesKnown = 1.0
    /// Before any pause is known, a set's first rep waits at least this
    /// many times its own duration for the next.
    public var firstRepWaitPerRepSecond = 2.0
    /// The pause allowed after a set's first rep before any pause between
    /// reps has been seen, s.
    public var firstRepWait = 5.0
    /// Smallest |cos| of the angle between the turns of a set's first and
    /// second reps (not alternating sets).
    public var firstRepAxisAgreement = 0.5
    /// A later set's first rep whose range and the session's typical one
    /// are at least this ratio of each other (smaller to larger) is like
    /// the session's reps, and waits a set break for the next
    /// (``sessionLikeDurationRatio``, ``sessionLikeMinimumPelvisDegrees``).
    public var sessionLikeRangeRatio = 0.8
    /// A session-like first rep's duration and the session's typical one
    /// are also at least this ratio of each other.
    public var sessionLikeDurationRatio = 0.67
    /// From the pelvis, a session-like first rep is also at least this
    /// large, degrees: a fidget on the mat turns the pelvis a few
    /// degrees, as far as the small reps of a pelvis sensor do.
    public var sessionLikeMinimumPelvisDegrees = 10.0
    /// The most a set's second rep's rest may lie from its first's,
    /// degrees: a set is done in one position, and a first "rep" from
    /// elsewhere was a step of getting there.
    public var firstRepRestShift = 30.0
    /// Reps are judged short by their tilt too where the set's typical
    /// tilt is at least this share of its typical range.
    public var tiltShare = 0.5
    /// A pelvis level change at least this big names an alternating rep's
    /// side, degrees.
    public var sideLevelChange = 0.3

    func check(_ check: inout SettingsCheck) {
      check.share(partialShare, "sets.partialShare")
      check.atLeast(1, Double(typicalRepsKept), "sets.typicalRepsKept")
      check.positive(minimumSetBreak, "sets.minimumSetBreak")
      check.positive(setBreakPauseFactor, "sets.setBreakPauseFactor")
      check.positive(setBreakCycleFactor, "sets.setBreakCycleFactor")
      check.positive(setBreakMinimumCycles, "sets.setBreakMinimumCycles")
      check.atLeast(2, Double(setBreakRepsNeeded), "sets.setBreakRepsNeeded")
      check.positive(rhythmPauseFactor, "sets.rhythmPauseFactor")
      check.positive(minimumRhythmGap, "sets.minimumRhythmGap")
      check.positive(firstRepWaitPerRepSecond, "sets.firstRepWaitPerRepSecond")
      check.positive(
        firstRepWaitPerRepSecondOncePausesKnown,
        "sets.firstRepWaitPerRepSecondOncePausesKnown")
      check.positive(firstRepWait, "sets.firstRepWait")
      check.share(firstRepAxisAgreement, "sets.firstRepAxisAgreement")
      check.share(sessionLikeRangeRatio, "sets.sessionLikeRangeRatio")
      check.share(sessionLikeDurationRatio, "sets.sessionLikeDurationRatio")
      check.atLeast(
        0, sessionLikeMinimumPelvisDegrees,
        "sets.sessionLikeMinimumPelvisDegrees")
      check.between(0, 180, firstRepRestShift, "sets.firstRepRestShift")
      check.share(tiltShare, "sets.tiltShare")
      check.atLeast(0, sideLevelChange, "sets.sideLevelChange")
    }
  }
}

/// The onset and return thresholds, which follow the set's own range.
struct Thresholds: Sendable, Equatable {
  /// Further than this from rest starts a movement, degrees.
  var onset: Double
  /// Within this of rest ends one, degrees.
  var `return`: Double
  /// The median range of the last full reps, degrees (`nil` before any).
  var typicalRange: Double?
}

/// Collects the first setting out of its range.
struct SettingsCheck {
  private(set) var firstError: SessionAnalyzer.SettingsError?

  mutating func positive(_ value: Double, _ name: String) {
    require(value > 0, value, name, "a positive number")
  }

  mutating func atLeast(_ lowest: Double, _ value: Double, _ name: String) {
    require(value >= lowest, value, name, "at least \(lowest)")
  }

  /// A share: above 0, at most 1.
  mutating func share(_ value: Double, _ name: String) {
    require(value > 0 && value <= 1, value, name, "a share above 0, at most 1")
  }

  mutating func between(
    _ lowest: Double, _ highest: Double, _ value: Double, _ name: String
  ) {
    require(
      value >= lowest && value <= highest, value, name,
      "between \(lowest) and \(highest)")
  }

  private mutating func require(
    _ holds: Bool, _ value: Double, _ name: String, _ expected: String
  ) {
    guard firstError == nil, !holds || !value.isFinite else { return }
    firstError = .outOfRange(name: name, value: value, expected: expected)
  }
}
