import HipCore
import RealModule

/// Where the sensor-carrying segment is at one moment.
public struct SegmentPose: Sendable {
  /// Segment attitude, segment (body) frame to world frame (+Y up).
  public var attitude: Quaternion
  /// The sensor point's position in the world frame, m.
  public var position: Vector3

  public init(attitude: Quaternion, position: Vector3) {
    self.attitude = attitude
    self.position = position
  }
}

/// A motion the sensor can be strapped to: the true pose at a true time.
public protocol SensorMotion: Sendable {
  /// The pose at true time `t` (seconds).
  ///
  /// It must be smooth enough to differentiate twice: the accelerometer reads
  /// its second derivative.
  func pose(at t: Double) -> SegmentPose
}

/// An IMU strapped to a moving segment: turns true motion into the
/// samples a real part would write.
///
/// The physics, per sample at true time `τ`:
/// - sensor attitude `q_ws = q_wb(τ) · m`, with `m` the true mounting
///   (sensor frame to body frame: the declared `axes` turned by the
///   misalignment);
/// - angular rate from the attitude trajectory, `ω = log(q_ws(τ−h)⁻¹ ·
///   q_ws(τ+h)) / 2h` (sensor axes, right-hand rule);
/// - specific force from the position trajectory, `f = q_ws⁻¹ (up + p̈ /
///   g₀)` in g with `p̈` the central second difference: a sensor at rest
///   reads +1 g toward the sky.
/// Then the part's errors: gain and cross-axis matrix, bias plus its
/// warm-up drift (temperature coefficient × a first-order rise toward skin
/// temperature) and, for the gyroscope, a slow random walk; white noise of
/// `density × √(rate / 2)` (the noise density over the Nyquist band); and
/// quantization to the part's LSB with clipping at full scale.
public struct IMUSimulator: Sendable {
  public let part: IMUPart
  /// Nominal sample rate, Hz.
  public let rateHz: Double
  public let hasGyro: Bool
  /// The true mounting: sensor frame to body frame.
  public let mounting: Quaternion
  let errors: SensorErrors
  let noiseSeed: UInt64

  /// Differentiation step, s: fine enough for a 20 Hz knock, coarse
  /// enough to keep rounding far below the sensor noise.
  static let step = 0.0005

  /// Creates the simulator, drawing the part's errors from `seed`.
  ///
  /// - Parameters:
  ///   - part: The part whose datasheet errors are drawn.
  ///   - rateHz: Nominal sample rate, Hz.
  ///   - hasGyro: Whether samples carry an angular rate.
  ///   - axes: The declared mounting.
  ///   - misalignment: How the real mounting is turned from `axes`, a
  ///     rotation in the body frame.
  ///   - seed: The seed of the part's errors and its noise.
  ///   - clockScale: Device time over true time; `nil` draws it within the
  ///     part's clock tolerance.
  public init(
    part: IMUPart, rateHz: Double, hasGyro: Bool, axes: AxesMapping,
    misalignment: Quaternion, seed: UInt64, clockScale: Double? = nil
  ) {
    self.part = part
    self.rateHz = rateHz
    self.hasGyro = hasGyro
    let declared = Quaternion(
      columns: axes.x.bodyVector, axes.y.bodyVector, axes.z.bodyVector)
    mounting = (misalignment * declared).normalized
    var rng = SeededGenerator(seed: seed, stream: 2)
    var drawn = SensorErrors(part: part, rng: &rng)
    if let clockScale { drawn.clockError = 1 / clockScale - 1 }
    errors = drawn
    noiseSeed = seed
  }

  /// Device time over true time: the device clock's rate error.
  public var clockScale: Double { 1 / (1 + errors.clockError) }

  /// The true time at which sample `k` is taken, s.
  public func trueTime(ofSample k: Int) -> Double {
    Double(k) / rateHz * (1 + errors.clockError)
  }

  /// The number of samples the device takes in `trueDuration` seconds.
  public func sampleCount(trueDuration: Double) -> Int {
    Int((trueDuration / (1 + errors.clockError) * rateHz).rounded(.down)) + 1
  }

  /// The error-free reading of the sensor at true time `t`: specific force
  /// in g and angular rate in dps, sensor axes.
  public func idealReading(_ motion: some SensorMotion, at t: Double)
    -> (acceleration: Vector3, angularRate: Vector3)
  {
    let h = Self.step
    let before = motion.pose(at: t - h)
    let now = motion.pose(at: t)
    let after = motion.pose(at: t + h)
    let qBefore = before.attitude * mounting
    let qNow = now.attitude * mounting
    let qAfter = after.attitude * mounting
    let omega =
      (qBefore.conjugate * qAfter).normalized.rotationVector / (2 * h)
      * Units.degreesPerRadian
    let linear =
      (after.position - now.position * 2 + before.position) / (h * h)
    let force = worldUp + linear / Units.standardGravity
    return (qNow.conjugate.rotate(force), omega)
  }

  /// Samples `motion` at indices `0..<count`, calling `body` with each
  /// sample in order; indices in `lost` are lost samples (gaps), and
  /// indices outside `kept` (when given, ascending) are not written either.
  ///
  /// Noise and drift are drawn for every sample index, written or not, so
  /// a gap never changes the samples after it.
  public func run(
    _ motion: some SensorMotion, count: Int, lost: Set<Int> = [],
    kept: [ClosedRange<Int>]? = nil, _ body: (Sample) throws -> Void
  ) rethrows {
    var rng = SeededGenerator(seed: noiseSeed, stream: 3)
    let period = 1 / rateHz
    let accelSigma = part.accelNoiseDensity * Double.sqrt(rateHz / 2)
    let gyroSigma = part.gyroNoiseDensity * Double.sqrt(rateHz / 2)
    let walkSigma = part.gyroBiasRandomWalk * Double.sqrt(period)
    var walk = Vector3.zero
    var keptIndex = 0
    for k in 0..<count {
      let t = trueTime(ofSample: k)
      let jitter = rng.gaussian(
        mean: 0, sd: part.timestampJitter * period, limit: 0.4 * period)
      let accelNoise = gaussianVector(&rng, accelSigma)
      let gyroNoise = gaussianVector(&rng, gyroSigma)
      walk += gaussianVector(&rng, walkSigma)
      if lost.contains(k) { continue }
      if let kept {
        while keptIndex < kept.count, kept[keptIndex].upperBound < k {
          keptIndex += 1
        }
        guard keptIndex < kept.count, kept[keptIndex].contains(k) else {
          continue
        }
      }
      let ideal = idealReading(motion, at: t)
      let warm =
        errors.warmUpDegrees
        * (1 - Double.exp(-t / Swift.max(1, errors.warmUpSeconds)))
      let accel =
        errors.accelGain * ideal.acceleration + errors.accelBias
        + errors.accelBiasPerDegree * warm + accelNoise
      var rate: Vector3?
      if hasGyro {
        let g =
          errors.gyroGain * ideal.angularRate + errors.gyroBias
          + errors.gyroBiasPerDegree * warm + walk + gyroNoise
        rate = quantize(g, lsb: part.gyroLSB, fullScale: part.gyroFullScale)
      }
      try body(
        Sample(
          time: Double(k) * period + jitter,
          acceleration: quantize(
            accel, lsb: part.accelLSB, fullScale: part.accelFullScale),
          angularRate: rate))
    }
  }

  private func gaussianVector(_ rng: inout SeededGenerator, _ sd: Double)
    -> Vector3
  {
    Vector3(rng.gaussian(sd: sd), rng.gaussian(sd: sd), rng.gaussian(sd: sd))
  }

  private func quantize(_ v: Vector3, lsb: Double, fullScale: Double)
    -> Vector3
  {
    func q(_ x: Double) -> Double {
      let clipped = Swift.min(fullScale, Swift.max(-fullScale, x))
      guard lsb > 0 else { return clipped }
      return (clipped / lsb).rounded() * lsb
    }
    return Vector3(q(v.x), q(v.y), q(v.z))
  }
}
