/// Walking, one sample at a time: contacts found in the trunk's
/// acceleration, kept as steps where they walk in a rhythm, gathered into
/// bouts with their cadence, step-time asymmetry and pelvic drop.
struct GaitTracker: Sendable {
  /// What the live view shows of walking, beside the steps the summary
  /// already counts.
  struct Status: Sendable, Equatable {
    /// Steps a minute in the bout under way; `nil` outside one.
    var cadence: Double?
    /// The pelvis's last drop standing on each foot, degrees.
    var lastLeftDrop: Double?
    var lastRightDrop: Double?
  }

  private var contacts: ContactFinder
  private var bouts: BoutTracker
  private let samplesPerPoint: Int
  private var accelerationSum = Vector3.zero
  private var rateSum: Vector3?
  private var timeSum = 0.0
  private var summed = 0
  /// The newest sample's time, s: where the recording ended, at its end.
  private var lastSampleTime = -Double.infinity

  /// `samplesPerPoint` samples are averaged into one point, so that the
  /// smoothing windows stay a few dozen points long at any rate.
  init(
    settings: GaitSettings, placement: Placement, measuresLevel: Bool,
    rateHz: Double, samplesPerPoint: Int
  ) {
    self.samplesPerPoint = Swift.max(1, samplesPerPoint)
    contacts = ContactFinder(
      settings: settings, pointRate: rateHz / Double(self.samplesPerPoint))
    let sideRule: BoutTracker.SideRule =
      switch placement {
      case .thighLeft: .harderContactIs(.left)
      case .thighRight: .harderContactIs(.right)
      case .sacrum, .hipLeft, .hipRight: .lateralAcceleration
      }
    bouts = BoutTracker(
      settings: settings, sideRule: sideRule,
      measuresLevel: measuresLevel && placement.isOnPelvis)
  }

  var status: Status {
    Status(
      cadence: bouts.cadenceSoFar,
      lastLeftDrop: bouts.lastDrop.left, lastRightDrop: bouts.lastDrop.right)
  }

  /// Adds one sample's body-frame specific force, g, and angular rate
  /// with the gyroscope's bias removed, deg/s (`nil` without one).
  mutating func add(time: Double, acceleration: Vector3, angularRate: Vector3?)
    -> [AnalysisEvent]
  {
    lastSampleTime = time
    if let angularRate {
      hasGyroscope = true
      turnSky(time: time, angularRate: angularRate)
    }
    accelerationSum += acceleration
    if let angularRate { rateSum = (rateSum ?? .zero) + angularRate }
    timeSum += time
    summed += 1
    guard summed >= samplesPerPoint else { return [] }
    let count = Double(summed)
    let point = accelerationSum / count
    let pointTime = timeSum / count
    accelerationSum = .zero
    timeSum = 0
    summed = 0
    var events: [AnalysisEvent] = []
    let rate = rateSum.map { $0 / count }
    rateSum = nil
    for contact in contacts.add(
      time: pointTime, acceleration: point, angularRate: rate)
    {
      events += bouts.add(contact)
    }
    // No contact is still to come before this: a pause this long is over.
    events += bouts.closeIfPaused(at: contacts.decidedUntil)
    return events
  }

  /// The attitude filter's sky direction at `time`: the gyroscope-carried
  /// sky is pulled slowly toward it, and the pelvis's level noted.
  ///
  /// Within a stride the gyroscope alone carries the level: the fusion's
  /// pull toward the accelerometer takes the pelvis's sideways sway for a
  /// tilt and shrinks the drop (by half a degree in ``GaitTests``).
  mutating func noteSky(time: Double, up: Vector3) {
    guard let carried = gyroSky else {
      // The first sky, or no gyroscope to carry it.
      if hasGyroscope { gyroSky = up }
      lastPullTime = time
      bouts.noteLevel(
        time: time, degrees: AttitudeAngles.levelDegrees(unitUp: up))
      return
    }
    let pull = Swift.min(1, skyPullPerSecond * (time - (lastPullTime ?? time)))
    lastPullTime = time
    gyroSky = (carried + (up - carried) * pull).normalized ?? up
    bouts.noteLevel(
      time: time, degrees: AttitudeAngles.levelDegrees(unitUp: gyroSky ?? up))
  }

  /// How fast the gyroscope-carried sky follows the fused one, 1/s: slow
  /// against a stride, quick against the gyroscope's drift.
  private let skyPullPerSecond = 0.2
  private var gyroSky: Vector3?
  private var hasGyroscope = false
  private var lastPullTime: Double?
  private var lastTurnTime: Double?

  private mutating func turnSky(time: Double, angularRate: Vector3) {
    defer { lastTurnTime = time }
    guard let sky = gyroSky, let last = lastTurnTime else { return }
    // A world-fixed direction turns against the body: du/dt = -omega x u.
    let omega = angularRate * ((time - last) / Units.degreesPerRadian)
    gyroSky = (sky - omega.cross(sky)).normalized ?? sky
  }

  /// Samples were lost: the smoothing starts again after the gap.
  mutating func noteGap() -> [AnalysisEvent] {
    // The turn over the gap is not known: the carried sky starts again
    // from the fused one.
    gyroSky = nil
    lastTurnTime = nil
    lastPullTime = nil
    accelerationSum = .zero
    rateSum = nil
    timeSum = 0
    summed = 0
    var events: [AnalysisEvent] = []
    for contact in contacts.restart() { events += bouts.add(contact) }
    // After the contacts found before the gap have joined the bout.
    bouts.noteCut(at: lastSampleTime)
    return events
  }

  mutating func finish() -> [AnalysisEvent] {
    var events: [AnalysisEvent] = []
    for contact in contacts.finish() { events += bouts.add(contact) }
    events += bouts.finish(at: lastSampleTime)
    return events
  }
}
