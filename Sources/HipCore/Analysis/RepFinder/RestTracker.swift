import RealModule

/// A position of the body: its sky direction, and its whole attitude when
/// a gyroscope gives one.
struct Anchor: Sendable {
  var up: Vector3
  var attitude: Quaternion?

  init(up: Vector3, attitude: Quaternion?) {
    self.up = up
    self.attitude = attitude
  }

  init(_ point: AttitudePoint) {
    self.init(up: point.up, attitude: point.attitude)
  }

  /// How far `point` is from here, degrees.
  func excursion(_ point: AttitudePoint) -> Double {
    up.angleDegrees(to: point.up)
  }
}

/// Where the body rests, which every excursion is measured from, and
/// every way that rest moves: ``move(to:because:)`` is the only place it
/// changes.
struct RestTracker: Sendable {
  /// Why the rest moved.
  enum Move: Sendable, Equatable, CaseIterable {
    /// The session's first position is the rest until the body shows
    /// another (real sessions start with a rep as often as with a pause).
    case sessionStarted
    /// At rest, the rest follows slow settling of the body, a second
    /// behind.
    case followedSlowly
    /// Quiet a little away from the rest for a while (after a slow
    /// lowering): reps are measured from where the body is now.
    case settledNearby
    /// A movement ended still, short of the rest it left: the body
    /// shifted on the mat.
    case shiftedOnTheMat
    /// The body came back to a position it had held and left: that was
    /// where it settled after getting into position (not a rep's top:
    /// ``RepFinder``'s `nearestReturnedHeld`).
    case cameBackToHeldPosition
    /// Still in the exercise's posture after arriving from elsewhere
    /// (lying down, sitting down, turning to face elsewhere).
    case gotIntoPosition
    /// A movement never came back: the body is somewhere else now.
    case neverCameBack
  }

  /// The rest; `nil` before the session's first point.
  private(set) var anchor: Anchor?
  private(set) var lastMove: Move?
  /// The furthest points of the last movements that came back to this
  /// rest, newest last.
  private(set) var tops: [AttitudePoint] = []
  /// Since when the body has stayed within the return band of rest.
  private var nearSince: Double?
  /// Where the body has stayed quiet near rest, and since when.
  private var candidate: QuietPosition?
  /// The settling radius, degrees, and its cosine and half-radius cosine.
  private var settleCosine = (radius: -1.0, cosine: 1.0, halfCosine: 1.0)

  /// A stretch of points that all stayed close to the first of them.
  private struct QuietPosition {
    var first: Vector3
    var since: Double
    var sum = Vector3.zero
  }

  mutating func move(to position: Anchor, because move: Move) {
    anchor = position
    lastMove = move
    // Quiet near the old rest says nothing about the new one; following
    // slowly keeps it, as the rest barely moved.
    if move != .followedSlowly { candidate = nil }
    // Following the body and settling within a rep's onset keep the same
    // rest; from any other, movements went elsewhere.
    if move != .followedSlowly && move != .settledNearby { tops = [] }
  }

  /// A movement went out as far as `top` and came back to rest.
  mutating func cameBack(
    from top: AttitudePoint, settings: SessionAnalyzer.RestSettings
  ) {
    tops.append(top, keepingLast: settings.topsKept)
  }

  /// The body left rest: what it did near rest is over.
  mutating func bodyLeft() {
    nearSince = nil
    candidate = nil
  }

  /// A point within the return band: the rest follows the body's slow
  /// settling, `followDelay` behind (so that a slow, small rep rising
  /// through the band does not drag the rest it is measured from along),
  /// once the body has been quiet and back for longer than a fall's foot.
  ///
  /// - Parameters:
  ///   - point: The newest point.
  ///   - delayedQuiet: The point `followDelay` before it, when the body is
  ///     quiet (`nil` when it is not: nothing is followed).
  ///   - settings: The rest's settings.
  @inline(__always)
  mutating func follow(
    _ point: AttitudePoint, delayedQuiet: AttitudePoint?,
    settings: SessionAnalyzer.RestSettings
  ) {
    if nearSince == nil { nearSince = point.time }
    guard let settled = delayedQuiet, let since = nearSince,
      settled.time - since >= settings.fallFoot, let rest = anchor
    else { return }
    let share = settings.followShare
    move(
      to: Anchor(
        up: (rest.up + (settled.up - rest.up) * share).normalized ?? rest.up,
        attitude: rest.attitude.flatMap { a in
          settled.attitude.map { a.slerp(to: $0, fraction: share) }
        }),
      because: .followedSlowly)
  }

  /// A point at rest outside the return band.
  mutating func leftReturnBand() { nearSince = nil }

  /// Makes a quiet position near rest the rest once the body has stayed
  /// there for a while: after a slow lowering or a shift on the mat the
  /// body can settle a little more than the return band away from where
  /// it started, and reps must be measured from where it is now.
  ///
  /// Quiet here is on the scale of the reps (staying within a fraction of
  /// the return band), not an angular speed: a slow, small rep never
  /// turns fast, but it leaves that band in a fraction of a second. A
  /// quiet position further than `limit` degrees from the rest does not
  /// become it (``SetTracker/settleLimit``).
  mutating func settle(
    on point: AttitudePoint, thresholds: Thresholds, within limit: Double?,
    settings: SessionAnalyzer.RestSettings
  ) {
    refreshSettleCosine(thresholds, settings)
    // A dot product against the cached cosine: an angle per point would be
    // an `acos` per point, a sixth of the whole analysis's time.
    guard var quiet = candidate,
      quiet.first.dot(point.up) >= settleCosine.cosine
    else {
      candidate = QuietPosition(
        first: point.up, since: point.time, sum: point.up)
      return
    }
    quiet.sum += point.up
    candidate = quiet
    // The mean of the quiet stretch; the body must still be at it, not
    // on its way out (the start of a rep is still within the radius).
    // Dot products against the cached cosines, as above: this runs for
    // every point of a long rest.
    guard point.time - quiet.since >= settings.newRestAfter,
      let center = quiet.sum.normalized,
      center.dot(point.up) >= settleCosine.halfCosine,
      let rest = anchor, rest.up.dot(center) < settleCosine.cosine,
      limit.map({ rest.up.angleDegrees(to: center) <= $0 }) ?? true
    else { return }
    move(
      to: Anchor(up: center, attitude: point.attitude), because: .settledNearby)
  }

  /// Where the body has stayed within the settling radius for the last
  /// ``SessionAnalyzer/RestSettings/newRestAfter`` of `points`, if that is
  /// beyond the radius from the rest.
  ///
  /// A position, not an angular speed: a slow, small rep can stay below
  /// the still speed throughout, so speed quiet alone is no new rest.
  /// Scanned once, when a movement ends, not per point.
  mutating func settledPosition(
    in points: [AttitudePoint], thresholds: Thresholds,
    settings: SessionAnalyzer.RestSettings
  ) -> Vector3? {
    refreshSettleCosine(thresholds, settings)
    guard let rest = anchor, let last = points.last,
      let first = points.first,
      last.time - first.time >= settings.newRestAfter
    else { return nil }
    let from =
      points.lastIndex { last.time - $0.time >= settings.newRestAfter } ?? 0
    var sum = Vector3.zero
    for point in points[from...] { sum += point.up }
    guard let center = sum.normalized,
      points[from...].allSatisfy({ center.dot($0.up) >= settleCosine.cosine }),
      rest.up.angleDegrees(to: center) > settleCosine.radius
    else { return nil }
    return center
  }

  /// Brings the cached settling radius and its cosines up to date with
  /// the return threshold, which follows the set's range.
  private mutating func refreshSettleCosine(
    _ thresholds: Thresholds, _ settings: SessionAnalyzer.RestSettings
  ) {
    let radius = Swift.max(
      settings.settleRadius, settings.settleShare * thresholds.return)
    guard radius != settleCosine.radius else { return }
    settleCosine = (
      radius, Double.cos(radius * .pi / 180),
      Double.cos(0.5 * radius * .pi / 180)
    )
  }
}
