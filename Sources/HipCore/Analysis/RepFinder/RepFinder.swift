/// One attitude estimate at the rep finder's rate.
struct AttitudePoint: Sendable {
  var time: Double
  var up: Vector3
  var attitude: Quaternion?
  var speed: Double
  var accelerationMagnitude: Double
  /// The accelerometer's own half-second average (see
  /// ``AttitudeFilter/Estimate/measuredGravity``).
  var measuredGravity: Vector3
  /// See ``AttitudeFilter/Estimate/unsettledSine``.
  var unsettledSine: Double
}

/// Finds reps in attitude points: the body leaves its rest, comes back,
/// and the movement is measured, put to the rules and counted into a set.
///
/// Its parts, each with explicit states: where the body rests
/// (``RestTracker``), the movement under way (``Phase``), measuring it
/// (``MeasuredMovement``), the rules (``RepRule``) and sets
/// (``SetTracker``). `docs/rep-finder.md` draws the states.
struct RepFinder: Sendable {
  /// Where the body is, relative to its rest.
  enum Phase: Sendable {
    /// The session's first point is yet to come.
    case starting
    /// At rest: within the onset threshold of it.
    case resting
    /// Away from rest, collecting the movement.
    case moving
    /// Back near rest, collecting the fall's foot before judging; the body
    /// has to settle (slow down) there for it to count as back.
    case finishing(Finishing)

    var isMoving: Bool {
      switch self {
      case .moving, .finishing: true
      case .starting, .resting: false
      }
    }
  }

  /// What the finishing phase knows of the way back.
  struct Finishing: Sendable {
    /// When the body came back within reach of rest, s.
    var since: Double
    /// The movement's furthest excursion and its foot's, degrees.
    var peak: Double
    var base: Double
    /// The nearest to rest it has come while slow, degrees.
    var closest = Double.infinity
    /// Whether it came here by settling still short of the rest it left:
    /// the rest has shifted, and the quiet position is the new one.
    var settledShort = false
    /// The lowest excursion since it came back, and its index in the
    /// movement's points: where the next rep starts if the body rises
    /// again without settling (reps back to back).
    var valley: Valley?
  }

  /// A low point of a movement: its excursion from rest, degrees, and its
  /// index in the movement's points.
  struct Valley: Sendable {
    var excursion: Double
    var index: Int
  }

  /// A still position away from rest during a movement: maybe a new
  /// rest, maybe a hold.
  struct HeldPosition: Sendable {
    enum State: Sendable {
      /// The body is still there.
      case holding
      /// The body left it at index `at` of the movement's points, and has
      /// been at most `peak` degrees from it since.
      case left(at: Int, peak: Double)
    }
    var anchor: Anchor
    var arrival: Double
    var state = State.holding
    /// How long the body has been back nearer the rest than half the way
    /// to this position since it was left, s, and when it last was.
    var backFor = 0.0
    var lastBack: Double?
    /// Cosine of half the angle from the rest to this position, once it
    /// is left (a dot product per point instead of two angles).
    var halfwayCosine: Double?
    /// Whether an earlier movement from the rest turned back here, once it
    /// is left (``SessionAnalyzer/MovementSettings/sameTopShare``).
    var atEarlierTop: Bool?
  }

  /// The movement under way.
  struct Movement: Sendable {
    /// Its points, from a look-back before the onset.
    var points: [AttitudePoint] = []
    /// Where in `points` it crossed the onset threshold; what comes before
    /// is look-back, where the peak cannot be.
    var onsetIndex = 0
    /// Its furthest excursion from rest so far, degrees.
    var peak = 0.0
    /// Still positions away from rest during it, oldest first.
    var held: [HeldPosition] = []
    var holdAnnounced = false
    /// Whether samples stopped for a while during it.
    var crossedGap = false
    /// The lowest excursion since the furthest one: where the next rep
    /// starts if the body rises again past the onset before it got home.
    var fallValley: Valley?

    /// When it crossed the onset threshold (`nil` before it has points).
    var onsetTime: Double? {
      points.indices.contains(onsetIndex) ? points[onsetIndex].time : nil
    }

    /// A new movement, whose onset is the last of `lookBack`.
    mutating func restart(lookingBackTo lookBack: [AttitudePoint]) {
      points.removeAll(keepingCapacity: true)
      points.append(contentsOf: lookBack)
      onsetIndex = points.count - 1
      peak = 0
      held = []
      holdAnnounced = false
      crossedGap = false
      fallValley = nil
    }
  }

  private let configuration: SessionAnalyzer.Configuration
  /// The configuration's settings, kept at hand: read for every point.
  private let settings: SessionAnalyzer.Settings

  private(set) var phase = Phase.starting
  private var rest = RestTracker()
  private var movement = Movement()
  private var stillness = StillnessTracker()
  private var mounting = MountingLearner()
  private var sets: SetTracker
  private var catalogueMemory = RepRule.CatalogueMemory()
  /// Movements refused for the posture of their rest, alike and in a
  /// rhythm so far: held back, as a set's first rep is, until a third like
  /// them shows that they are reps (the catalogue's posture overruled,
  /// ``RepRule/fromThePosture``) or none comes.
  private var outOfPostureRun: [(movement: MeasuredMovement, rest: Anchor)] = []
  /// The last points, for a movement's look-back.
  private var history: RingBuffer<AttitudePoint>
  /// How many points behind the newest the rest follows the body.
  private let restFollowDelay: Int
  /// ``SessionAnalyzer/RestSettings/settledDisagreement`` as a sine.
  private let settledSine: Double
  /// Whether a gap long enough to end a movement has been seen: the
  /// recording is segments cut out and joined.
  private var cutAndJoined = false

  /// Creates a finder for points arriving at `pointRate` per second (Hz);
  /// its settings are valid (``SessionAnalyzer/Settings/validate()``).
  init(configuration: SessionAnalyzer.Configuration, pointRate: Double) {
    self.configuration = configuration
    let settings = Self.settings(configuration.settings, at: pointRate)
    self.settings = settings
    history = RingBuffer(
      capacity: Int(settings.movement.lookBack * pointRate) + 1)
    restFollowDelay = Int((settings.rest.followDelay * pointRate).rounded())
    settledSine = Double.sin(
      settings.rest.settledDisagreement / Units.degreesPerRadian)
    sets = SetTracker(
      settings: settings, side: configuration.side,
      seesOneLeg: !configuration.placement.isOnPelvis)
  }

  /// `settings` whose shares and counts per point, given at
  /// ``SessionAnalyzer/Settings/analysisRate``, are turned into the same
  /// per second at `pointRate`: a sensor sampling slower than that gives
  /// fewer points, and the rest and the still position must follow the
  /// body as fast in time. (``SessionAnalyzer/MovementSettings/heldSmoothing``
  /// stays per point: turned, it cost a file of the MEx recordings at
  /// 50 Hz and gained none; `docs/rep-finder.md`.)
  static func settings(
    _ settings: SessionAnalyzer.Settings, at pointRate: Double
  ) -> SessionAnalyzer.Settings {
    let pointsPerAnalysisPoint = settings.analysisRate / pointRate
    guard pointsPerAnalysisPoint != 1 else { return settings }
    func perPoint(_ share: Double) -> Double {
      1 - Double.pow(1 - share, pointsPerAnalysisPoint)
    }
    var atRate = settings
    atRate.stillness.positionSmoothing = perPoint(
      settings.stillness.positionSmoothing)
    atRate.rest.followShare = perPoint(settings.rest.followShare)
    atRate.mounting.restingPointsPerPosture = Swift.max(
      1,
      Int(
        (Double(settings.mounting.restingPointsPerPosture)
          / pointsPerAnalysisPoint).rounded()))
    return atRate
  }

  private var thresholds: Thresholds { sets.thresholds }

  /// Notes a gap in the samples, `seconds` long.
  ///
  /// The body kept moving while none came. One that could hide a whole
  /// rep (at least ``SessionAnalyzer/RuleSettings/minimumRepDuration``)
  /// ends the movement in progress, which is judged on what was seen
  /// (reps cut out and joined, `../shared/real/squat-segments`); the next
  /// starts with the samples after it, with no look-back across it. A
  /// shorter one is bridged.
  mutating func noteGap(seconds: Double) -> [AnalysisEvent] {
    stillness.interrupt()
    guard seconds >= settings.rules.minimumRepDuration else {
      if case .moving = phase { movement.crossedGap = true }
      return []
    }
    history = RingBuffer(capacity: history.capacity)
    cutAndJoined = true
    guard phase.isMoving, let anchor = rest.anchor else { return [] }
    let events = judge(relativeTo: anchor)
    endMovement()
    return events
  }

  // MARK: Processing

  mutating func process(_ estimate: AttitudeFilter.Estimate) -> [AnalysisEvent]
  {
    let point = AttitudePoint(
      time: estimate.time, up: estimate.up, attitude: estimate.attitude,
      speed: estimate.angularSpeed,
      accelerationMagnitude: estimate.accelerationMagnitude,
      measuredGravity: estimate.measuredGravity,
      unsettledSine: estimate.unsettledSine)
    if let stretch = stillness.update(
      point, settings: settings.stillness,
      typicalRange: thresholds.typicalRange),
      !phase.isMoving
    {
      mounting.note(
        stretch.up, duration: stretch.duration, settings: settings.mounting)
    }
    _ = history.push(point)
    var events: [AnalysisEvent] = []
    if !phase.isMoving {
      events = sets.closeIfRested(at: point.time)
      events += sets.expireFirstRep(at: point.time)
      if let last = outOfPostureRun.last,
        point.time - last.movement.startTime
          >= settings.rules.priorRhythmWindow
      {
        events += releaseOutOfPostureRun()
      }
    }

    let stepped: [AnalysisEvent]
    switch phase {
    case .starting:
      rest.move(to: Anchor(point), because: .sessionStarted)
      phase = .resting
      stepped = []
    case .resting:
      stepped = stepResting(point)
    case .moving:
      movement.points.append(point)
      stepped = stepMoving(point)
    case .finishing(let finishing):
      movement.points.append(point)
      stepped = stepFinishing(point, finishing)
    }
    // Nearly always both empty: no new array per point.
    return events.isEmpty ? stepped : events + stepped
  }

  private mutating func stepResting(_ point: AttitudePoint) -> [AnalysisEvent] {
    guard let anchor = rest.anchor else { return [] }
    let e = anchor.excursion(point)
    if e > thresholds.onset {
      startMovement()
      return [.movementStarted(time: point.time)]
    }
    if e < thresholds.return {
      let quiet = stillness.since != nil
      rest.follow(
        point,
        // Only a quiet body is followed: no look back otherwise.
        delayedQuiet: quiet ? history.element(stepsBack: restFollowDelay) : nil,
        settings: settings.rest)
      if let since = stillness.since, mounting.correction == nil,
        stillness.points % settings.mounting.restingPointsPerPosture == 0
      {
        mounting.note(
          anchor.up, duration: point.time - since, settings: settings.mounting)
      }
    } else {
      rest.leftReturnBand()
    }
    rest.settle(
      on: point, thresholds: thresholds, within: sets.settleLimit,
      settings: settings.rest)
    return []
  }

  private mutating func startMovement() {
    phase = .moving
    rest.bodyLeft()
    movement.restart(lookingBackTo: history.elements)
  }

  /// The movement is over (or given up): back to rest, its points let go.
  private mutating func endMovement() {
    phase = .resting
    movement.points.removeAll(keepingCapacity: true)
    movement.held = []
  }

  private mutating func stepMoving(_ point: AttitudePoint) -> [AnalysisEvent] {
    guard let anchor = rest.anchor else { return [] }
    var events: [AnalysisEvent] = []
    let e = anchor.excursion(point)
    if e >= movement.peak {
      movement.peak = e
      movement.fallValley = nil
    } else if movement.fallValley.map({ e < $0.excursion }) ?? true {
      movement.fallValley = Valley(
        excursion: e, index: movement.points.count - 1)
    }
    if let low = movement.fallValley, low.excursion < thresholds.onset,
      e > low.excursion + thresholds.onset,
      movement.peak
        <= settings.movement.valleySplitLargest
        * (thresholds.typicalRange ?? .infinity),
      endsRep(valley: low.excursion, peak: movement.peak),
      risesAgain(from: anchor, to: point)
    {
      // Back below the onset and out again past it the same way: the
      // next rep, started before this one got home (reps back to back,
      // never within the return band between them).
      return splitAtValley(low.index, relativeTo: anchor)
    }
    // Where is the body back at, if anywhere? The rest it left, or a still
    // position it settled in and then left (it was where the body got into
    // position). Within reach of several, the closest is where it is.
    var nearest = Double.infinity
    if e
      < Swift.max(
        thresholds.return, settings.movement.backShare * movement.peak)
    {
      nearest = e
    }
    let returnedHeld = nearestReturnedHeld(point, closerThan: nearest)
    if let returnedHeld {
      events += adoptHeld(returnedHeld.index, distance: returnedHeld.distance)
      return events
    }
    // Still since before the onset is not still away from rest: a small,
    // slow rep never moves fast enough to break the quiet.
    let onsetTime = movement.onsetTime ?? point.time
    let quietFor =
      stillness.since.map { point.time - Swift.max($0, onsetTime) } ?? 0
    var settledShort = false
    if nearest.isInfinite, quietFor >= settings.rest.newRestAfter,
      e <= thresholds.onset
    {
      // Settled still within a rep's onset of the rest: back, on a rest
      // that shifted a little.
      nearest = e
      settledShort = true
    }
    if nearest.isFinite {
      // Back at rest: collect the fall's foot, then judge.
      let base =
        movement.points.prefix(history.count).map { anchor.excursion($0) }
        .min() ?? 0
      phase = .finishing(
        Finishing(
          since: point.time, peak: movement.peak, base: Swift.min(base, e),
          settledShort: settledShort))
      return events
    }
    if var position = movement.held.last, case .holding = position.state {
      let fromHeld = position.anchor.excursion(point)
      if fromHeld > thresholds.onset {
        position.state = .left(
          at: movement.points.count - 1, peak: fromHeld)
      } else if stillness.since != nil {
        position.anchor.up =
          (position.anchor.up
          + (point.up - position.anchor.up) * settings.movement.heldSmoothing)
          .normalized ?? position.anchor.up
        if !movement.holdAnnounced,
          point.time - position.arrival >= settings.rules.holdMinimum
        {
          let context = ruleContext(anchor)
          if !context.isHoldSized(
            anchor.up.angleDegrees(to: position.anchor.up))
          {
            // Still as long as a hold lasts, too near the rest to be one:
            // the body lies elsewhere now (a shift on the mat between reps
            // or sets), and the next reps are measured from here. Waiting
            // for it to come back to this position, or to the old rest,
            // ran the next reps together into one long movement.
            events += settle(onHeld: position, relativeTo: anchor)
            return events
          }
          if inPosture(anchor.up), context.isHoldSized(anchor.excursion(point))
          {
            movement.holdAnnounced = true
            events.append(.holdStarted(time: position.arrival))
          }
        }
      }
      movement.held[movement.held.count - 1] = position
    }
    // A position is known once the estimate has settled onto the
    // accelerometer: after a big turn (lying down from standing, say) it
    // is a degree or more off for a second or two, and a rest taken then
    // drifts away from the body as it settles, by as much as a small
    // rep. A fusion that never settles is waited out.
    let positionKnown =
      point.unsettledSine < settledSine
      || quietFor >= 2 * settings.rest.newRestAfter
    let heldStillThere: Bool
    if case .holding = movement.held.last?.state {
      heldStillThere = true
    } else {
      heldStillThere = false
    }
    if quietFor >= settings.rest.newRestAfter, e > thresholds.onset,
      positionKnown, !heldStillThere, let since = stillness.since
    {
      let position = Anchor(up: stillness.position, attitude: point.attitude)
      if !inPosture(anchor.up) && inPosture(position.up)
        || sitsDown(from: anchor.up, to: position.up)
        || !movement.crossedGap && turnedToFace(from: anchor, to: position)
      {
        // Arrived in the exercise's posture from somewhere else: this was
        // getting into position, and here is the rest. A first rep still
        // waiting for its set was a step of getting here.
        events += sets.dropFirstRep(.notInPosition)
        events += releaseOutOfPostureRun()
        events.append(givenUp(.notInPosition, at: Swift.max(since, onsetTime)))
        rest.move(to: position, because: .gotIntoPosition)
        endMovement()
        return events
      }
      movement.held.append(
        HeldPosition(anchor: position, arrival: Swift.max(since, onsetTime)),
        keepingLast: settings.movement.heldPositionsKept)
      movement.holdAnnounced = false
    }
    if let first = movement.points.first,
      point.time - first.time > settings.movement.longestMovement
    {
      events.append(givenUp(.tooLong, at: point.time))
      rest.move(to: Anchor(point), because: .neverCameBack)
      endMovement()
    }
    return events
  }

  private mutating func stepFinishing(
    _ point: AttitudePoint, _ finishing: Finishing
  ) -> [AnalysisEvent] {
    guard let anchor = rest.anchor else { return [] }
    var finishing = finishing
    let e = anchor.excursion(point)
    // Only where it slows down is it back: a movement that reverses
    // near rest (the accelerometer swings as the body pushes off to
    // stand) passes close to it at speed on its way elsewhere.
    if point.speed < settings.stillness.stillSpeed {
      finishing.closest = Swift.min(finishing.closest, e)
    }
    if let other = nearestReturnedHeld(point, closerThan: e) {
      // Settling nearer a position the body held and left than the
      // rest it passed: that position is where it is back at.
      return adoptHeld(
        other.index, distance: other.distance,
        settledShort: finishing.settledShort)
    }
    if finishing.valley.map({ e < $0.excursion }) ?? true {
      finishing.valley = Valley(excursion: e, index: movement.points.count - 1)
    }
    let height = finishing.peak - finishing.base
    let home =
      finishing.base
      + Swift.max(thresholds.return, settings.movement.homeShare * height)
    let band =
      finishing.base
      + Swift.max(thresholds.return, settings.movement.backShare * height)
    if !finishing.settledShort, let low = finishing.valley,
      e > low.excursion + thresholds.onset,
      endsRep(valley: low.excursion, peak: finishing.peak),
      risesAgain(from: anchor, to: point)
    {
      // Back near rest and rising again the way the rep went, without
      // ever slowing there: reps back to back (clamshells cycle with no
      // pause). The rep ended at the valley, and the next starts there.
      return splitAtValley(low.index, relativeTo: anchor)
    }
    // A body that came here still, within a rep's onset of the rest, is
    // not passing by (sitting down passes through standing at speed):
    // it is back, on a rest that shifted a little.
    if !finishing.settledShort, finishing.closest > home,
      e > band * settings.movement.passingFactor
        + settings.movement.passingMargin
    {
      // Passing near the rest attitude on the way elsewhere (sitting
      // down passes through standing): never got home.
      phase = .moving
      return []
    }
    let arrived = finishing.closest <= home
    guard
      (arrived && e <= home)
        || point.time - finishing.since > settings.movement.finishingWait
        || (arrived && e > thresholds.onset)
    else {
      phase = .finishing(finishing)
      return []
    }
    var events: [AnalysisEvent] = []
    // Before the points, which hold the quiet stretch, are let go.
    let settledAt =
      finishing.settledShort
      ? rest.settledPosition(
        in: movement.points, thresholds: thresholds, settings: settings.rest)
      : nil
    if settledAt != nil, let start = shiftStart(relativeTo: anchor) {
      // Out and settled well short of where it started: the body
      // moved to lie elsewhere, and a rep comes back.
      events.append(
        .ignored(
          .repositioned, start: start, end: point.time, size: finishing.peak))
    } else {
      if let top = furthestPoint(from: anchor) {
        rest.cameBack(from: top, settings: settings.rest)
      }
      events += judge(relativeTo: anchor)
    }
    endMovement()
    var fromRest = e
    if let center = settledAt {
      // Still for as long as a new rest needs, short of the old one:
      // the body shifted on the mat, and the next reps start from
      // here. Waiting for the quiet again at rest would measure them
      // from the old rest, and pauses between reps can be shorter.
      rest.move(
        to: Anchor(up: center, attitude: point.attitude),
        because: .shiftedOnTheMat)
      fromRest = center.angleDegrees(to: point.up)
    }
    if fromRest > thresholds.onset {
      startMovement()
      events.append(.movementStarted(time: point.time))
    }
    return events
  }

  // MARK: Positions held during a movement

  /// Makes `position`, held as long as a hold but too near the rest to be
  /// one, the rest; what the body did to get there is judged as a
  /// movement that settled short is (``shiftStart(relativeTo:)``).
  private mutating func settle(
    onHeld position: HeldPosition, relativeTo rest: Anchor
  )
    -> [AnalysisEvent]
  {
    let arrivedAt =
      movement.points.firstIndex { $0.time >= position.arrival }
      ?? movement.points.count - 1
    let shift = shiftStart(relativeTo: rest)
    var events: [AnalysisEvent] = []
    if shift == nil, arrivedAt > movement.onsetIndex {
      events = judge(Array(movement.points[...arrivedAt]), relativeTo: rest)
    } else {
      events = [givenUp(.repositioned, from: shift, at: position.arrival)]
    }
    self.rest.move(to: position.anchor, because: .shiftedOnTheMat)
    endMovement()
    return events
  }

  /// Makes a held position the rest: the body came back to it, so it was
  /// where the body settled after getting into position, and what it did
  /// since leaving it is a movement from it, judged once its foot is in.
  private mutating func adoptHeld(
    _ index: Int, distance: Double, settledShort: Bool = false
  ) -> [AnalysisEvent] {
    let position = movement.held[index]
    guard case .left(let leftAt, let peak) = position.state else { return [] }
    // Look back to the onset, but not before the body got there.
    let arrivedAt =
      movement.points.firstIndex { $0.time >= position.arrival } ?? leftAt
    let events = judgeArrival(at: arrivedAt, held: position.anchor)
    let start = Swift.max(arrivedAt, leftAt - history.count)
    movement.points = Array(movement.points[start...])
    // Its index was into the points before this cut.
    movement.fallValley = nil
    movement.onsetIndex = leftAt - start
    movement.held = []
    rest.move(to: position.anchor, because: .cameBackToHeldPosition)
    let base =
      movement.points.prefix(history.count).map {
        position.anchor.excursion($0)
      }
      .min() ?? 0
    phase = .finishing(
      Finishing(
        since: movement.points.last?.time ?? position.arrival, peak: peak,
        base: Swift.min(base, distance), settledShort: settledShort))
    return events
  }

  /// Judges how the body got to a held position it is adopting as the
  /// rest (the movement's points up to `arrivedAt`) when that went out
  /// more than twice as far from the old rest as the held position lies:
  /// a rep that settled a little short of where it started (a thigh's
  /// rest shifts by a few degrees after a rep), not getting into position;
  /// otherwise it was getting into position or a shift, and is said to be.
  private mutating func judgeArrival(at arrivedAt: Int, held: Anchor)
    -> [AnalysisEvent]
  {
    guard let anchor = rest.anchor, arrivedAt >= 3,
      arrivedAt > movement.onsetIndex
    else { return [] }
    var furthest = 0.0
    for point in movement.points[..<arrivedAt] {
      furthest = Swift.max(furthest, anchor.excursion(point))
    }
    let moved = anchor.up.angleDegrees(to: held.up)
    guard moved < 0.5 * furthest else {
      // The body went somewhere and stayed: before any rep is counted, or
      // further than the reps go, getting into position (lying down from
      // standing, seen from a thigh, whose posture says nothing; rolling
      // onto the other side); otherwise a shift.
      let intoPosition =
        sets.isBeforeAnyRepCounted
        || thresholds.typicalRange.map { moved > $0 } ?? false
      // A first rep still waiting is left to wait: dropping it as a step
      // of getting there lost mex-04-bridge's first rep.
      return [
        .ignored(
          intoPosition ? .notInPosition : .repositioned,
          start: movement.onsetTime ?? movement.points[0].time,
          end: movement.points[arrivedAt].time, size: furthest)
      ]
    }
    return judge(Array(movement.points[..<arrivedAt]), relativeTo: anchor)
  }

  /// The movement under way, given up at `time` for `reason` without
  /// being measured.
  ///
  /// The body got into position, shifted, or never came back: seen and
  /// not counted is said, never dropped. It started at `start`, or else
  /// at its onset.
  private func givenUp(
    _ reason: IgnoredMovement.Reason, from start: Double? = nil,
    at time: Double
  ) -> AnalysisEvent {
    .ignored(
      reason, start: start ?? movement.onsetTime ?? time, end: time,
      size: movement.peak)
  }

  /// Whether a valley `valley` degrees from rest, in a movement that went
  /// `peak` degrees out, can end a rep: any can, except in reps that go
  /// out twice, where only the seat can
  /// (``SessionAnalyzer/MovementSettings/seatValleyShare``).
  private func endsRep(valley: Double, peak: Double) -> Bool {
    guard configuration.placement.isOnPelvis else { return true }
    return valley <= settings.movement.seatValleyShare * peak
  }

  /// Whether `point` lies on the same side of `rest` as the movement's
  /// furthest position: rising again into the next rep, not passing
  /// through rest on the way elsewhere.
  private func risesAgain(from rest: Anchor, to point: AttitudePoint) -> Bool {
    guard let top = furthestPoint(from: rest) else { return false }
    return (top.up - rest.up).dot(point.up - rest.up) > 0
  }

  /// The movement's point furthest from `rest`, from its onset on (before
  /// it lies the look-back: the rest, or the fall of the rep before).
  private func furthestPoint(from rest: Anchor) -> AttitudePoint? {
    let points = movement.points
    guard points.indices.contains(movement.onsetIndex) else { return nil }
    return points[movement.onsetIndex...].max {
      rest.up.dot($0.up) > rest.up.dot($1.up)
    }
  }

  /// Judges the movement up to the valley at `index` of its points and
  /// starts the next one from there, with no look-back.
  private mutating func splitAtValley(_ index: Int, relativeTo rest: Anchor)
    -> [AnalysisEvent]
  {
    let next = Array(movement.points[index...])
    movement.points.removeSubrange((index + 1)...)
    var events = judge(relativeTo: rest)
    guard let point = next.last else { return events }
    startMovement()
    movement.points = next
    movement.onsetIndex = movement.points.count - 1
    events.append(.movementStarted(time: point.time))
    return events
  }

  /// The left held position the body is back within reach of and closest
  /// to, if closer than `limit` degrees; never a rep's top (held a long
  /// time, or where a recent movement from the rest turned back).
  private mutating func nearestReturnedHeld(
    _ point: AttitudePoint, closerThan limit: Double
  ) -> (index: Int, distance: Double)? {
    var best: (index: Int, distance: Double)?
    for index in movement.held.indices {
      guard case .left(let leftAt, var peak) = movement.held[index].state
      else { continue }
      let fromHeld = movement.held[index].anchor.excursion(point)
      peak = Swift.max(peak, fromHeld)
      movement.held[index].state = .left(at: leftAt, peak: peak)
      // A position left for most of the way back to the rest, for as long
      // in all as a new rest needs, was a rep's top (a hold), not where the
      // body settled: coming back to it is the next rep. (Passing the rest
      // is not enough: in a seated exercise the rest may be standing,
      // which every rep passes through.)
      if let anchor = rest.anchor {
        let halfway =
          movement.held[index].halfwayCosine
          ?? Double.cos(
            0.5 * anchor.up.angleDegrees(to: movement.held[index].anchor.up)
              / Units.degreesPerRadian)
        movement.held[index].halfwayCosine = halfway
        if anchor.up.dot(point.up) > halfway {
          if let last = movement.held[index].lastBack {
            movement.held[index].backFor += point.time - last
          }
          movement.held[index].lastBack = point.time
        } else {
          movement.held[index].lastBack = nil
        }
      }
      if movement.held[index].backFor >= settings.rest.newRestAfter {
        continue
      }
      // Where an earlier movement from this rest went and came back from,
      // the next rep goes again: a long hold there that sags and lifts
      // again (a slow bird-dog's top, from the thigh) is that rep's top,
      // and the body is not back anywhere until it comes down.
      let atEarlierTop =
        movement.held[index].atEarlierTop
        ?? liesAtAnEarlierTop(movement.held[index].anchor.up, time: point.time)
      movement.held[index].atEarlierTop = atEarlierTop
      if atEarlierTop { continue }
      if fromHeld
        < Swift.max(thresholds.return, settings.movement.backShare * peak),
        fromHeld < (best?.distance ?? limit)
      {
        best = (index, fromHeld)
      }
    }
    return best
  }

  /// Whether `position` lies where a recent movement from the rest turned
  /// back (``SessionAnalyzer/MovementSettings/sameTopShare``,
  /// ``SessionAnalyzer/RestSettings/topMemory``), at `time`.
  private func liesAtAnEarlierTop(_ position: Vector3, time: Double) -> Bool {
    guard let anchor = rest.anchor else { return false }
    let reach =
      settings.movement.sameTopShare * anchor.up.angleDegrees(to: position)
    return rest.tops.contains {
      time - $0.time <= settings.rest.topMemory
        && $0.up.angleDegrees(to: position) < reach
    }
  }

  // MARK: What the movement was

  /// Where in the movement's points it left `rest`: the point up to its
  /// onset nearest the rest (by dot products: this is called once per
  /// movement, but a look-back holds hundreds of points).
  private func footIndex(relativeTo rest: Anchor) -> Int? {
    let points = movement.points
    guard points.indices.contains(movement.onsetIndex) else { return nil }
    var foot = 0
    for k in 1..<(movement.onsetIndex + 1)
    where rest.up.dot(points[k].up) > rest.up.dot(points[foot].up) {
      foot = k
    }
    return foot
  }

  /// When the movement started, if by the accelerometer it came to lie
  /// still more than ``SessionAnalyzer/MovementSettings/backShare`` of its
  /// furthest excursion away from where it started: a shift on the mat,
  /// not a rep.
  ///
  /// A rep comes back to where it started, a shift moves the body to lie
  /// elsewhere. By the accelerometer, not the fused attitude: after a
  /// movement the fusion takes seconds to shed the gyroscope's error,
  /// and by it real reps can seem to end a fifth of the way out. A
  /// movement that turned as the set's reps do is a rep that settled a
  /// little short, not a shift (``turnsLikeTheSet(relativeTo:)``). Scanned
  /// once, when the movement ends.
  private func shiftStart(relativeTo rest: Anchor) -> Double? {
    let points = movement.points
    guard !turnsLikeTheSet(relativeTo: rest),
      points.indices.contains(movement.onsetIndex),
      movement.onsetIndex > 0, movement.peak > 0, let last = points.last,
      let start = footIndex(relativeTo: rest),
      let from = points[start].measuredGravity.normalized,
      let to = last.measuredGravity.normalized
    else { return nil }
    let away = from.angleDegrees(to: to)
    guard away > settings.movement.backShare * movement.peak else {
      return nil
    }
    return points[movement.onsetIndex].time
  }

  /// Whether the movement went out a rep's range about the set's axis, as
  /// the set's reps do (a one-sided or two-legged set, with reps enough to
  /// know its axis): a rep that settled a little short, not a shift.
  private func turnsLikeTheSet(relativeTo rest: Anchor) -> Bool {
    guard configuration.side != .alternating,
      sets.fullReps >= settings.rules.directionRepsNeeded,
      let typical = thresholds.typicalRange,
      movement.peak >= settings.sets.partialShare * typical,
      let top = furthestPoint(from: rest),
      let axis = rest.up.cross(top.up).normalized
    else { return false }
    return Swift.abs(axis.dot(sets.axis)) >= settings.movement.setAxisAgreement
  }

  /// Whether a rest at `up` is in the exercise's posture (`true` when
  /// the posture is unknown).
  private func inPosture(_ up: Vector3) -> Bool {
    if let shown = catalogueMemory.postureShown,
      shown.angleDegrees(to: up) <= settings.sets.firstRepRestShift
    {
      return true
    }
    return configuration.restIsInPosture(up) ?? true
  }

  /// Whether a pelvis or thigh still at `position` has sat down from
  /// `rest`, in an exercise done from a seat.
  ///
  /// Standing and sitting both pass the posture check of a pelvis sensor
  /// (people and mountings differ by more than the two postures do), but
  /// sitting tips the pelvis back relative to standing: of two still
  /// postures, the one tipped back by more than a sway or a lean is the
  /// seat, and the reps (standing up and sitting back) start from it.
  private func sitsDown(from rest: Vector3, to position: Vector3) -> Bool {
    guard configuration.exercise?.profile.posture == .seated else {
      return false
    }
    guard configuration.placement.isOnPelvis else {
      // A thigh turns from hanging to lying along the seat, whichever
      // way the strap turns it. Without this a session begun standing
      // took standing for the rest, and every sit-to-stand was counted
      // from the top, half a cycle out of step.
      let upright = BodyDirection.up.bodyVector
      let fromUpright =
        upright.angleDegrees(to: position) - upright.angleDegrees(to: rest)
      return fromUpright >= settings.rest.thighSeatTilt
    }
    let tippedBack =
      AttitudeAngles(up: rest).tiltDegrees
      - AttitudeAngles(up: position).tiltDegrees
    return tippedBack >= settings.rest.seatTipBack
  }

  /// Whether the body got from where this movement left rest to
  /// `position` mostly by turning about the vertical: the whole turn is at
  /// least ``SessionAnalyzer/RestSettings/turnMinimum`` and the sky
  /// direction moved less than ``SessionAnalyzer/RestSettings/turnTiltShare``
  /// as far.
  ///
  /// From the attitude at the movement's foot, not the rest's: the rest's
  /// heading can be minutes old, and a gyroscope's heading drifts.
  private func turnedToFace(from rest: Anchor, to position: Anchor) -> Bool {
    guard let foot = footIndex(relativeTo: rest),
      let a = movement.points[foot].attitude, let b = position.attitude
    else { return false }
    let footPoint = movement.points[foot]
    let turn = (a.conjugate * b).angleDegrees
    return turn >= settings.rest.turnMinimum
      && footPoint.up.angleDegrees(to: position.up)
        < settings.rest.turnTiltShare * turn
  }

  private func ruleContext(_ rest: Anchor) -> RepRule.Context {
    RepRule.Context(
      settings: settings.rules, restInPosture: inPosture(rest.up),
      thresholds: thresholds,
      typicalDuration: sets.typicalDuration(
        needed: settings.rules.tempoRepsNeeded),
      setFullReps: sets.fullReps, setAxis: sets.axis,
      sideAxes: sets.sideAxes,
      side: configuration.side,
      exerciseIsAHold: configuration.exercise?.profile.isHold ?? false,
      largestPelvisRep: configuration.largestPelvisRep,
      smallestFirstPelvisRep: configuration.smallestFirstPelvisRep,
      partialShare: settings.sets.partialShare,
      samePosition: settings.sets.firstRepRestShift)
  }

  /// Measures the movement that just ended, puts it to the rules, and
  /// counts it if it passes.
  private mutating func judge(relativeTo rest: Anchor) -> [AnalysisEvent] {
    judge(movement.points, relativeTo: rest)
  }

  /// Measures the movement in `points` (up to where it ended), puts it to
  /// the rules, and counts it if it passes.
  private mutating func judge(
    _ points: [AttitudePoint], relativeTo rest: Anchor
  )
    -> [AnalysisEvent]
  {
    guard
      let measured = MeasuredMovement.measure(
        points, onsetIndex: movement.onsetIndex, from: rest,
        useAttitude: !movement.crossedGap,
        hasGyroscope: configuration.hasGyroscope,
        settings: settings.measurement)
    else {
      // Seen and not counted is said, even with nothing to measure: a
      // segment of a cut recording that begins at its furthest, or the
      // rest lost across a gap.
      guard let last = points.last else { return [] }
      let first =
        points.indices.contains(movement.onsetIndex)
        ? points[movement.onsetIndex] : points[0]
      let furthest = points.map { rest.excursion($0) }.max() ?? 0
      let tooShort =
        points.count < 3
        || last.time - first.time < settings.rules.minimumRepDuration
      return [
        .ignored(
          tooShort ? .tooShort : .noRise, start: first.time, end: last.time,
          size: furthest)
      ]
    }
    let context = ruleContext(rest)
    let verdict = RepRule.judge(measured, in: context, memory: &catalogueMemory)
    let overruling = catalogueMemory.overruling
    catalogueMemory.overruling = nil
    switch verdict {
    case .refuses(.notInPosition):
      var events: [AnalysisEvent] = []
      if catalogueMemory.lastOutOfPosture?.alike == 0 {
        // A run of its own begins: the one before was not reps.
        events = releaseOutOfPostureRun(keepingChain: true)
      }
      // Held back only if it would be a rep from a rest in the posture;
      // measured in the body frame once counted, when the mounting is
      // fixed, not while the body is getting into position.
      var inPosture = context
      inPosture.restInPosture = true
      var scratch = catalogueMemory
      if RepRule.judge(measured, in: inPosture, memory: &scratch) == .passes {
        outOfPostureRun.append((measured, rest))
      } else {
        events.append(.ignored(.notInPosition, measured))
      }
      return events
    case .refuses(let reason):
      return [.ignored(reason, measured)]
    case .isAHold:
      var events: [AnalysisEvent] = []
      if !movement.holdAnnounced {
        events.append(.holdStarted(time: measured.riseEnd))
      }
      events.append(
        .holdCompleted(
          Hold(startSeconds: measured.riseEnd, endSeconds: measured.fallStart)))
      return events
    case .passes:
      break
    }
    var events: [AnalysisEvent] = []
    if let overruling {
      // The run that showed where this person does the exercise: its
      // movements were reps, in their order.
      catalogueMemory.postureShown = overruling
      for earlier in outOfPostureRun {
        events += sets.settle(
          candidate(earlier.movement, relativeTo: earlier.rest))
      }
      outOfPostureRun = []
    } else {
      // A movement that passes from a rest in the posture: the body is in
      // it now, and what it did outside it was getting there.
      events += releaseOutOfPostureRun()
    }
    // Angles in the refined body frame.
    if !configuration.placement.isOnPelvis, let swing = sets.firstRepsSwing {
      self.mounting.learnStrapTurn(
        swingAxis: swing.axis, swingDegrees: swing.degrees, restUp: rest.up,
        settings: settings.mounting)
    }
    return events + sets.settle(candidate(measured, relativeTo: rest))
  }

  /// `measured` as a rep, with its level change in the refined body frame.
  private mutating func candidate(
    _ measured: MeasuredMovement, relativeTo rest: Anchor
  )
    -> RepCandidate
  {
    let mounting = self.mounting.fixedCorrection()
    let restAngles = AttitudeAngles(up: mounting.rotate(rest.up))
    let peakAngles = AttitudeAngles(up: mounting.rotate(measured.peakUp))
    let levelDefined =
      Swift.abs(restAngles.levelDegrees)
      <= AttitudeAngles.levelDefinedLimitDegrees
    return RepCandidate(
      movement: measured,
      levelChange: levelDefined
        ? peakAngles.levelDegrees - restAngles.levelDegrees : nil)
  }

  /// The movements held back for the posture of their rest were not reps;
  /// unless `keepingChain` (the movement just refused starts a run of its
  /// own), the next one refused starts afresh.
  private mutating func releaseOutOfPostureRun(keepingChain: Bool = false)
    -> [AnalysisEvent]
  {
    if !keepingChain { catalogueMemory.lastOutOfPosture = nil }
    defer { outOfPostureRun = [] }
    return outOfPostureRun.map { .ignored(.notInPosition, $0.movement) }
  }

  mutating func finish() -> [AnalysisEvent] {
    var events: [AnalysisEvent] = []
    var cutShort: AnalysisEvent?
    if case .finishing = phase, let anchor = rest.anchor {
      events += judge(relativeTo: anchor)
    } else if cutAndJoined, case .moving = phase, let anchor = rest.anchor {
      // In a recording of segments cut out and joined, its end is one
      // more cut: the movement in progress is judged on what was seen.
      events += judge(relativeTo: anchor)
    } else if case .moving = phase, let last = movement.points.last {
      // Seen, and cut short by the end (getting up, say): said, not
      // judged on part of it. Last: it began after what the sets close on.
      cutShort = givenUp(.unfinished, at: last.time)
    }
    endMovement()
    events += releaseOutOfPostureRun() + sets.finish()
    if let cutShort { events.append(cutShort) }
    return events
  }

  func status(at estimate: AttitudeFilter.Estimate, fullReps: Int)
    -> SessionAnalyzer.Status
  {
    let correction = mounting.correction ?? .identity
    let angles = AttitudeAngles(up: correction.rotate(estimate.up))
    var heldSeconds = 0.0
    if let position = movement.held.last, case .holding = position.state {
      heldSeconds = estimate.time - position.arrival
    }
    var status = SessionAnalyzer.Status(
      time: estimate.time, tiltDegrees: angles.tiltDegrees,
      levelDegrees: angles.levelDegrees, heldSeconds: heldSeconds,
      moving: phase.isMoving, fullReps: fullReps)
    status.setNumber = sets.setUnderWay ?? 0
    status.repsInSet = sets.setUnderWay == nil ? 0 : sets.fullReps
    status.setsCompleted = sets.setsCompleted
    if let anchor = rest.anchor {
      status.degreesFromRest = anchor.up.angleDegrees(to: estimate.up)
      status.tiltFromRestDegrees =
        angles.tiltDegrees
        - AttitudeAngles(up: correction.rotate(anchor.up)).tiltDegrees
    }
    return status
  }
}
