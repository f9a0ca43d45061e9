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
/// contact late, so that a bout's last contact can still be judged the
/// feet coming together (``GaitSettings/closingStepShare``).
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
    var side: Side
    /// The pelvis's drop while standing on this foot until the next
    /// contact; `nil` until that contact is known, or unseen.
    var drop: Double?
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
  /// The last drop measured standing on each foot, degrees.
  private(set) var lastDrop: (left: Double?, right: Double?) = (nil, nil)

  init(settings: GaitSettings, sideRule: SideRule, measuresLevel: Bool) {
    self.settings = settings
    self.sideRule = sideRule
    level = measuresLevel ? LevelMemory(seconds: settings.levelMemory) : nil
  }

  /// Steps counted so far in the bout under way, and its step times.
  var currentBout: (steps: Int, cadence: Double)? {
    guard bout.count >= 2 else { return nil }
    let times = zip(bout, bout.dropFirst()).map {
      $1.contact.time - $0.contact.time
    }
    return (emitted, 60 * Double(times.count) / times.reduce(0, +))
  }

  /// The pelvis's `level_deg` at `time`, for the drop while standing.
  mutating func noteLevel(time: Double, degrees: Double) {
    level?.add(time: time, degrees: degrees)
  }

  /// Adds a decided contact; returns the events it completes.
  mutating func add(_ contact: Contact) -> [AnalysisEvent] {
    var events = closeIfPaused(at: contact.time)
    guard contact.trunkSteady else { return events }
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
    candidates.append(contact)
    if candidates.count > settings.stepsToStartBout {
      candidates.removeFirst()
    }
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

  /// The recording ended.
  mutating func finish() -> [AnalysisEvent] { close() }

  private var typicalStepTime: Double {
    let times = zip(bout, bout.dropFirst()).map {
      $1.contact.time - $0.contact.time
    }
    return median(times) ?? settings.startingStepTimes.upperBound
  }

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

  /// Adds contacts to the bout, telling their sides and measuring the
  /// stance each of them ends.
  private mutating func append(_ contacts: [Contact]) {
    let typical = bout.count >= 2 ? typicalStepTime : nil
    for contact in contacts {
      let side: Side
      switch sideRule {
      case .lateralAcceleration:
        side = contact.lateralRise > 0 ? .left : .right
      case .harderContactIs:
        side = .left  // told below, once the pair is known
      }
      if let last = bout.last {
        let stepTime = contact.time - last.contact.time
        // A stance is one step long; across a pause it is not a stance.
        let isStance =
          stepTime <= settings.continuingStepFactor
          * (typical ?? settings.startingStepTimes.upperBound)
        let drop =
          isStance
          ? level?.drop(
            standingOn: last.side, from: last.contact.time, to: contact.time)
          : nil
        bout[bout.count - 1].drop = drop
        if let drop {
          if last.side == .left {
            lastDrop.left = drop
          } else {
            lastDrop.right = drop
          }
        }
      }
      bout.append(BoutStep(contact: contact, side: side, drop: nil))
    }
    if case .harderContactIs(let harderSide) = sideRule {
      tellSidesByImpact(harderSide: harderSide)
    }
  }

  /// Sides alternate: once steps are said, on from them; before, the
  /// harder-landing half of the bout's contacts is `harderSide`.
  private mutating func tellSidesByImpact(harderSide: Side) {
    let first = Swift.max(emitted, 0)
    guard first < bout.count else { return }
    let other: Side = harderSide == .left ? .right : .left
    if first > 0 {
      // Carries on alternating from the steps already said.
      for index in first..<bout.count {
        bout[index].side = bout[index - 1].side == .left ? .right : .left
      }
      return
    }
    var even = 0.0
    var odd = 0.0
    for index in bout.indices {
      if index % 2 == 0 {
        even += bout[index].contact.rise
      } else {
        odd += bout[index].contact.rise
      }
    }
    for index in bout.indices {
      let isHarder = (index % 2 == 0) == (even >= odd)
      bout[index].side = isHarder ? harderSide : other
    }
  }

  private mutating func emitAllButLast() -> [AnalysisEvent] {
    var events: [AnalysisEvent] = []
    while emitted < bout.count - 1 {
      events.append(.stepCounted(step(bout[emitted])))
      emitted += 1
    }
    return events
  }

  private func step(_ boutStep: BoutStep) -> Step {
    Step(time: boutStep.contact.time, side: boutStep.side)
  }

  /// Ends the bout: its last contact is a step unless it is the feet
  /// coming together, and the bout is said.
  private mutating func close() -> [AnalysisEvent] {
    defer {
      bout = []
      emitted = 0
      faint = []
    }
    guard let last = bout.last else { return [] }
    let rises = bout.map(\.contact.rise)
    let closing =
      last.contact.rise < settings.closingStepShare * (median(rises) ?? 0)
      && bout.count - 1 >= settings.stepsToStartBout
    var events: [AnalysisEvent] = []
    var steps = bout
    if closing {
      steps.removeLast()
    } else {
      events.append(.stepCounted(step(last)))
    }
    // The last step's stance is not over within the bout.
    steps[steps.count - 1].drop = nil
    let drops: [Double?]? = level == nil ? nil : steps.map(\.drop)
    events.append(
      .walkingBoutCompleted(
        WalkingBout(steps: steps.map(step), drops: drops)))
    return events
  }
}

/// The median of `values`; `nil` when empty.
func median(_ values: [Double]) -> Double? {
  guard !values.isEmpty else { return nil }
  let sorted = values.sorted()
  let middle = sorted.count / 2
  return sorted.count % 2 == 1
    ? sorted[middle] : 0.5 * (sorted[middle - 1] + sorted[middle])
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

  /// Standing on `side` from `start` to `end`: how far the other side
  /// dropped below its level at `start`, degrees.
  ///
  /// `level_deg` falls when the right side drops. `nil` when the level
  /// there is not known.
  func drop(standingOn side: Side, from start: Double, to end: Double)
    -> Double?
  {
    let window = recent.filter { $0.time >= start && $0.time <= end }
    guard let atContact = window.first?.degrees else { return nil }
    switch side {
    case .left:
      return atContact - (window.map(\.degrees).min() ?? atContact)
    case .right:
      return (window.map(\.degrees).max() ?? atContact) - atContact
    default:
      return nil
    }
  }
}
