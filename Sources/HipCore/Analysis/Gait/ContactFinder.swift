import RealModule

/// A foot landing as the trunk's acceleration shows it, before the bout
/// around it is known.
struct Contact: Sendable, Equatable {
  /// On the recording's `t` axis, s.
  var time: Double
  /// The rise of the smoothed vertical acceleration into the loading
  /// peak, g: how hard the foot landed.
  var rise: Double
  /// How much the smoothed medio-lateral acceleration rose across the
  /// contact, g: positive at a left contact (Ben Mansour et al.).
  var lateralRise: Double
  /// The pelvis's turn about the vertical around the contact, its slow
  /// turning taken out, deg/s: negative at a left contact (McCamley et
  /// al.); `nil` without a gyroscope.
  var yawRate: Double? = nil
  /// Whether the trunk stayed in one posture around it (not sitting down,
  /// standing up or bending).
  var trunkSteady: Bool
  /// Under the threshold that follows the recent steps, though over
  /// ``GaitSettings/faintestRise``: a step only where the rhythm around
  /// it misses one.
  var faint = false
}

/// Finds initial contacts in a lower-back or hip sensor's acceleration,
/// one point at a time.
///
/// The vertical acceleration (along the mean specific force, so the
/// sensor's mounting does not matter) peaks as body weight lands on a
/// foot; the contact is the steepest part of the rise into that peak
/// (about 0.02 s from the reference contacts on `../shared/real/walking`,
/// where the peak itself is 0.05 s late). Signals are smoothed with
/// centred Gaussian windows, so a contact is known a fixed time after it:
/// the windows' half-width, and ``GaitSettings/postureWindow`` for the
/// posture check.
struct ContactFinder: Sendable {
  private let settings: GaitSettings
  private let pointRate: Double

  private var gravity: Vector3?
  private let gravityGain: Double

  /// Raw vertical acceleration and times, centred windows.
  private var vertical: CenteredWindow
  private var times: CenteredWindow
  /// The raw signals that tell a contact's side, kept to be smoothed only
  /// around contacts: smoothing them at every point would cost more than
  /// everything else.
  private var sideSignals: RingBuffer<SidePoint>
  private struct SidePoint: Sendable {
    var time: Double
    var lateral: Double
    var yaw: Double
  }
  private var hasGyroscope = false
  private let peakKernel: [Double]
  private let contactKernel: [Double]
  private let lateralKernel: [Double]
  /// A band-pass: the step's swing of the pelvis about the vertical,
  /// without the slow turning of a walk that bends.
  private let yawKernel: [Double]

  /// The centred outputs, newest last, for searching back from a peak.
  private var smoothed: RingBuffer<Smoothed>
  private struct Smoothed: Sendable {
    var time: Double
    var peakSignal: Double
    var contactSignal: Double
  }

  /// The trunk's posture (the sky direction over ``GaitSettings/postureSpan``).
  private var postureSum = Vector3.zero
  private var postureSpan: RingBuffer<Vector3>
  private var postures: RingBuffer<(time: Double, up: Vector3)>

  /// The lowest point of the peak signal since the last step's peak: a
  /// step's rise is measured from it.
  private var trough: (value: Double, time: Double)?
  /// Every contact before this time has been decided, s.
  private(set) var decidedUntil = -Double.infinity
  private var recentRises: [Double] = []
  /// When the last step-sized rise peaked: after a pause the walk's old
  /// rises say nothing of the next walk's first, softer steps.
  private var lastRiseTime = -Double.infinity
  /// Found and not yet decided: their posture window is still open.
  private var waiting: [(time: Double, rise: Double, faint: Bool)] = []

  init(settings: GaitSettings, pointRate: Double) {
    self.settings = settings
    self.pointRate = pointRate
    gravityGain = Swift.min(1, 1 / (settings.gravityTimeConstant * pointRate))
    func kernel(_ sigma: Double) -> [Double] {
      let width = sigma * pointRate
      let half = Int((3 * width).rounded(.up))
      let raw = (-half...half).map { offset -> Double in
        let x = Double(offset) / Swift.max(width, 1e-9)
        return Double.exp(-0.5 * x * x)
      }
      let total = raw.reduce(0, +)
      return raw.map { $0 / total }
    }
    peakKernel = kernel(settings.peakSmoothing)
    contactKernel = kernel(settings.contactSmoothing)
    lateralKernel = kernel(settings.lateralSmoothing)
    let narrow = kernel(settings.yawSmoothing)
    let wide = kernel(settings.yawTurnSmoothing)
    let offset = (wide.count - narrow.count) / 2
    yawKernel = wide.indices.map { index in
      let inner = index - offset
      let narrowWeight =
        narrow.indices.contains(inner) ? narrow[inner] : 0
      return narrowWeight - wide[index]
    }
    let half =
      [peakKernel, contactKernel].map {
        $0.count / 2
      }.max() ?? 0
    vertical = CenteredWindow(half: half)
    times = CenteredWindow(half: half)
    let searchPoints =
      Int(
        ((settings.riseSearch + settings.postureWindow + 2 * settings.sideSpan)
          * pointRate).rounded(.up)) + 4
    smoothed = RingBuffer(capacity: searchPoints)
    let sideHalf = Swift.max(lateralKernel.count, yawKernel.count) / 2
    sideSignals = RingBuffer(
      capacity: Int(
        ((settings.postureWindow + 2 * settings.sideSpan + 0.5) * pointRate)
          .rounded(.up)) + half + 2 * sideHalf)
    postureSpan = RingBuffer(
      capacity: Swift.max(1, Int((settings.postureSpan * pointRate).rounded())))
    postures = RingBuffer(
      capacity: Int(
        ((2 * settings.postureWindow + Double(half) / pointRate + 0.5)
          * pointRate).rounded(.up)))
  }

  /// Adds one point: the body-frame specific force, g.
  ///
  /// Returns the contacts now decided, in time order.
  /// `angularRate` is the body-frame rate, bias removed, deg/s (`nil`
  /// without a gyroscope).
  mutating func add(
    time: Double, acceleration: Vector3, angularRate: Vector3? = nil
  ) -> [Contact] {
    let current: Vector3
    if let gravity {
      current = gravity + gravityGain * (acceleration - gravity)
    } else {
      current = acceleration
    }
    gravity = current
    guard let up = current.normalized else { return [] }
    // The right axis (body Z) laid flat: medio-lateral whatever the trunk's
    // lean.
    let bodyRight = Vector3(0, 0, 1)
    let right =
      (bodyRight - up.dot(bodyRight) * up).normalized ?? bodyRight
    trackPosture(time: time, acceleration: acceleration)
    let centreTime = times.push(time)
    let centreVertical = vertical.push(acceleration.dot(up) - current.length)
    if angularRate != nil { hasGyroscope = true }
    _ = sideSignals.push(
      SidePoint(
        time: time, lateral: acceleration.dot(right),
        yaw: angularRate?.dot(up) ?? 0))
    guard let centreTime, centreVertical != nil else { return [] }
    let point = Smoothed(
      time: centreTime, peakSignal: vertical.smoothed(by: peakKernel),
      contactSignal: vertical.smoothed(by: contactKernel))
    _ = smoothed.push(point)
    findPeak()
    decidedUntil = centreTime - settings.postureWindow
    return decide(upTo: centreTime)
  }

  /// Samples were lost: what is known is decided, the rest starts again.
  mutating func restart() -> [Contact] {
    let decided = decide(upTo: .infinity)
    self = ContactFinder(settings: settings, pointRate: pointRate)
    return decided
  }

  /// The end of the recording: decides every contact still waiting.
  mutating func finish() -> [Contact] { decide(upTo: .infinity) }

  private mutating func trackPosture(time: Double, acceleration: Vector3) {
    postureSum += acceleration
    if let dropped = postureSpan.push(acceleration) { postureSum -= dropped }
    if let up = postureSum.normalized { _ = postures.push((time, up)) }
  }

  /// A loading peak one point back in the peak signal makes a contact.
  private mutating func findPeak() {
    guard let now = smoothed.element(stepsBack: 0),
      let middle = smoothed.element(stepsBack: 1),
      let before = smoothed.element(stepsBack: 2)
    else { return }
    // A low point older than the longest step is not this step's: after
    // standing still, the last walk's last valley would swell the first
    // step's rise (and hold the next ones to it).
    if middle.peakSignal < trough?.value ?? .infinity
      || middle.time - (trough?.time ?? middle.time)
        > settings.startingStepTimes.upperBound
    {
      trough = (middle.peakSignal, middle.time)
    }
    guard middle.peakSignal > before.peakSignal,
      middle.peakSignal >= now.peakSignal, let trough
    else { return }
    let rise = middle.peakSignal - trough.value
    guard rise >= settings.faintestRise else { return }
    self.trough = nil
    if middle.time - lastRiseTime > settings.longestPause {
      recentRises.removeAll()
    }
    let faint = rise < riseThreshold
    let contact = contactTime(
      from: Swift.max(trough.time, middle.time - settings.riseSearch),
      to: middle.time)
    if let last = waiting.last, contact - last.time < settings.shortestStep {
      if rise > last.rise {
        waiting[waiting.count - 1] = (contact, rise, faint)
      }
      return
    }
    waiting.append((contact, rise, faint))
    guard !faint else { return }
    lastRiseTime = middle.time
    recentRises.append(rise, keepingLast: settings.recentRises)
  }

  private var riseThreshold: Double {
    guard let typical = median(recentRises) else {
      return settings.smallestRise
    }
    return Swift.max(
      settings.smallestRise, settings.riseShareOfRecent * typical)
  }

  /// The landing: the last steep rise of the contact signal into the
  /// loading peak at `end`, after its lowest point since `start`.
  ///
  /// The trunk's bob can rise steeply before the foot lands and the
  /// landing's own jolt sit on top of it as a second, later rise: the
  /// last rise at least ``GaitSettings/landingRiseShare`` as steep as the
  /// steepest is the landing.
  private func contactTime(from start: Double, to end: Double) -> Double {
    let window = smoothed.elements.filter { $0.time >= start && $0.time <= end }
    guard
      let lowest = window.indices.min(by: {
        window[$0].contactSignal < window[$1].contactSignal
      }), lowest + 1 < window.count
    else { return end }
    let slopes = (lowest + 1..<window.count).map {
      (
        time: window[$0].time,
        slope: window[$0].contactSignal - window[$0 - 1].contactSignal
      )
    }
    guard let steepest = slopes.map(\.slope).max(), steepest > 0 else {
      return end
    }
    let steep = settings.landingRiseShare * steepest
    // Local maxima of the slope, steep enough; the last of them.
    var landing = slopes[0].time
    for index in slopes.indices {
      let slope = slopes[index].slope
      let before = index > 0 ? slopes[index - 1].slope : -Double.infinity
      let after =
        index + 1 < slopes.count ? slopes[index + 1].slope : -Double.infinity
      if slope >= steep, slope >= before, slope > after {
        landing = slopes[index].time
      }
    }
    return landing
  }

  /// Decides the contacts whose posture window has closed by `time`.
  private mutating func decide(upTo time: Double) -> [Contact] {
    var decided: [Contact] = []
    var points: [SidePoint]?
    while let first = waiting.first,
      first.time + settings.postureWindow <= time
        || time == .infinity
    {
      if points == nil { points = sideSignals.elements }
      let points = points ?? []
      waiting.removeFirst()
      decided.append(
        Contact(
          time: first.time, rise: first.rise,
          lateralRise: lateralRise(at: first.time, in: points),
          yawRate: hasGyroscope ? yawRate(at: first.time, in: points) : nil,
          trunkSteady: trunkSteady(at: first.time), faint: first.faint))
    }
    return decided
  }

  /// The band-passed yaw rate's mean over ``GaitSettings/sideSpan``
  /// either side of `time`.
  private func yawRate(at time: Double, in points: [SidePoint]) -> Double {
    let near = points.indices.filter {
      Swift.abs(points[$0].time - time) <= settings.sideSpan
    }
    guard !near.isEmpty else { return 0 }
    let total = near.reduce(0) {
      $0 + Self.smoothed(points, at: $1, by: yawKernel, \.yaw)
    }
    return total / Double(near.count)
  }

  /// How much the smoothed medio-lateral acceleration rose from
  /// ``GaitSettings/sideSpan`` before `time` to as long after.
  private func lateralRise(at time: Double, in points: [SidePoint]) -> Double {
    func value(at t: Double) -> Double? {
      points.indices.min(by: {
        Swift.abs(points[$0].time - t) < Swift.abs(points[$1].time - t)
      }).map { Self.smoothed(points, at: $0, by: lateralKernel, \.lateral) }
    }
    guard let after = value(at: time + settings.sideSpan),
      let before = value(at: time - settings.sideSpan)
    else { return 0 }
    return after - before
  }

  /// `points[index]`'s signal smoothed by `kernel`, centred on it (the
  /// kernel's ends that fall outside the points, at a recording's start,
  /// are left out).
  private static func smoothed(
    _ points: [SidePoint], at index: Int, by kernel: [Double],
    _ signal: KeyPath<SidePoint, Double>
  ) -> Double {
    let half = kernel.count / 2
    var total = 0.0
    for (offset, weight) in kernel.enumerated() {
      let at = index + offset - half
      guard points.indices.contains(at) else { continue }
      total += weight * points[at][keyPath: signal]
    }
    return total
  }

  /// Whether the trunk kept its posture from a window before the contact
  /// to a window after it: every posture between is within
  /// ``GaitSettings/largestPostureChange`` of both ends (sitting down,
  /// standing up and bending lean the trunk and bring it back).
  private func trunkSteady(at time: Double) -> Bool {
    let window = postures.elements.filter {
      Swift.abs($0.time - time) <= settings.postureWindow
    }
    guard let first = window.first?.up, let last = window.last?.up else {
      return true
    }
    // Unit vectors: within the angle is a dot product above its cosine.
    let closest = Double.cos(
      settings.largestPostureChange / Units.degreesPerRadian)
    return window.allSatisfy {
      $0.up.dot(first) > closest && $0.up.dot(last) > closest
    }
  }
}

/// The last `2 * half + 1` values of a signal, for centred smoothing.
struct CenteredWindow: Sendable {
  private var values: [Double]
  private var next = 0
  private var filled = 0
  let half: Int

  init(half: Int) {
    self.half = half
    values = Array(repeating: 0, count: 2 * half + 1)
  }

  /// Adds `value`; returns the value now at the centre, once there is one
  /// with `half` values on each side.
  mutating func push(_ value: Double) -> Double? {
    values[next] = value
    next = (next + 1) % values.count
    filled = Swift.min(filled + 1, values.count)
    guard filled == values.count else { return nil }
    return values[(next + half) % values.count]
  }

  /// The centre value smoothed by `kernel` (odd length, at most the
  /// window's), centred on it.
  func smoothed(by kernel: [Double]) -> Double {
    let kernelHalf = kernel.count / 2
    let count = values.count
    var index = (next + half - kernelHalf) % count
    var total = 0.0
    for weight in kernel {
      total += weight * values[index]
      index += 1
      if index == count { index = 0 }
    }
    return total
  }
}
