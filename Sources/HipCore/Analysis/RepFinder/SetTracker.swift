/// A movement that passed every rule, not yet counted.
struct RepCandidate: Sendable {
  var movement: MeasuredMovement
  /// The pelvis's level change from rest to the top, degrees, where level
  /// is defined.
  var levelChange: Double?

  /// Whether the two are one movement: either's peak lies within the
  /// other's span, which two successive reps' peaks never do.
  func overlapsPeak(of other: RepCandidate) -> Bool {
    let a = movement
    let b = other.movement
    return (a.startTime <= b.peakTime && b.peakTime <= a.endTime)
      || (b.startTime <= a.peakTime && a.peakTime <= b.endTime)
  }
}

/// Counts reps into sets: holds a set's first rep back until the next
/// shows it keeps the rhythm, ends a set after a long enough rest, judges
/// partial reps against the set's own range, and keeps the typical range
/// that the onset and return thresholds follow.
struct SetTracker: Sendable {
  enum State: Sendable {
    /// No set under way.
    case noSet
    /// A set's first rep, held back until the next rep (or the lack of
    /// one within `rhythmGap` seconds) shows whether it belongs to a set:
    /// alone, it may be a shift on the mat or the last step of getting
    /// into position.
    case firstRepWaiting(RepCandidate, rhythmGap: Double)
    /// A set under way since `start`, s.
    case open(start: Double)
  }

  private(set) var state = State.noSet
  /// The first rep that waited before the one waiting now, and its rhythm
  /// gap: a movement unlike it (a fidget, a partial rep) took its place,
  /// but the next rep may still be like it and show that it began the set.
  private var passedOver: (candidate: RepCandidate, rhythmGap: Double)?
  private let settings: SessionAnalyzer.SetSettings
  private let movementSettings: SessionAnalyzer.MovementSettings
  /// See ``SessionAnalyzer/RuleSettings/fidgetShare``.
  private let fidgetShare: Double
  private let side: Side
  /// Whether the sensor is on a thigh: it sees its own leg's reps.
  private let seesOneLeg: Bool
  /// The onset and return thresholds, following the typical range.
  private(set) var thresholds: Thresholds
  /// A rest this long after the set's last rep ends the set, s.
  private(set) var setBreak: Double

  // This set.
  private var end = 0.0
  /// Full reps in this set.
  private(set) var fullReps = 0
  /// Starts of this set's reps that keep its rhythm (from a thigh, not its
  /// partial reps), s.
  private var repStarts: [Double] = []
  /// This set's reps as judged when they ended, each with its
  /// ``Rep/index``: partial is judged against their ranges, and judged
  /// again when the set closes.
  private var reps: [Rep] = []
  /// Durations of this set's full reps, s.
  private var setDurations: [Double] = []
  /// Tilts of this set's reps, for the same judgement by tilt.
  private var tilts: [Double] = []
  /// The axis this set's full reps turn about.
  ///
  /// Per set: from one set to the next a person may move differently
  /// (hips square in one, dropping to one side in the next).
  private(set) var axis = Vector3.zero
  /// An alternating set's two ways of turning, one for each side's reps:
  /// their full reps' axes added up, and how many.
  ///
  /// Signed: the pelvis may turn one way about an axis for the left leg
  /// and the other way for the right. From the pelvis only: a thigh sees
  /// its own leg's reps and the other leg's movements, and the evidence is
  /// on the pelvis.
  private var sideTurns: [(axes: Vector3, reps: Int)] = []
  /// See ``SessionAnalyzer/RuleSettings/sideTurnAgreement``.
  private let sideTurnAgreement: Double
  /// See ``SessionAnalyzer/RuleSettings/directionRepsNeeded``.
  private let directionRepsNeeded: Int
  /// The set's first full reps, while it has no more than
  /// ``SessionAnalyzer/MountingSettings/strapTurnReps``: their axes (each
  /// turned to agree with the first) and ranges added up.
  private var firstReps = (axes: Vector3.zero, degrees: 0.0, count: 0)
  private let strapTurnReps: Int
  /// End of this set's last rep that keeps its rhythm, s.
  private var lastRepEnd: Double?
  private var lastSide: Side?

  // The session.
  private var typicalRanges: [Double] = []
  /// Durations of the last full reps, s.
  private var repDurations: [Double] = []
  /// Pauses between consecutive reps of a set that keep its rhythm, end
  /// to next start, s.
  private var repPauses: [Double] = []
  /// Reps completed in the session, partial ones included.
  private var repsCompleted = 0
  /// Sets completed in the session.
  private(set) var setsCompleted = 0
  /// The way the last completed set's reps turned (``axis`` as it closed).
  private var lastSetAxis = Vector3.zero

  /// Whether no rep has been counted yet in the session (a first rep may
  /// be waiting for its second).
  var isBeforeAnyRepCounted: Bool {
    setsCompleted == 0 && setUnderWay == nil
  }

  /// The set under way, counted from 1 (`nil` between sets).
  var setUnderWay: Int? {
    if case .open = state { setsCompleted + 1 } else { nil }
  }

  init(settings: SessionAnalyzer.Settings, side: Side, seesOneLeg: Bool) {
    self.settings = settings.sets
    movementSettings = settings.movement
    fidgetShare = settings.rules.fidgetShare
    strapTurnReps = settings.mounting.strapTurnReps
    sideTurnAgreement = settings.rules.sideTurnAgreement
    directionRepsNeeded = settings.rules.directionRepsNeeded
    self.side = side
    self.seesOneLeg = seesOneLeg
    thresholds = settings.movement.thresholds(typicalRange: nil)
    setBreak = settings.sets.minimumSetBreak
  }

  /// The person's tempo: the median duration of the set's full reps, s,
  /// once it has `needed`; before that, of the session's last full reps
  /// (at least `needed`), or of the set's reps so far (its first included
  /// while it waits) if they are quicker: from one set to the next a
  /// person may change tempo.
  func typicalDuration(needed: Int) -> Double? {
    if setDurations.count >= needed { return upperMedian(setDurations) }
    guard repDurations.count >= needed, let session = upperMedian(repDurations)
    else { return nil }
    var set = setDurations
    if case .firstRepWaiting(let first, _) = state {
      set.append(first.movement.duration)
    }
    return upperMedian(set).map { Swift.min($0, session) } ?? session
  }

  /// The farthest from the rest that a quiet position may lie and become
  /// the rest while a set's first rep waits for its second (degrees;
  /// `nil`: no limit but the onset): the onset that rep's own range would
  /// set, and never less than the onset of a partial rep of the usual
  /// range.
  ///
  /// A new set's reps may be smaller than the last set's, whose range
  /// sets the onset: a partial rep under it, held still at its top, is
  /// no movement, and it is no rest either. Settled on, every later rep of
  /// the set was counted from its top down.
  var settleLimit: Double? {
    guard case .firstRepWaiting(let first, _) = state,
      let typical = thresholds.typicalRange
    else { return nil }
    return movementSettings.thresholds(
      typicalRange: Swift.max(
        first.movement.range, settings.partialShare * typical)
    ).onset
  }

  /// The mean axis and range of the set's first
  /// ``SessionAnalyzer/MountingSettings/strapTurnReps`` full reps, once it
  /// has exactly that many: a thigh strap's turn is judged from them once
  /// a set.
  var firstRepsSwing: (axis: Vector3, degrees: Double)? {
    guard firstReps.count == strapTurnReps,
      fullReps == firstReps.count,
      let axis = firstReps.axes.normalized
    else { return nil }
    return (axis, firstReps.degrees / Double(firstReps.count))
  }

  // MARK: Events from the passing of time

  /// Closes the open set once the body has rested (not moved) a set break
  /// since its last rep.
  mutating func closeIfRested(at time: Double) -> [AnalysisEvent] {
    guard time - end > setBreak, case .open(let start) = state else {
      return []
    }
    return close(start: start)
  }

  /// Drops a held-back first rep that no rep has followed in time (the
  /// body resting).
  mutating func expireFirstRep(at time: Double) -> [AnalysisEvent] {
    var events: [AnalysisEvent] = []
    if let earlier = passedOver,
      time - earlier.candidate.movement.endTime > earlier.rhythmGap
    {
      events = letGoOfPassedOver(.outOfRhythm)
    }
    guard case .firstRepWaiting(let first, let rhythmGap) = state,
      time - first.movement.endTime > rhythmGap
    else { return events }
    state = .noSet
    events.append(.ignored(.outOfRhythm, first.movement))
    if let earlier = passedOver {
      // The one between gave up first: the one before it waits on, for
      // the rest of its own rhythm gap.
      passedOver = nil
      state = .firstRepWaiting(earlier.candidate, rhythmGap: earlier.rhythmGap)
    }
    return events
  }

  /// Drops a held-back first rep for `reason` (it was a step of getting
  /// into position).
  mutating func dropFirstRep(_ reason: IgnoredMovement.Reason)
    -> [AnalysisEvent]
  {
    let events = letGoOfPassedOver(reason)
    guard case .firstRepWaiting(let first, _) = state else { return events }
    state = .noSet
    return events + [.ignored(reason, first.movement)]
  }

  /// The session is over: a first rep no rep could vouch for is dropped,
  /// an open set closed.
  mutating func finish() -> [AnalysisEvent] {
    var events = dropFirstRep(.outOfRhythm)
    if case .open(let start) = state { events += close(start: start) }
    return events
  }

  // MARK: A set's first rep waits for its second

  /// Counts a rep, or holds it back when it would start a set.
  mutating func settle(_ candidate: RepCandidate) -> [AnalysisEvent] {
    var events: [AnalysisEvent] = []
    if case .firstRepWaiting(let first, let rhythmGap) = state {
      if first.overlapsPeak(of: candidate),
        candidate.movement.startTime < first.movement.judgedTime
      {
        // The same movement judged a second time, from an earlier onset
        // (re-measured from a position the body came back to): it cannot
        // vouch for itself, and this later, fuller view of it waits for a
        // second rep in its place. (One that started after the first was
        // judged is a new movement, however late the first's end was
        // estimated.)
        state = .firstRepWaiting(
          candidate, rhythmGap: self.rhythmGap(after: candidate))
        return events
      }
      if candidate.movement.startTime < first.movement.endTime,
        candidate.movement.range < fidgetShare * first.movement.range
      {
        // Begun before the first ended, and a fraction of it: the first
        // settling (a thigh after getting down to the floor), which cannot
        // show that the first began a set. The first waits on.
        return events + [.ignored(.settling, candidate.movement)]
      }
      state = .noSet
      let vouchedEarlier = passedOver.flatMap {
        vouches(candidate, for: $0.candidate, rhythmGap: $0.rhythmGap)
          ? $0 : nil
      }
      if !begins(vouchedEarlier, ratherThan: first),
        vouches(candidate, for: first, rhythmGap: rhythmGap)
      {
        events += letGoOfPassedOver(.outOfRhythm)
        events += accept(first)
      } else if let earlier = vouchedEarlier {
        // Like the rep before the one in between: that one was a fidget or
        // a partial rep, and the earlier one began the set.
        passedOver = nil
        events.append(.ignored(.outOfRhythm, first.movement))
        events += accept(earlier.candidate)
      } else {
        events += letGoOfPassedOver(.outOfRhythm)
        if candidate.movement.startTime - first.movement.endTime <= rhythmGap {
          passedOver = (first, rhythmGap)
        } else {
          events.append(.ignored(.outOfRhythm, first.movement))
        }
      }
    }
    if case .open(let start) = state {
      guard candidate.movement.startTime - end > setBreak else {
        return events + accept(candidate)
      }
      events += close(start: start)
    }
    state = .firstRepWaiting(
      candidate, rhythmGap: rhythmGap(after: candidate))
    return events
  }

  /// Whether the passed-over first rep `earlier`, which the next rep
  /// vouches for, began the set rather than `waiting`, the movement that
  /// took its place, when the next rep vouches for both.
  ///
  /// A movement a partial rep's worth of the rep before it (the tail of
  /// that rep's fall; from a thigh, the other leg's rep) did not begin the
  /// set: the rep before it did. (Asking the next rep to be the size of
  /// the earlier one too let two such small movements begin a slow bridge
  /// set in its place: `../shared/real/mex` 25% slower, F1 0.985 → 0.980.)
  private func begins(
    _ earlier: (candidate: RepCandidate, rhythmGap: Double)?,
    ratherThan waiting: RepCandidate
  ) -> Bool {
    guard let range = earlier?.candidate.movement.range else { return false }
    return waiting.movement.range < settings.partialShare * range
  }

  /// Drops the passed-over first rep, if any, for `reason`.
  private mutating func letGoOfPassedOver(_ reason: IgnoredMovement.Reason)
    -> [AnalysisEvent]
  {
    guard let earlier = passedOver else { return [] }
    passedOver = nil
    return [.ignored(reason, earlier.candidate.movement)]
  }

  /// Whether `candidate` shows that `first`, waiting for it, began a
  /// set: it came within the rhythm gap, turning the way `first` did, from
  /// the same position.
  private func vouches(
    _ candidate: RepCandidate, for first: RepCandidate, rhythmGap: Double
  ) -> Bool {
    candidate.movement.startTime - first.movement.endTime <= rhythmGap
      && movesAlike(first, candidate)
      && first.movement.restUp.angleDegrees(to: candidate.movement.restUp)
        <= settings.firstRepRestShift
  }

  /// Whether `second` turns the way `first` did.
  ///
  /// The reps of one-sided and two-legged sets do; a shift on the mat
  /// turns any way. Alternating sets turn one way for each side, so they
  /// always agree.
  private func movesAlike(_ first: RepCandidate, _ second: RepCandidate)
    -> Bool
  {
    turnsAlike(first.movement.axis, second.movement.axis)
  }

  /// Whether two movements' axes agree as one set's reps do (any two do
  /// in an alternating set, whose reps turn two ways).
  private func turnsAlike(_ axis: Vector3, _ other: Vector3) -> Bool {
    side == .alternating
      || Swift.abs(axis.dot(other)) >= settings.firstRepAxisAgreement
  }

  /// The longest pause after a set's first rep for the next rep to show it
  /// was one (s): a few of the session's usual pauses between reps, or
  /// the rep's own length if longer; a set break for a later set's first
  /// rep like the session's reps.
  private func rhythmGap(after first: RepCandidate) -> Double {
    // Like the session's reps, it is no fidget: however quick the last
    // set's rhythm, a person may pause before their second rep as long
    // as between sets (fidgeting, settling in).
    if isLikeTheSessionsReps(first) { return settings.minimumSetBreak }
    guard let pause = upperMedian(repPauses) else {
      // Nothing known of the person's pauses yet: slow reps come with long
      // ones (a thigh sees only every other bird-dog rep, the other side's
      // in the pause between), so the wait grows with the rep itself.
      return Swift.min(
        settings.minimumSetBreak,
        Swift.max(
          settings.firstRepWait,
          settings.firstRepWaitPerRepSecond * first.movement.duration))
    }
    // A set begun with a slow rep may pause as long before the next (a
    // second set's first rep, then settling into it), whatever the pauses
    // between the last set's quicker reps.
    return Swift.min(
      settings.minimumSetBreak,
      Swift.max(
        settings.minimumRhythmGap, settings.rhythmPauseFactor * pause,
        settings.firstRepWaitPerRepSecondOncePausesKnown
          * first.movement.duration))
  }

  /// Whether a later set's first rep is like the session's reps: as large
  /// and as long as they typically were, turning the way the last set's
  /// did, and from the pelvis larger than a fidget.
  private func isLikeTheSessionsReps(_ first: RepCandidate) -> Bool {
    let movement = first.movement
    guard setsCompleted > 0,
      seesOneLeg
        || movement.range >= settings.sessionLikeMinimumPelvisDegrees,
      let range = upperMedian(typicalRanges),
      let duration = upperMedian(repDurations),
      isAlike(
        movement.range, range, ratioAtLeast: settings.sessionLikeRangeRatio),
      isAlike(
        movement.duration, duration,
        ratioAtLeast: settings.sessionLikeDurationRatio)
    else { return false }
    return turnsAlike(movement.axis, lastSetAxis)
  }

  /// Whether the smaller of two positive values is at least `ratio` of
  /// the larger.
  private func isAlike(
    _ value: Double, _ other: Double, ratioAtLeast ratio: Double
  )
    -> Bool
  {
    value >= ratio * other && ratio * value <= other
  }

  // MARK: Counting

  /// Counts a rep: the set's bookkeeping, then its event.
  private mutating func accept(_ candidate: RepCandidate) -> [AnalysisEvent] {
    let movement = candidate.movement
    let startTime = movement.startTime
    let endTime = movement.endTime
    let range = movement.range
    var events: [AnalysisEvent] = []
    if case .open(let start) = state, startTime - end > setBreak {
      events += close(start: start)
    }
    // Partial means under half of *this set's* usual range; a set that
    // starts now has none yet.
    // Partial is judged on the rise itself, without the foot's offset.
    // The tilt is a second view of the same rise, from the sky direction
    // alone, which the accelerometer anchors; a rep short by either is
    // short. Only where the reps are mostly tilt: a turn about the
    // vertical has next to none, and noise would decide.
    let typicalRange = upperMedian(reps.map(\.romDegrees))
    var tiltShort = false
    if let typicalTilt = upperMedian(tilts), let typicalRange,
      typicalTilt >= settings.tiltShare * typicalRange
    {
      tiltShort =
        movement.tilt - movement.footOffset
        < settings.partialShare * typicalTilt
    }
    let partial =
      tiltShort
      || (typicalRange.map { movement.rise < settings.partialShare * $0 }
        ?? false)
    // From a thigh, the small movements between the leg's own reps are
    // mostly the other leg's (a bird-dog's other side): no part of this
    // leg's rhythm. Their short pauses closed a slow set in the middle.
    // (From its first rep on: the other leg's rep follows it as it follows
    // every other.)
    let keepsRhythm = !(seesOneLeg && partial)
    if case .open = state {
      if keepsRhythm, let last = lastRepEnd {
        keepLast(\.repPauses, adding: Swift.max(0, startTime - last))
      }
    } else {
      state = .open(start: startTime)
    }
    if keepsRhythm {
      lastRepEnd = endTime
      repStarts.append(startTime)
    }
    end = Swift.max(end, endTime)
    updateSetBreak()
    if !partial {
      keepLast(\.repDurations, adding: endTime - startTime)
      keepLast(\.setDurations, adding: endTime - startTime)
      fullReps += 1
      keepLast(\.typicalRanges, adding: range)
      followTypicalRanges()
      axis = (axis + movement.axis.agreeing(with: axis)).normalized ?? axis
      if side == .alternating, !seesOneLeg { addSideTurn(movement) }
      if firstReps.count < strapTurnReps {
        firstReps = (
          firstReps.axes + movement.axis.agreeing(with: firstReps.axes),
          firstReps.degrees + range, firstReps.count + 1
        )
      }
    }
    tilts.append(movement.tilt)
    repsCompleted += 1
    let rep = Rep(
      index: repsCompleted, startSeconds: startTime,
      peakSeconds: movement.peakTime, endSeconds: endTime,
      side: repSide(levelChange: candidate.levelChange),
      romDegrees: range, levelChangeDegrees: candidate.levelChange,
      holdSeconds: movement.holdTime, partial: partial)
    // Partial reps count toward the set's usual range too: were it taken
    // from full reps alone, one oversized first rep (the last step of a
    // shift, say) would make every later rep of the set partial, and none
    // of them could ever bring it down.
    reps.append(rep)
    events.append(.repCompleted(rep))
    return events
  }

  /// The two ways an alternating set's reps turn, each the mean of its
  /// reps' signed axes, once each way has
  /// ``SessionAnalyzer/RuleSettings/directionRepsNeeded`` reps; empty before.
  var sideAxes: [Vector3] {
    guard sideTurns.count == 2,
      sideTurns.allSatisfy({ $0.reps >= directionRepsNeeded })
    else { return [] }
    return sideTurns.compactMap(\.axes.normalized)
  }

  /// Adds a full rep's signed axis to the way it turns like, or makes it
  /// the set's second way.
  ///
  /// A third way is counted nowhere (it was let through before both ways
  /// were known). A rep that is mostly a turn about the vertical has no
  /// axis to go by.
  private mutating func addSideTurn(_ movement: MeasuredMovement) {
    guard movement.turnsByTilt else { return }
    let axis = movement.axis
    let nearest = sideTurns.indices.max {
      (sideTurns[$0].axes.normalized ?? axis).dot(axis)
        < (sideTurns[$1].axes.normalized ?? axis).dot(axis)
    }
    if let nearest,
      (sideTurns[nearest].axes.normalized ?? axis).dot(axis)
        >= sideTurnAgreement
    {
      sideTurns[nearest].axes = sideTurns[nearest].axes + axis
      sideTurns[nearest].reps += 1
    } else if sideTurns.count < 2 {
      sideTurns.append((axis, 1))
    }
  }

  private mutating func repSide(levelChange: Double?) -> Side {
    guard side == .alternating else { return side }
    // The pelvis hikes toward the working leg: its side rises.
    let repSide: Side
    if let change = levelChange, Swift.abs(change) >= settings.sideLevelChange {
      repSide = change < 0 ? .left : .right
    } else {
      repSide = lastSide?.otherLeg ?? .left
    }
    lastSide = repSide
    return repSide
  }

  /// Closes the set: withdraws the reps far smaller than its whole usual
  /// range, judges the rest again against it, then says it is done.
  ///
  /// As each rep ended, "less than half of the set's usual range" could
  /// only mean the reps before it. A set whose first reps run large (or
  /// small) misjudged the reps that followed; now the whole set is known.
  /// The judgement now is by range alone, as the contract defines a
  /// partial rep; as a rep ends, its tilt and its rise without the foot's
  /// offset may also call it short, because the set's thresholds should
  /// follow only reps that surely went the whole way.
  private mutating func close(start: Double) -> [AnalysisEvent] {
    var events: [AnalysisEvent] = []
    if let withAll = usualRange() {
      events += withdrawReps(under: fidgetShare * withAll)
    }
    // The usual range of the reps the set keeps.
    if let usual = usualRange() {
      for var rep in reps
      where (rep.romDegrees < settings.partialShare * usual) != rep.partial {
        rep.partial.toggle()
        fullReps += rep.partial ? -1 : 1
        // The thresholds follow full reps.
        if !rep.partial {
          keepLast(\.typicalRanges, adding: rep.romDegrees)
        } else if let index = typicalRanges.lastIndex(of: rep.romDegrees) {
          typicalRanges.remove(at: index)
        }
        followTypicalRanges()
        events.append(.repJudgedAgain(rep))
      }
    }
    // A withdrawn rep no longer bounds the set.
    events.append(
      .setCompleted(
        ExerciseSet(
          startSeconds: reps.first?.startSeconds ?? start,
          endSeconds: reps.map(\.endSeconds).max() ?? end, reps: fullReps)))
    state = .noSet
    lastSetAxis = axis
    setsCompleted += 1
    reps = []
    setDurations = []
    tilts = []
    axis = .zero
    sideTurns = []
    firstReps = (.zero, 0, 0)
    lastRepEnd = nil
    fullReps = 0
    repStarts = []
    updateSetBreak()
    lastSide = nil
    return events
  }

  /// Withdraws the set's reps under `smallest` degrees.
  ///
  /// They are "much smaller than the set's reps", by the fidget rule's
  /// own share (``RepRule/biggerThanAFidget``), here of the whole set's
  /// usual range: a twitch before a set's first rep, a shift between
  /// reps judged before the set's range was known, the other leg's reps
  /// seen from a thigh. Later reps of the session move up one place each.
  /// Only the session's typical ranges forget a withdrawn full rep; its
  /// duration and pause stay among the session's (a twitch is quick, and
  /// the tempo rule takes the median).
  private mutating func withdrawReps(under smallest: Double)
    -> [AnalysisEvent]
  {
    var events: [AnalysisEvent] = []
    var kept: [Rep] = []
    for var rep in reps {
      // Its place now: those withdrawn before it have left.
      rep.index = rep.index.map { $0 - events.count }
      guard rep.romDegrees < smallest else {
        kept.append(rep)
        continue
      }
      if !rep.partial {
        fullReps -= 1
        if let index = typicalRanges.lastIndex(of: rep.romDegrees) {
          typicalRanges.remove(at: index)
        }
        followTypicalRanges()
      }
      events.append(.repWithdrawn(rep, reason: .tooSmall))
    }
    repsCompleted -= events.count
    reps = kept
    return events
  }

  // MARK: The set's own range and rhythm

  private mutating func followTypicalRanges() {
    // Emptied by a rep judged partial again: the last thresholds stand.
    guard let typical = upperMedian(typicalRanges) else { return }
    thresholds = movementSettings.thresholds(typicalRange: typical)
  }

  private mutating func updateSetBreak() {
    guard repStarts.count >= settings.setBreakRepsNeeded else {
      setBreak = settings.minimumSetBreak
      return
    }
    let cycles = zip(repStarts.dropFirst(), repStarts).map { $0 - $1 }
    // A rest is long against the rep cycle or against the pauses between
    // reps, whichever says so first: slow reps with long holds make a
    // cycle long even where the person barely pauses between them.
    guard let cycle = upperMedian(cycles) else { return }
    var longest = settings.setBreakCycleFactor * cycle
    if let pause = upperMedian(repPauses) {
      // Never under a rep and a bit: reps that run into each other have
      // next to no pause, and a breather between them is not a new set.
      longest = Swift.min(
        longest,
        Swift.max(
          settings.setBreakPauseFactor * pause,
          settings.setBreakMinimumCycles * cycle))
    }
    setBreak = Swift.max(settings.minimumSetBreak, longest)
  }

  /// Appends `value`, keeping the last ``SessionAnalyzer/SetSettings/typicalRepsKept``.
  private mutating func keepLast(
    _ values: WritableKeyPath<Self, [Double]>, adding value: Double
  ) {
    self[keyPath: values].append(value, keepingLast: settings.typicalRepsKept)
  }

  /// The set's usual range, degrees: from a thigh its own leg's, from the
  /// pelvis the upper median of all its reps.
  private func usualRange() -> Double? {
    let ranges = reps.map(\.romDegrees)
    return seesOneLeg ? usualOwnLegRange(ranges) : upperMedian(ranges)
  }

  /// A thigh's usual range in a set, degrees, for judging its reps when
  /// the set closes: its own leg's.
  ///
  /// The median of the movements alike the set's largest: at least
  /// ``SessionAnalyzer/SetSettings/partialShare`` of the second largest,
  /// so that one oversized movement cannot set it. The other leg's
  /// bird-dog reps and the shifts before the first move a thigh a little,
  /// and they can outnumber its own reps. (From the pelvis every leg's
  /// reps are reps, and an alternating set's two sides may differ
  /// twofold: there it is the median of all.)
  private func usualOwnLegRange(_ ranges: [Double]) -> Double? {
    guard !ranges.isEmpty else { return nil }
    let sorted = ranges.sorted()
    let reference = sorted[Swift.max(0, sorted.count - 2)]
    return upperMedian(
      sorted.filter { $0 >= settings.partialShare * reference })
  }
}

extension AnalysisEvent {
  /// A movement not counted, with why.
  static func ignored(
    _ reason: IgnoredMovement.Reason, start: Double, end: Double, size: Double
  ) -> AnalysisEvent {
    .movementIgnored(
      IgnoredMovement(
        startSeconds: start, endSeconds: end, sizeDegrees: size,
        reason: reason))
  }

  static func ignored(
    _ reason: IgnoredMovement.Reason, _ movement: MeasuredMovement
  ) -> AnalysisEvent {
    ignored(
      reason, start: movement.startTime, end: movement.endTime,
      size: movement.range)
  }
}
