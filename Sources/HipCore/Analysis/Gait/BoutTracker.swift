/// Turns decided contacts into steps and walking bouts: only contacts in a
/// walking rhythm are steps.
///
/// A bout starts with ``GaitSettings/stepsToStartBout`` contacts in a
/// rhythm (step times within ``GaitSettings/startingStepTimes`` and
/// ``GaitSettings/startingRhythmSpread`` of each other), so standing,
/// shifting weight and turning on the spot, whose jolts have no rhythm,
/// start none. It goes on while contacts keep coming within
/// ``GaitSettings/continuingStepFactor`` typical step times; after a
/// longer break a new rhythm must start, and joins the bout when the
/// pause was at most ``GaitSettings/longestPause``. A step is emitted one
/// contact late: a walk that stops ends with the feet coming together,
/// which is not a step.
struct BoutTracker: Sendable {
  /// How a contact's side is told.
  enum SideRule: Sendable, Equatable {
    /// From the medio-lateral acceleration (a sensor on the pelvis).
    case lateralAcceleration
    /// From a thigh or hip that jolts harder when its own leg lands: of
    /// each pair of contacts, the harder one is `side`'s.
    case harderContactIs(Side)
  }

  private struct BoutStep: Sendable {
    var contact: Contact
    /// Whether it follows a pause or a contact not seen, or begins the
    /// bout.
    ///
    /// Then it has no step time and no stance before it, and the sides'
    /// alternation starts again. Decided once, as it joins the bout.
    var afterBreak = true
    /// Whether the sides' alternation starts again here without a break:
    /// a step time far under the typical one came before it
    /// (``GaitSettings/extraContactStepShare``).
    var restartsSides = false
    /// Told as the step is said (``BoutTracker/emitAllButLast()``).
    var side: Side = .left
    /// How far the level fell, and rose, from this contact to the next,
    /// degrees: the drop standing on the left foot and on the right;
    /// `nil` until the next contact is known, across a pause, or unseen.
    var fall: Double?
    var rise: Double?

    /// The drop while standing on this step's foot.
    var drop: Double? { side == .left ? fall : rise }
  }

  private let settings: GaitSettings
  private let sideRule: SideRule
  private var bout: [BoutStep] = []
  private var emitted = 0
  private var candidates: [Contact] = []
  /// Faint contacts since the bout's last step: one may be a step the
  /// rhythm missed.
  private var faint: [Contact] = []
  private var level: LevelMemory?
  /// When, since the last contact added to the bout, the walk was first
  /// seen to end otherwise than by stopping: a contact refused because the
  /// trunk sat down or bent, or the samples stopping (a gap, the
  /// recording's end).
  private var endedOtherwise: Double?
  /// The last drop measured standing on each foot, degrees.
  private(set) var lastDrop: (left: Double?, right: Double?) = (nil, nil)

  init(settings: GaitSettings, sideRule: SideRule, measuresLevel: Bool) {
    self.settings = settings
    self.sideRule = sideRule
    level = measuresLevel ? LevelMemory(seconds: settings.levelMemory) : nil
  }

  /// Steps a minute in the bout under way, from its step times so far;
  /// `nil` outside one.
  ///
  /// O(1): the live view asks after every sample.
  var cadenceSoFar: Double? {
    guard stepTimeTotal.count > 0, stepTimeTotal.seconds > 0 else {
      return nil
    }
    return 60 * Double(stepTimeTotal.count) / stepTimeTotal.seconds
  }

  /// The pelvis's `level_deg` at `time`, for the drop while standing.
  mutating func noteLevel(time: Double, degrees: Double) {
    level?.add(time: time, degrees: degrees)
  }

  /// Adds a decided contact; returns the events it completes.
  mutating func add(_ contact: Contact) -> [AnalysisEvent] {
    var events = closeIfPaused(at: contact.time)
    guard contact.trunkSteady else {
      noteEndedOtherwise(at: contact.time)
      return events
    }
    guard !contact.faint else {
      if !bout.isEmpty { faint.append(contact) }
      return events
    }
    if let last = bout.last, candidates.isEmpty,
      contact.time - last.contact.time
        <= settings.continuingStepFactor * typicalStepTime
    {
      append(missedStep(before: contact).map { [$0, contact] } ?? [contact])
      events += emitAllButLast()
      return events
    }
    faint = []
    candidates.append(contact, keepingLast: settings.stepsToStartBout)
    guard candidates.count == settings.stepsToStartBout,
      inRhythm(candidates)
    else { return events }
    let rhythm = candidates
    candidates = []
    if let last = bout.last,
      rhythm[0].time - last.contact.time > settings.longestPause
    {
      events += close()
    }
    append(rhythm)
    events += emitAllButLast()
    return events
  }

  /// Time has moved on to `time` with no contact: a bout whose last
  /// contact is a pause ago ends.
  mutating func closeIfPaused(at time: Double) -> [AnalysisEvent] {
    guard let last = bout.last,
      time - last.contact.time > settings.longestPause
    else { return [] }
    // A rhythm that began within the pause, and may still be confirmed,
    // would carry the bout on.
    let rhythmTime =
      settings.startingStepTimes.upperBound
      * Double(settings.stepsToStartBout - 1)
    if let resuming = candidates.first(where: {
      $0.time - last.contact.time <= settings.longestPause
    }), time - resuming.time <= rhythmTime {
      return []
    }
    return close()
  }

  /// The recording ended at `time`: a walk whose next contact was due
  /// before then had stopped; one cut by the end had not.
  mutating func finish(at time: Double) -> [AnalysisEvent] {
    noteCut(at: time)
    return close()
  }

  /// Samples stopped coming at `time` (a gap, or the recording's end): a
  /// walk whose next contact was not yet due then was cut, not stopped.
  mutating func noteCut(at time: Double) { noteEndedOtherwise(at: time) }

  private mutating func noteEndedOtherwise(at time: Double) {
    if !bout.isEmpty, endedOtherwise == nil { endedOtherwise = time }
  }

  /// The median of the bout's recent step times (pauses and missed
  /// contacts left out), s.
  private var typicalStepTime: Double {
    median(recentStepTimes) ?? settings.startingStepTimes.upperBound
  }
  /// The bout's last step times, at most ``recentStepTimesKept``: the
  /// typical one follows the walk's pace, and costs the same in an hour's
  /// bout as in a short one.
  private var recentStepTimes: [Double] = []
  private let recentStepTimesKept = 16
  /// The bout's step times added up, and how many: its cadence so far.
  private var stepTimeTotal = (seconds: 0.0, count: 0)

  /// The faint contact in the middle of a step time long enough to have
  /// missed one before `contact`, if there is one.
  private mutating func missedStep(before contact: Contact) -> Contact? {
    defer { faint = [] }
    guard let last = bout.last else { return nil }
    let typical = typicalStepTime
    let stepTime = contact.time - last.contact.time
    guard stepTime >= settings.missedStepFactor * typical else { return nil }
    let middle = last.contact.time + stepTime / 2
    return faint.filter {
      Swift.abs($0.time - middle) <= settings.missedStepSpread * typical
    }.max { $0.rise < $1.rise }
  }

  private func inRhythm(_ contacts: [Contact]) -> Bool {
    let times = zip(contacts, contacts.dropFirst()).map {
      $1.time - $0.time
    }
    guard let shortest = times.min(), let longest = times.max() else {
      return false
    }
    return times.allSatisfy { settings.startingStepTimes.contains($0) }
      && longest <= settings.startingRhythmSpread * shortest
  }

  /// Adds contacts to the bout, measuring the stance each of them ends.
  private mutating func append(_ contacts: [Contact]) {
    endedOtherwise = nil
    for contact in contacts {
      var step = BoutStep(contact: contact)
      if let last = bout.last {
        let stepTime = contact.time - last.contact.time
        // Long enough to have missed a contact (or a pause): the sides
        // need not alternate across it, it is not a stance, and the
        // typical step time leaves it out.
        step.afterBreak =
          stepTime > settings.missedStepFactor * typicalStepTime
        // Only from a pelvis, whose signs can restart it; not for a step
        // the rhythm missed, put back in its gap (it may lie nearer one
        // side); and not within two steps of a break, where the typical
        // step time is still the longest a step may take (the simulated
        // walks' first steps restarted it: sides 100% → 98.7%).
        step.restartsSides =
          sideRule == .lateralAcceleration && contacts.count == 1
          && !bout.suffix(2).contains { $0.afterBreak }
          && stepTime < settings.extraContactStepShare * typicalStepTime
        if !step.afterBreak {
          let change = level?.change(
            from: last.contact.time, to: contact.time)
          bout[bout.count - 1].fall = change?.fall
          bout[bout.count - 1].rise = change?.rise
          recentStepTimes.append(stepTime, keepingLast: recentStepTimesKept)
        }
        // Every step time of the bout counts toward its cadence, pauses
        // included, as `analysis-output.md` defines it.
        stepTimeTotal.seconds += stepTime
        stepTimeTotal.count += 1
      }
      bout.append(step)
    }
  }

  /// How much a contact says it is the left foot's (negative: the
  /// right's), by each sign the sensor gives: the medio-lateral
  /// acceleration (Ben Mansour et al.) and, with a gyroscope, the pelvis's
  /// turn (McCamley et al.); from a thigh, how hard it lands.
  private func leftness(_ contact: Contact) -> (lateral: Double, yaw: Double?) {
    switch sideRule {
    case .lateralAcceleration:
      (contact.lateralRise, contact.yawRate.map { -$0 })
    case .harderContactIs(let side):
      (side == .left ? contact.rise : -contact.rise, nil)
    }
  }

  /// The side of the step at `index`.
  ///
  /// The other foot from the step before, or, where the alternation starts
  /// (the bout's first step, after a step time that may have missed a
  /// contact, or after one so short that a contact between was not a
  /// step), the foot that the alternating contacts known from here say
  /// together. A single contact can mislead (a rolling pelvis, a leg that
  /// lands as hard as the other); the difference between alternate ones
  /// rarely does. A run of contacts that say, by both signs, the other
  /// foot than the alternation, none its own, turns it over
  /// (``GaitSettings/sidesAgainstTurnOver``). A restart with no contact
  /// known after it (the bout's last) alternates: one contact alone is no
  /// vote.
  private func side(at index: Int) -> Side {
    if index > 0,
      !startsAlternation(at: index)
        || !isBreak(at: index) && index == bout.count - 1
    {
      let alternate = bout[index - 1].side.otherLeg
      return contactsSayOtherwise(than: alternate, at: index)
        ? alternate.otherLeg : alternate
    }
    // Each sign's alternating sum, over the sum of its sizes: how much of
    // it agrees with the first step being the left foot's (-1 to 1).
    var lateral = (vote: 0.0, size: 0.0)
    var yaw = (vote: 0.0, size: 0.0)
    var sign = 1.0
    var next = index
    while next < bout.count, next == index || !startsAlternation(at: next) {
      let says = leftness(bout[next].contact)
      lateral.vote += sign * says.lateral
      lateral.size += Swift.abs(says.lateral)
      if let turn = says.yaw {
        yaw.vote += sign * turn
        yaw.size += Swift.abs(turn)
      }
      sign = -sign
      next += 1
    }
    let agreement =
      (lateral.size > 0 ? lateral.vote / lateral.size : 0)
      + (yaw.size > 0 ? yaw.vote / yaw.size : 0)
    return agreement >= 0 ? .left : .right
  }

  private func isBreak(at index: Int) -> Bool {
    index == 0 || bout[index].afterBreak
  }

  /// Whether the sides' alternation starts at `index`: after a break, or
  /// after a step time so short that a contact between was no step.
  private func startsAlternation(at index: Int) -> Bool {
    isBreak(at: index) || bout[index].restartsSides
  }

  /// Whether a run of contacts says the other foot than the alternation.
  ///
  /// The last ``GaitSettings/sidesAgainstTurnOver`` contacts up to the one
  /// after `index` (all known, in one alternation), of the alternation
  /// that gives `index` `side`: none says its foot by both signs, and all
  /// but one say the other. Needs the pelvis's turn: the lateral sign alone
  /// misleads where the pelvis rolls (a Trendelenburg gait).
  private func contactsSayOtherwise(than side: Side, at index: Int) -> Bool {
    let run = settings.sidesAgainstTurnOver
    let last = index + 1
    let first = last - run + 1
    guard first >= 0, last < bout.count,
      !(first + 1...last).contains(where: startsAlternation(at:))
    else { return false }
    var against = 0
    for k in first...last {
      let says = leftness(bout[k].contact)
      // Both signs, and both saying the same foot.
      guard let yaw = says.yaw, says.lateral * yaw > 0 else { continue }
      // The alternation gives contact k `side` when k is an even number
      // of steps from `index`.
      let leftByAlternation = ((k - index) % 2 == 0) == (side == .left)
      if (says.lateral > 0) == leftByAlternation { return false }
      against += 1
    }
    return against >= run - 1
  }

  private mutating func emitAllButLast() -> [AnalysisEvent] {
    var events: [AnalysisEvent] = []
    while emitted < bout.count - 1 {
      events.append(emit(emitted))
    }
    return events
  }

  /// Tells the side of the step at `index` (the next to say) and says it.
  private mutating func emit(_ index: Int) -> AnalysisEvent {
    bout[index].side = side(at: index)
    emitted = index + 1
    if let drop = bout[index].drop {
      if bout[index].side == .left {
        lastDrop.left = drop
      } else {
        lastDrop.right = drop
      }
    }
    return .stepCounted(step(bout[index]))
  }

  private func step(_ boutStep: BoutStep) -> Step {
    Step(time: boutStep.contact.time, side: boutStep.side)
  }

  /// Ends the bout and says it.
  ///
  /// A walk that stopped ends with the feet coming together: its last
  /// contact is not a step. The reference systems agree
  /// (`../shared/real/walking`: every bout that ends standing has one
  /// contact more than the reference, as hard as a step or half as hard).
  /// A walk that ended sitting down or bending (a contact refused for the
  /// trunk's lean within ``GaitSettings/continuingStepFactor`` typical
  /// step times of its last) ended on a step: the feet came together
  /// there as the trunk moved, and that contact was refused. One whose
  /// samples stopped (a gap, the recording's end) before its next contact
  /// was due was cut, not stopped.
  private mutating func close() -> [AnalysisEvent] {
    defer {
      bout = []
      emitted = 0
      faint = []
      recentStepTimes = []
      stepTimeTotal = (0, 0)
      endedOtherwise = nil
    }
    guard let last = bout.last else { return [] }
    let endedOnAStep =
      endedOtherwise.map {
        $0 - last.contact.time
          <= settings.continuingStepFactor * typicalStepTime
      } ?? false
    let closing =
      !endedOnAStep
      && bout.count - 1 >= settings.stepsToStartBout
    var events: [AnalysisEvent] = []
    if closing {
      bout.removeLast()
    } else {
      events.append(emit(bout.count - 1))
    }
    let steps = bout
    // The last step's stance is not over within the bout, unless the feet
    // came together: then it ended there.
    let drops: [Double?]? =
      level == nil
      ? nil : closing ? steps.map(\.drop) : steps.dropLast().map(\.drop) + [nil]
    events.append(
      .walkingBoutCompleted(
        WalkingBout(steps: steps.map(step), drops: drops)))
    return events
  }
}

/// The pelvis's `level_deg` over the last few seconds.
struct LevelMemory: Sendable {
  private var recent: [(time: Double, degrees: Double)] = []
  private let seconds: Double

  init(seconds: Double) {
    self.seconds = seconds
  }

  mutating func add(time: Double, degrees: Double) {
    recent.append((time, degrees))
    if let first = recent.first, time - first.time > 2 * seconds {
      recent.removeFirst(recent.firstIndex { time - $0.time <= seconds } ?? 0)
    }
  }

  /// From `start` to `end`: how far `level_deg` fell below, and rose
  /// above, its value at `start`, degrees; `nil` when the level there is
  /// not known.
  ///
  /// Standing on the left foot the right side drops, and `level_deg`
  /// falls; standing on the right it rises.
  func change(from start: Double, to end: Double) -> (
    fall: Double, rise: Double
  )? {
    let window = recent.filter { $0.time >= start && $0.time <= end }
    guard let atContact = window.first?.degrees else { return nil }
    let levels = window.map(\.degrees)
    return (
      atContact - (levels.min() ?? atContact),
      (levels.max() ?? atContact) - atContact
    )
  }
}
