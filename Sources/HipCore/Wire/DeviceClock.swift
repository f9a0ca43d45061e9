/// Turns decoded samples' device time into seconds from the first sample:
/// the one place that unwraps counters, finds gaps and measures drift.
///
/// - Device timestamps (HipForm `u32` µs, x-IMU3 `u64` µs, a CSV `t_us`
///   column) are unwrapped by modular difference, so a `u32` microsecond
///   counter that wraps every 71.6 minutes keeps counting up. A timestamp
///   that does not move forward (a duplicate, or a step back of more than
///   half the counter range) drops the sample and is counted.
/// - Sequence numbers, where the protocol has them, say how many frames were
///   lost; without them a device-time step longer than `gapFactor` nominal
///   periods is a gap of `round(step × rate) − 1` lost samples. Gaps stay in
///   `t` as gaps: nothing is filled in.
/// - Without device time (WitMotion, Adafruit or SparkFun lines) the caller
///   chooses the ``TimeBase``: `nominalRate` gives `t = index / rate` (the
///   deterministic choice for tests and replay; sequence gaps still advance
///   the index); `hostReceiveTime` paces samples at the nominal period,
///   corrected by the measured drift, and re-anchors to the host clock when
///   the host is ahead by more than `hostGapTolerance` (a gap).
/// - Drift is measured, never ignored: ``Report/rateErrorPPM`` is a running
///   least-squares fit of device time against sample index (how far the
///   device's period, measured by its own clock, is from nominal);
///   ``Report/hostDriftPPM`` fits device time against the host receive
///   times, when the caller supplies them. A clock 200 ppm fast reads +200.
public struct DeviceClock: Sendable {
  /// Where `t` comes from for samples that carry no device timestamp.
  public enum TimeBase: String, Sendable, Hashable, CaseIterable {
    /// `t = index / nominalRate`: deterministic, for tests and replay.
    case nominalRate
    /// Nominal pacing anchored to the host receive times passed in.
    case hostReceiveTime
  }

  /// How the clock reads its samples; validated once in ``init(settings:)``.
  public struct Settings: Sendable, Hashable {
    /// The device's nominal sample rate, in Hz.
    public var nominalRate: Double
    /// Timing for samples without device timestamps.
    public var timeBase: TimeBase
    /// The gap threshold, in nominal periods; must exceed 1.
    ///
    /// A device-time step longer than this is a gap. Used when the protocol
    /// has no sequence numbers.
    public var gapFactor: Double
    /// The host-clock lead that counts as a gap, in seconds; positive.
    ///
    /// In `hostReceiveTime` mode, how far the host clock may run ahead of
    /// the paced time before a gap is declared.
    public var hostGapTolerance: Double

    /// Settings with the defaults: nominal-rate timing, gaps beyond 1.5
    /// periods, 0.1 s host tolerance.
    ///
    /// - Parameters:
    ///   - nominalRate: The device's nominal sample rate, in Hz.
    ///   - timeBase: Timing for samples without device timestamps.
    ///   - gapFactor: Gap threshold in nominal periods, above 1.
    ///   - hostGapTolerance: Host-clock lead, in seconds, that counts as a
    ///     gap in `hostReceiveTime` mode.
    public init(
      nominalRate: Double, timeBase: TimeBase = .nominalRate,
      gapFactor: Double = 1.5, hostGapTolerance: Double = 0.1
    ) {
      self.nominalRate = nominalRate
      self.timeBase = timeBase
      self.gapFactor = gapFactor
      self.hostGapTolerance = hostGapTolerance
    }
  }

  /// Why settings were rejected.
  public enum SettingsError: Error, Sendable, Hashable {
    /// The nominal rate is not one a sensor runs at
    /// (``PhysicalLimits/rateHz``).
    case invalidNominalRate(Double)
    /// The gap factor is not a finite number above 1.
    case invalidGapFactor(Double)
    /// The host gap tolerance is not a positive finite number of seconds.
    case invalidHostGapTolerance(Double)
  }

  /// What the clock has measured so far.
  public struct Report: Sendable, Hashable {
    /// Samples given a time.
    public var samples = 0
    /// Samples missing from the stream, from sequence numbers or time steps.
    public var lostSamples = 0
    /// Places where samples were missing.
    public var gaps = 0
    /// Times a device timestamp counter wrapped around.
    public var timestampWraps = 0
    /// Times a sequence counter wrapped around.
    public var sequenceWraps = 0
    /// Samples dropped because their timestamp or sequence number did not
    /// move forward, or their timestamp leapt beyond
    /// ``DeviceClock/largestStepSeconds``.
    public var droppedOutOfOrder = 0
    /// Device-clock period error against the nominal rate, in ppm.
    ///
    /// Positive: the device's clock counts more time per sample than
    /// nominal. `nil` until there are device timestamps from at
    /// least 10 samples.
    public var rateErrorPPM: Double?
    /// Device clock against the host clock, in ppm.
    ///
    /// Positive: the device clock runs fast. Without device timestamps the device
    /// clock is the sample pacing (`index / nominalRate`). `nil` until host
    /// times for at least 10 samples were given.
    public var hostDriftPPM: Double?
    /// The sample rate measured by the device's own clock, in Hz, if known.
    public var measuredRate: Double?

    /// An empty report.
    public init() {}

    /// Adds an earlier connection's counts (a device that was unplugged
    /// and came back); the drift figures stay this connection's when it
    /// has them.
    ///
    /// - Parameter earlier: The earlier connection's report.
    public mutating func add(_ earlier: Report) {
      samples += earlier.samples
      lostSamples += earlier.lostSamples
      gaps += earlier.gaps
      timestampWraps += earlier.timestampWraps
      sequenceWraps += earlier.sequenceWraps
      droppedOutOfOrder += earlier.droppedOutOfOrder
      rateErrorPPM = rateErrorPPM ?? earlier.rateErrorPPM
      hostDriftPPM = hostDriftPPM ?? earlier.hostDriftPPM
      measuredRate = measuredRate ?? earlier.measuredRate
    }
  }

  public private(set) var settings: Settings
  private var started = false
  private var index: Int64 = 0
  private var lastTime = 0.0
  private var lastTicks: UInt64 = 0
  private var unwrappedTicks: UInt64 = 0
  /// Timestamps that leapt too far, while they agree with each other.
  private var leap: (ticks: UInt64, count: Int)?
  private var lastSequence: UInt64 = 0
  private var firstHost: Double?
  private var counts = Report()
  private var deviceFit = RunningFit()
  private var hostFit = RunningFit()

  /// Creates a clock; the only step that can fail.
  ///
  /// - Parameter settings: The nominal rate and timing choices.
  /// - Throws: ``SettingsError`` when a setting is out of range.
  public init(settings: Settings) throws(SettingsError) {
    try Self.validate(settings)
    self.settings = settings
  }

  private static func validate(_ s: Settings) throws(SettingsError) {
    guard PhysicalLimits.isPossibleRate(s.nominalRate) else {
      throw .invalidNominalRate(s.nominalRate)
    }
    guard s.gapFactor > 1, s.gapFactor.isFinite else {
      throw .invalidGapFactor(s.gapFactor)
    }
    guard s.hostGapTolerance > 0, s.hostGapTolerance.isFinite else {
      throw .invalidHostGapTolerance(s.hostGapTolerance)
    }
  }

  /// Changes the nominal rate, as when a device declares its own.
  ///
  /// - Parameter hz: The new rate; ignored unless a sensor's
  ///   (``PhysicalLimits/rateHz``).
  /// - Returns: Whether the rate was accepted.
  @discardableResult
  public mutating func updateNominalRate(_ hz: Double) -> Bool {
    guard PhysicalLimits.isPossibleRate(hz) else { return false }
    settings.nominalRate = hz
    return true
  }

  /// What the clock has measured so far.
  public var report: Report {
    var r = counts
    if let slope = deviceFit.slope, deviceFit.count >= 10 {
      r.rateErrorPPM = (slope * settings.nominalRate - 1) * 1e6
      r.measuredRate = 1 / slope
    }
    if let slope = hostFit.slope, hostFit.count >= 10 {
      r.hostDriftPPM = (slope - 1) * 1e6
    }
    return r
  }

  /// The time of `sample` in seconds since the first sample, or `nil` when
  /// the sample is dropped because it does not move forward.
  ///
  /// - Parameters:
  ///   - sample: The next decoded sample, in stream order.
  ///   - hostTime: When the host received it, in seconds on any monotonic
  ///     clock; used for drift and, in `hostReceiveTime` mode, for timing.
  /// - Returns: `t` in seconds, increasing; `nil` for a dropped sample.
  public mutating func time(for sample: DecodedSample, hostTime: Double? = nil)
    -> Double?
  {
    let host = hostTime.flatMap { $0.isFinite ? $0 : nil }
    guard started else { return start(sample, host: host) }

    // Steps since the previous sample, from the sequence number first.
    var step: Int64?
    if let seq = sample.sequence {
      let delta = Self.modularDelta(seq.value, lastSequence, seq.bitWidth)
      guard delta > 0 else {
        counts.droppedOutOfOrder += 1
        return nil
      }
      if seq.value < lastSequence { counts.sequenceWraps += 1 }
      lastSequence = seq.value
      step = delta
    }

    let t: Double
    if let stamp = sample.timestamp {
      let delta = Self.modularDelta(stamp.ticks, lastTicks, stamp.bitWidth)
      guard delta > 0 else {
        counts.droppedOutOfOrder += 1
        return nil
      }
      guard
        Double(delta) / stamp.ticksPerSecond <= Self.largestStepSeconds
          || isLastingLeap(stamp)
      else {
        counts.droppedOutOfOrder += 1
        return nil
      }
      leap = nil
      if stamp.ticks < lastTicks { counts.timestampWraps += 1 }
      lastTicks = stamp.ticks
      unwrappedTicks &+= UInt64(delta)
      t = Double(unwrappedTicks) / stamp.ticksPerSecond
      if step == nil {
        let periods = (t - lastTime) * settings.nominalRate
        step = periods > settings.gapFactor ? Int64(periods.rounded()) : 1
      }
      index += step ?? 1
      deviceFit.add(x: Double(index), y: t)
    } else {
      index += step ?? 1
      t = pacedTime(step: step ?? 1, host: host)
    }
    let lost = (step ?? 1) - 1
    if lost > 0 {
      counts.gaps += 1
      counts.lostSamples += Int(lost)
    }
    if let host {
      let origin = firstHost ?? host
      firstHost = origin
      let deviceElapsed =
        sample.timestamp == nil
        ? Double(index) / settings.nominalRate : t
      hostFit.add(x: host - origin, y: deviceElapsed)
    }
    lastTime = t
    counts.samples += 1
    return t
  }

  /// A step longer than this between two samples is a garbled timestamp
  /// (x-IMU3 messages carry no checksum), unless the samples after it
  /// agree: followed at once, it would put every later sample years away.
  public static let largestStepSeconds = 3600.0
  /// Samples in a row that must agree on a leap for it to be a real pause.
  static let samplesConfirmingLeap = 3

  /// Whether `stamp` is the latest of enough samples in a row that leapt
  /// together: the device really paused (or its clock was set).
  private mutating func isLastingLeap(_ stamp: DeviceTimestamp) -> Bool {
    var count = 1
    if let earlier = leap {
      let step = Self.modularDelta(stamp.ticks, earlier.ticks, stamp.bitWidth)
      if step > 0,
        Double(step) / stamp.ticksPerSecond <= Self.largestStepSeconds
      {
        count = earlier.count + 1
      }
    }
    leap = (stamp.ticks, count)
    return count >= Self.samplesConfirmingLeap
  }

  private mutating func start(_ sample: DecodedSample, host: Double?) -> Double
  {
    started = true
    if let seq = sample.sequence { lastSequence = seq.value }
    if let stamp = sample.timestamp {
      lastTicks = stamp.ticks
      deviceFit.add(x: 0, y: 0)
    }
    if let host {
      firstHost = host
      hostFit.add(x: 0, y: 0)
    }
    counts.samples = 1
    return 0
  }

  /// Time for a sample without a device timestamp.
  private mutating func pacedTime(step: Int64, host: Double?) -> Double {
    let period = 1 / settings.nominalRate
    guard settings.timeBase == .hostReceiveTime, let host else {
      return Double(index) * period
    }
    var rate = 1.0
    if hostFit.count >= 50, let slope = hostFit.slope, slope > 0 {
      rate = slope
    }
    let paced = lastTime + Double(step) * period / rate
    let hostElapsed = host - (firstHost ?? host)
    guard hostElapsed - paced > settings.hostGapTolerance else { return paced }
    // The host is well ahead: samples went missing. Re-anchor.
    let missing = Int64(((hostElapsed - lastTime) / period * rate).rounded())
    let extra = max(0, missing - step)
    if extra > 0 {
      counts.gaps += 1
      counts.lostSamples += Int(extra)
      index += extra
    }
    return hostElapsed
  }

  /// `(a − b) mod 2^bits` as a forward step; 0 when `a` is not ahead of `b`
  /// (equal, or behind by up to half the range).
  private static func modularDelta(_ a: UInt64, _ b: UInt64, _ bits: Int)
    -> Int64
  {
    let mask: UInt64 = bits == 64 ? .max : (1 << UInt64(bits)) - 1
    let delta = (a &- b) & mask
    let half: UInt64 = bits == 64 ? 1 << 63 : 1 << UInt64(bits - 1)
    guard delta < half else { return 0 }
    return Int64(delta)
  }
}

/// Running least-squares line `y = a + slope·x`, updated in O(1) per point
/// with Welford's centred sums so long streams lose no precision.
struct RunningFit: Sendable, Hashable {
  private(set) var count = 0
  private var meanX = 0.0
  private var meanY = 0.0
  private var sxx = 0.0
  private var sxy = 0.0

  mutating func add(x: Double, y: Double) {
    count += 1
    let dx = x - meanX
    meanX += dx / Double(count)
    meanY += (y - meanY) / Double(count)
    sxx += dx * (x - meanX)
    sxy += dx * (y - meanY)
  }

  /// The fitted slope, or `nil` while all x are equal.
  var slope: Double? { sxx > 0 ? sxy / sxx : nil }
}
