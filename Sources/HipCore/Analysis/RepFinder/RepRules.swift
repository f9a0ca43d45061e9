/// The rules a measured movement must pass to be a rep, in the order they
/// are asked: the first that does not pass decides, and says why.
///
/// Refusals that need more than the movement sit outside the table:
/// before it is measured, a movement that ends still away from where it
/// started is a shift (``IgnoredMovement/Reason/repositioned``); after it
/// passes, a set's first rep waits for the next to show it keeps the set's
/// rhythm (``IgnoredMovement/Reason/outOfRhythm``), and a movement begun
/// before that first rep ended, a fraction of it, is its settling
/// (``IgnoredMovement/Reason/settling``). `docs/rep-finder.md` gives each
/// rule's evidence.
enum RepRule: Sendable, CaseIterable {
  /// Reps count only from a rest in the exercise's posture, until a
  /// rhythm of alike movements from one rest outside it shows the sensor
  /// sits other than declared.
  case fromThePosture
  /// Shorter than ``SessionAnalyzer/RuleSettings/minimumRepDuration``: a
  /// bump.
  case longerThanABump
  /// A pelvis sensor refuses a movement far beyond the catalogue's range
  /// (getting up or down), until such movements come in a rhythm.
  case withinThePelvisRange
  /// Moving (without the hold) for longer than
  /// ``SessionAnalyzer/RuleSettings/maximumRepMotion``.
  case notTooLong
  /// Held long enough, and far enough out, it is a hold: counted as one,
  /// not as a rep.
  case heldIsAHold
  /// An exercise that is a hold (a stretch) has no reps.
  case exerciseRepeats
  /// Under ``SessionAnalyzer/RuleSettings/fidgetShare`` of the typical
  /// range: a fidget.
  case biggerThanAFidget
  /// Before the session's reps have shown their own range, a pelvis
  /// sensor refuses a first rep far under the catalogue's range, until a
  /// rhythm of alike movements shows they are this person's reps.
  case firstPelvisRepSized
  /// Much quicker than the person's reps: an adjustment.
  case keepsTheTempo
  /// Small and about another axis than the set's, or in an alternating
  /// set turning neither of its two ways: a fidget.
  case keepsTheDirection

  /// What a rule says of a movement.
  enum Verdict: Sendable, Equatable {
    case passes
    case refuses(IgnoredMovement.Reason)
    /// A hold, counted as one.
    case isAHold
  }

  /// What the rules know besides the movement.
  struct Context: Sendable {
    var settings: SessionAnalyzer.RuleSettings
    /// Whether the rest it started from is in the exercise's posture.
    var restInPosture: Bool
    var thresholds: Thresholds
    /// The set's tempo, s, once there are reps enough to judge one
    /// (``SetTracker/typicalDuration(needed:)``).
    var typicalDuration: Double?
    /// Full reps in the set so far, and the axis they turn about.
    var setFullReps: Int
    var setAxis: Vector3
    /// An alternating set's two ways of turning, once known
    /// (``SetTracker/sideAxes``).
    var sideAxes: [Vector3]
    var side: Side
    var exerciseIsAHold: Bool
    /// See ``SessionAnalyzer/Configuration/largestPelvisRep``.
    var largestPelvisRep: Double?
    /// See ``SessionAnalyzer/Configuration/smallestFirstPelvisRep``.
    var smallestFirstPelvisRep: Double?
    /// See ``SessionAnalyzer/SetSettings/partialShare``.
    var partialShare: Double
    /// Two rests within this many degrees are one position
    /// (``SessionAnalyzer/SetSettings/firstRepRestShift``).
    var samePosition: Double

    /// Whether a still position this far from rest (degrees) is a hold: a
    /// real excursion, not a small shift of the rest after a set.
    func isHoldSized(_ range: Double) -> Bool {
      range
        >= Swift.max(
          thresholds.onset,
          settings.holdSizeShare * (thresholds.typicalRange ?? 0))
    }
  }

  /// Movements refused by the catalogue's range so far: a rhythm of them
  /// is this person's reps, and the data overrules the catalogue.
  struct CatalogueMemory: Sendable {
    /// The last movement refused as too large for a pelvis, and whether a
    /// rhythm of them has shown the sensor is not on the pelvis.
    var lastLarge: (time: Double, range: Double)?
    var largeRepsAreReal = false
    /// The last movement refused as too small for the exercise before the
    /// session's reps have shown their own range, and how many alike ones
    /// came just before it.
    var lastSmall: (time: Double, range: Double, alike: Int)?
    /// The last movement refused for the posture of its rest, how many
    /// alike ones from the same rest came just before it, and that rest.
    var lastOutOfPosture:
      (time: Double, range: Double, alike: Int, restUp: Vector3)?
    /// A rest outside the catalogue's posture that a rhythm of alike
    /// movements from it showed is where this person does the exercise:
    /// the sensor sits further from its declared axes than the posture's
    /// room allows (up to 45°, `recording-format.md`).
    var postureShown: Vector3?
    /// The rest the movement just judged would show to be the posture, if
    /// every other rule passes it too (``RepFinder`` decides).
    var overruling: Vector3?
  }

  /// Asks every rule in order; the first that does not pass decides.
  static func judge(
    _ movement: MeasuredMovement, in context: Context,
    memory: inout CatalogueMemory
  ) -> Verdict {
    for rule in allCases {
      let verdict = rule.judge(movement, in: context, memory: &memory)
      if verdict != .passes { return verdict }
    }
    return .passes
  }

  /// The reason this rule gives when it refuses (`nil`: it never refuses,
  /// it finds a hold).
  var reason: IgnoredMovement.Reason? {
    switch self {
    case .fromThePosture: .notInPosition
    case .longerThanABump: .tooShort
    case .withinThePelvisRange: .tooLarge
    case .notTooLong: .tooLong
    case .heldIsAHold: nil
    case .exerciseRepeats: .notAHold
    case .biggerThanAFidget, .firstPelvisRepSized: .tooSmall
    case .keepsTheTempo: .tooQuick
    case .keepsTheDirection: .otherDirection
    }
  }

  func judge(
    _ movement: MeasuredMovement, in context: Context,
    memory: inout CatalogueMemory
  ) -> Verdict {
    let settings = context.settings
    let range = movement.range
    let refused = reason.map(Verdict.refuses) ?? .passes
    switch self {
    case .fromThePosture:
      guard !context.restInPosture else { return .passes }
      // The catalogue's posture is a hint: movements alike and in a rhythm
      // from one rest (a third like the two before) are this person's
      // reps, from a sensor turned further than the posture allows.
      var alike = 0
      if let last = memory.lastOutOfPosture,
        last.restUp.angleDegrees(to: movement.restUp) <= context.samePosition,
        keepsRhythm(movement, after: (last.time, last.range), settings)
      {
        alike = last.alike + 1
      }
      memory.lastOutOfPosture = (
        movement.startTime, range, alike, movement.restUp
      )
      guard alike >= settings.priorAlikeNeeded else { return refused }
      memory.overruling = movement.restUp
      return .passes
    case .longerThanABump:
      return movement.duration < settings.minimumRepDuration ? refused : .passes
    case .withinThePelvisRange:
      guard let largest = context.largestPelvisRep, range > largest,
        !memory.largeRepsAreReal
      else { return .passes }
      // Getting up or down is one big movement; big movements in a rhythm
      // are reps seen by a sensor that is not on the pelvis after all
      // (a missing `placement` defaults to the sacrum): the data wins.
      if let last = memory.lastLarge,
        keepsRhythm(movement, after: last, settings)
      {
        memory.largeRepsAreReal = true
        return .passes
      }
      memory.lastLarge = (movement.startTime, range)
      return refused
    case .notTooLong:
      return movement.duration - movement.holdTime > settings.maximumRepMotion
        ? refused : .passes
    case .heldIsAHold:
      return movement.holdTime >= settings.holdMinimum
        && context.isHoldSized(range) ? .isAHold : .passes
    case .exerciseRepeats:
      // A stretch is held, not repeated: any other movement is getting
      // into or out of it.
      return context.exerciseIsAHold ? refused : .passes
    case .biggerThanAFidget:
      guard let typical = context.thresholds.typicalRange else {
        return .passes
      }
      return range < settings.fidgetShare * typical ? refused : .passes
    case .firstPelvisRepSized:
      guard context.thresholds.typicalRange == nil,
        let smallest = context.smallestFirstPelvisRep, range < smallest
      else { return .passes }
      // Nothing to compare with yet: the catalogue's range stands in,
      // until a rhythm of alike movements (a third like the two before)
      // shows that this person's reps are this small.
      var alike = 0
      if let last = memory.lastSmall,
        keepsRhythm(movement, after: (last.time, last.range), settings)
      {
        alike = last.alike + 1
      }
      memory.lastSmall = (movement.startTime, range, alike)
      return alike < settings.priorAlikeNeeded ? refused : .passes
    case .keepsTheTempo:
      // A person keeps a tempo: a movement much quicker than their reps is
      // a fidget or an adjustment, not one of them.
      guard let typical = context.typicalDuration else { return .passes }
      return movement.duration < settings.tempoShare * typical
        ? refused : .passes
    case .keepsTheDirection:
      if context.side == .alternating {
        // An alternating set turns one way for each side's reps: a
        // movement that turns neither way, once both are known, is none
        // of them, however big (a shift on the mat between reps).
        guard context.sideAxes.count == 2, movement.turnsByTilt else {
          return .passes
        }
        return context.sideAxes.contains {
          $0.dot(movement.axis) >= settings.sideTurnAgreement
        } ? .passes : refused
      }
      // A small movement about another axis than the set's is a fidget
      // (only small ones: the evidence is on fidgets under half the set's
      // range, `docs/rep-finder.md`).
      guard let typical = context.thresholds.typicalRange,
        context.setFullReps >= settings.directionRepsNeeded,
        context.setAxis != .zero,
        range < context.partialShare * typical,
        Swift.abs(movement.axis.dot(context.setAxis))
          < settings.otherDirectionAgreement
      else { return .passes }
      return refused
    }
  }

  /// Whether a movement refused by the catalogue's range is like the last
  /// one refused (as large, soon after).
  private func keepsRhythm(
    _ movement: MeasuredMovement, after last: (time: Double, range: Double),
    _ settings: SessionAnalyzer.RuleSettings
  ) -> Bool {
    let range = movement.range
    return movement.startTime - last.time < settings.priorRhythmWindow
      && Swift.abs(range - last.range)
        < settings.priorRhythmRangeShare * Swift.max(range, last.range)
  }
}
