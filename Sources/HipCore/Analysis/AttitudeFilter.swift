/// Estimates where the sky is, in the body frame, one sample at a time.
///
/// With a gyroscope this is a Mahony-style complementary filter
/// (<https://doi.org/10.1109/TAC.2008.923738>): the gyroscope carries the
/// attitude over the short term and the accelerometer pulls it toward
/// gravity over the long term (harder while it reads a steady 1 g, when it
/// is gravity alone), skipping samples whose acceleration is far from 1 g
/// (strong linear acceleration). The gyroscope's bias is learned
/// while the body is still, so an uncalibrated part does not tilt the
/// estimate, and about level axes also from what the accelerometer keeps
/// correcting (the filter's integral term). Without a gyroscope the sky
/// direction is the accelerometer's direction, smoothed by a triangular
/// window centred on each sample, so it carries no lag: its output for a
/// sample comes out half a window later.
public struct AttitudeFilter: Sendable {
  /// Tuning, each with its unit.
  public struct Settings: Sendable, Equatable {
    /// Accelerometer pull toward gravity, 1/s (the time constant is its
    /// inverse): slow enough to trust the gyroscope through a rep.
    public var accelerometerGain = 0.5
    /// The same pull while the accelerometer is steady near 1 g, 1/s.
    ///
    /// Then it reads gravity alone, and what the gyroscope got wrong during the
    /// last movement (scale, a bias learned during a slow movement) is shed
    /// twice as fast, before the next rep is measured from it. Faster still
    /// passes the accelerometer's noise into small pelvic reps.
    public var steadyAccelerometerGain = 1.0
    /// Acceleration further than this from 1 g is not used, g.
    public var accelerationRejection = 0.12
    /// Gyroscope spread below which the body is taken as still, deg/s.
    public var stillAngularRateSpread = 1.0
    /// Time over which the gyroscope bias settles while still, s.
    ///
    /// Until the body has been still this long in all, the bias is the
    /// plain mean rate over the stillness so far: the first still moments
    /// calibrate the part, as at power-on, where an exponential average
    /// would leave part of a large bias (an MPU-6050's can be 20 deg/s)
    /// in the first reps.
    public var biasTimeConstant = 2.0
    /// Integral gain, 1/s²: the bias about level axes also follows what
    /// the accelerometer keeps correcting (Mahony's integral term); a
    /// movement that the accelerometer sees as well does not feed it.
    public var biasIntegralGain = 0.05
    /// Half-width of the accelerometer-only smoothing window, s.
    public var smoothingHalfWidth = 0.12

    public init() {}

    public static let `default` = Settings()
  }

  /// One output of the filter.
  public struct Estimate: Sendable, Equatable {
    /// The sample's time, s (for the accelerometer-only path, the centre
    /// of the smoothing window).
    public var time: Double
    /// Unit vector toward the sky, body frame.
    public var up: Vector3
    /// The body's attitude in a world frame whose heading is arbitrary
    /// (it drifts slowly); `nil` without a gyroscope.
    public var attitude: Quaternion?
    /// Specific force magnitude, g (1 at rest).
    public var accelerationMagnitude: Double
    /// Angular speed, deg/s, bias removed; from the change of the sky
    /// direction without a gyroscope.
    public var angularSpeed: Double
    /// Specific force averaged over about half a second, g, body frame:
    /// the sky direction by the accelerometer alone when the body is
    /// still, free of the gyroscope's drift and of the fusion's lag.
    public var measuredGravity: Vector3
    /// How far the estimate still is from the accelerometer: the length of
    /// the fusion's correction (measured sky × estimated sky) averaged over
    /// a quarter second, about the sine of the angle between them.
    ///
    /// Near zero once the fusion has shed what the gyroscope got wrong in
    /// the last movement. Kept as it was while the accelerometer is not
    /// used (further than ``Settings/accelerationRejection`` from 1 g).
    /// Zero without a gyroscope, where the estimate is the accelerometer.
    public var unsettledSine: Double = 0
  }

  public let settings: Settings
  public let hasGyroscope: Bool
  private var attitude = Quaternion.identity
  private var bias = Vector3.zero  // deg/s
  /// The gyroscope's bias as learned so far, body frame, deg/s.
  public var gyroscopeBias: Vector3 { bias }
  private var stillTime = 0.0  // s, still in all so far
  private var initialized = false
  private var gyroMean = Vector3.zero
  private var gyroSpread = 0.0
  private var accelerationMean = Vector3(0, 1, 0)
  private var lastTime = 0.0
  private var previousStepTime = 0.0
  private var lastRate = Vector3.zero
  private var lastMagnitude = 1.0
  private var estimatedUp = Vector3(0, 1, 0)
  private var correctionMean = Vector3.zero
  private var smoothedTime = 0.0
  private var smoothedAcceleration = Vector3(0, 1, 0)
  private var smoothedMagnitude = 1.0
  private var smoother: TriangularSmoother
  /// After a gap: the next sample restarts the clock, not the attitude.
  private var resuming = false
  private var recentUps = Deque<(time: Double, up: Vector3)>()

  public init(settings: Settings = .default, hasGyroscope: Bool, rateHz: Double)
  {
    self.settings = settings
    self.hasGyroscope = hasGyroscope
    // Rates are checked where they enter (PhysicalLimits); the clamp keeps
    // a caller that skipped the check from trapping or sizing a huge buffer.
    let samples = (settings.smoothingHalfWidth * rateHz).rounded()
    let half = samples.isFinite ? Int(Swift.min(Swift.max(1, samples), 1e5)) : 1
    smoother = TriangularSmoother(halfWidth: half)
  }

  /// Starts again from the next sample, as after a gap: what the body did
  /// while samples were lost is unknown.
  ///
  /// With a gyroscope the attitude carries on from where it was and the
  /// accelerometer pulls it to where the body is now: a single
  /// accelerometer sample, taken mid-movement (reps cut out and joined),
  /// is off by the movement's own acceleration, 15-20° in
  /// `../shared/real/squat-segments`.
  public mutating func restart() {
    resuming = initialized
    smoother.reset()
    recentUps = Deque()
  }

  /// Adds a body-frame sample.
  ///
  /// Split from ``estimate()`` so that a caller that looks at only every
  /// few samples does not pay for the rest.
  ///
  /// - Parameters:
  ///   - time: The sample's time, s.
  ///   - acceleration: Specific force, body frame, g.
  ///   - angularRate: Body frame, deg/s; `nil` without a gyroscope.
  /// - Returns: Whether ``estimate()`` has a new value (the
  ///   accelerometer-only path needs half a window of samples first).
  public mutating func update(
    time: Double, acceleration: Vector3, angularRate: Vector3?
  ) -> Bool {
    let magnitude = acceleration.length
    guard let rate = angularRate, hasGyroscope else {
      guard
        let smoothed = smoother.add(
          time: time, value: acceleration, magnitude: magnitude)
      else { return false }
      smoothedTime = smoothed.time
      smoothedAcceleration = smoothed.value
      smoothedMagnitude = smoothed.magnitude
      return true
    }
    lastRate = rate
    lastMagnitude = magnitude
    lastTime = time

    guard initialized else {
      let up = acceleration.normalized ?? Vector3(0, 1, 0)
      // Any attitude whose sky direction is `up`; heading is arbitrary.
      attitude = Quaternion(from: up, to: Vector3(0, 1, 0))
      estimatedUp = up
      gyroMean = rate
      gyroSpread = 0
      accelerationMean = acceleration
      correctionMean = .zero
      previousStepTime = time
      initialized = true
      return true
    }
    if resuming {
      resuming = false
      previousStepTime = time
      return true
    }
    let dt = time - previousStepTime
    previousStepTime = time

    // Stillness: the gyroscope steady and the accelerometer near 1 g and
    // not turning. Then the mean angular rate is the bias.
    let alpha = Swift.min(1, dt * 2)  // a 0.5 s average
    gyroMean += (rate - gyroMean) * alpha
    let deviation = rate - gyroMean
    gyroSpread += (deviation.dot(deviation) - gyroSpread) * alpha
    accelerationMean += (acceleration - accelerationMean) * alpha
    let spread = settings.stillAngularRateSpread
    let change = acceleration - accelerationMean
    let steady = Swift.abs(magnitude - 1) < 0.05 && change.dot(change) < 0.0004
    if steady, gyroSpread < spread * spread {
      stillTime += dt
      let timeConstant = Swift.min(settings.biasTimeConstant, stillTime)
      bias += (gyroMean - bias) * Swift.min(1, dt / timeConstant)
    }

    var omega = (rate - bias) * (1 / Units.degreesPerRadian)
    if Swift.abs(magnitude - 1) < settings.accelerationRejection, magnitude > 0
    {
      let measuredUp = acceleration * (1 / magnitude)
      let gain =
        steady ? settings.steadyAccelerometerGain : settings.accelerometerGain
      let error = measuredUp.cross(estimatedUp)
      omega += error * gain
      correctionMean += (error - correctionMean) * Swift.min(1, dt * 4)
      bias -= error * (settings.biasIntegralGain * dt * Units.degreesPerRadian)
    }
    // First-order quaternion step: exact to the accuracy that matters at
    // 50 Hz and above, and free of trigonometry on the hot path.
    let h = 0.5 * dt
    let q = attitude
    let w = q.w - h * (q.x * omega.x + q.y * omega.y + q.z * omega.z)
    let x = q.x + h * (q.w * omega.x + q.y * omega.z - q.z * omega.y)
    let y = q.y + h * (q.w * omega.y - q.x * omega.z + q.z * omega.x)
    let z = q.z + h * (q.w * omega.z + q.x * omega.y - q.y * omega.x)
    let scale = 1 / Double.sqrt(w * w + x * x + y * y + z * z)
    attitude = Quaternion(
      w: w * scale, x: x * scale, y: y * scale, z: z * scale)
    estimatedUp = attitude.conjugate.rotate(Vector3(0, 1, 0))
    return true
  }

  /// The estimate after the last ``update`` that returned `true`.
  public mutating func estimate() -> Estimate {
    guard hasGyroscope else {
      let up = smoothedAcceleration.normalized ?? Vector3(0, 1, 0)
      // Speed over a 0.2 s baseline: consecutive smoothed directions differ
      // mostly by noise, and a noisy part would never look still.
      recentUps.append((smoothedTime, up))
      while let first = recentUps.first, smoothedTime - first.time > 0.4,
        recentUps.count > 2
      {
        recentUps.removeFirst()
      }
      var speed = 0.0
      if let first = recentUps.first, smoothedTime > first.time {
        // |a×b| is the sine of the small angle between the two unit
        // vectors: the angle itself to well under a percent, without atan2.
        speed =
          first.up.cross(up).length * Units.degreesPerRadian
          / (smoothedTime - first.time)
      }
      return Estimate(
        time: smoothedTime, up: up, attitude: nil,
        accelerationMagnitude: smoothedMagnitude, angularSpeed: speed,
        measuredGravity: smoothedAcceleration)
    }
    return Estimate(
      time: lastTime, up: estimatedUp, attitude: attitude,
      accelerationMagnitude: lastMagnitude,
      angularSpeed: (lastRate - bias).length,
      measuredGravity: accelerationMean, unsettledSine: correctionMean.length)
  }
}

/// Two moving averages in a row: a triangular window centred on the
/// sample it reports, so the smoothed direction has no lag, only latency.
struct TriangularSmoother: Sendable {
  private let halfWidth: Int
  private var first: RingBuffer<Vector3>
  private var second: RingBuffer<Vector3>
  private var magnitudes: RingBuffer<Double>
  private var magnitudeSum = 0.0
  private var times: RingBuffer<Double>
  private var firstSum = Vector3.zero
  private var secondSum = Vector3.zero

  init(halfWidth: Int) {
    self.halfWidth = halfWidth
    first = RingBuffer(capacity: halfWidth)
    second = RingBuffer(capacity: halfWidth)
    magnitudes = RingBuffer(capacity: 2 * halfWidth)
    // The window's centre is halfWidth - 1 samples behind the newest.
    times = RingBuffer(capacity: Swift.max(1, halfWidth - 1))
  }

  mutating func reset() { self = TriangularSmoother(halfWidth: halfWidth) }

  mutating func add(time: Double, value: Vector3, magnitude: Double) -> (
    time: Double, value: Vector3, magnitude: Double
  )? {
    if let dropped = magnitudes.push(magnitude) { magnitudeSum -= dropped }
    magnitudeSum += magnitude
    if let dropped = first.push(value) { firstSum -= dropped }
    firstSum += value
    let centreTime = halfWidth == 1 ? time : times.push(time)
    guard first.isFull else { return nil }
    let average = firstSum / Double(halfWidth)
    if let dropped = second.push(average) { secondSum -= dropped }
    secondSum += average
    guard second.isFull, let centreTime else { return nil }
    return (
      centreTime, secondSum / Double(halfWidth),
      magnitudeSum / Double(magnitudes.count)
    )
  }
}

/// A fixed-capacity FIFO; pushing into a full one returns the oldest.
struct RingBuffer<Element: Sendable>: Sendable {
  private var storage: [Element] = []
  private var head = 0
  let capacity: Int

  init(capacity: Int) {
    self.capacity = Swift.max(1, capacity)
    storage.reserveCapacity(self.capacity)
  }

  var count: Int { storage.count }
  var isFull: Bool { storage.count == capacity }

  /// Adds `element`; returns the element it displaced, if full.
  mutating func push(_ element: Element) -> Element? {
    if storage.count < capacity {
      storage.append(element)
      return nil
    }
    let oldest = storage[head]
    storage[head] = element
    head += 1
    if head == capacity { head = 0 }
    return oldest
  }

  /// The element pushed `stepsBack` pushes before the newest (0: the
  /// newest), if it is still held.
  func element(stepsBack: Int) -> Element? {
    guard stepsBack >= 0, stepsBack < storage.count else { return nil }
    return storage[(head + storage.count - 1 - stepsBack) % storage.count]
  }

  /// Elements from oldest to newest.
  var elements: [Element] {
    Array(storage[head...]) + Array(storage[..<head])
  }
}

/// A small first-in first-out queue that does not shift its elements.
struct Deque<Element: Sendable>: Sendable {
  private var storage: [Element] = []
  private var head = 0

  var first: Element? { head < storage.count ? storage[head] : nil }
  var count: Int { storage.count - head }

  mutating func append(_ element: Element) { storage.append(element) }

  mutating func removeFirst() {
    head += 1
    if head > 64 && head * 2 > storage.count {
      storage.removeFirst(head)
      head = 0
    }
  }
}
