/// Walking, one sample at a time: contacts found in the trunk's
/// acceleration, kept as steps where they walk in a rhythm, gathered into
/// bouts with their cadence, step-time asymmetry and pelvic drop.
struct GaitTracker: Sendable {
  /// What the live view shows of walking.
  struct Status: Sendable, Equatable {
    var steps = 0
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
  private var timeSum = 0.0
  private var summed = 0
  private(set) var stepsCounted = 0

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
      steps: stepsCounted, cadence: bouts.currentBout?.cadence,
      lastLeftDrop: bouts.lastDrop.left, lastRightDrop: bouts.lastDrop.right)
  }

  /// Adds one sample's body-frame specific force, g.
  mutating func add(time: Double, acceleration: Vector3) -> [AnalysisEvent] {
    accelerationSum += acceleration
    timeSum += time
    summed += 1
    guard summed >= samplesPerPoint else { return [] }
    let count = Double(summed)
    let point = accelerationSum / count
    let pointTime = timeSum / count
    accelerationSum = .zero
    timeSum = 0
    summed = 0
    var events = bouts.closeIfPaused(at: pointTime)
    for contact in contacts.add(time: pointTime, acceleration: point) {
      events += bouts.add(contact)
    }
    return counted(events)
  }

  /// The pelvis's `level_deg` at `time`.
  mutating func noteLevel(time: Double, degrees: Double) {
    bouts.noteLevel(time: time, degrees: degrees)
  }

  /// Samples were lost: the smoothing starts again after the gap.
  mutating func noteGap() -> [AnalysisEvent] {
    accelerationSum = .zero
    timeSum = 0
    summed = 0
    var events: [AnalysisEvent] = []
    for contact in contacts.restart() { events += bouts.add(contact) }
    return counted(events)
  }

  mutating func finish() -> [AnalysisEvent] {
    var events: [AnalysisEvent] = []
    for contact in contacts.finish() { events += bouts.add(contact) }
    events += bouts.finish()
    return counted(events)
  }

  private mutating func counted(_ events: [AnalysisEvent]) -> [AnalysisEvent] {
    for case .stepCounted in events { stepsCounted += 1 }
    return events
  }
}
