import HipCore

/// Watches how fast samples arrive against the device's rate.
///
/// A live sensor's samples arrive at its rate, give or take the operating
/// system's buffering; a backlog (a device left sending while nobody read,
/// a simulator that fell behind) arrives as a burst, and timing it by the
/// nominal rate or by arrival squeezes the session. Counted over windows
/// of at least one second of host time.
struct StreamPace {
  /// Samples per window beyond twice the rate (and a few for buffering)
  /// are a burst.
  static let burstFactor = 2.0
  /// Clock drifts beyond 10 %: crystals drift by parts per million and
  /// cheap RC oscillators by a few percent.
  static let largestClockDriftPPM = 100_000.0

  private var windowStart: Double?
  private var windowSamples = 0
  private var reported = false

  /// Counts `samples` that arrived at `hostTime`; returns a warning the
  /// first time a window holds a burst.
  mutating func add(_ samples: Int, hostTime: Double, rateHz: Double)
    -> String?
  {
    guard let start = windowStart, hostTime >= start else {
      windowStart = hostTime
      windowSamples = samples
      return nil
    }
    windowSamples += samples
    let span = hostTime - start
    guard span >= 1 else { return nil }
    let warning = check(span: span, rateHz: rateHz)
    windowStart = hostTime
    windowSamples = 0
    return warning
  }

  /// The warning for the last, open window, if it holds a burst.
  mutating func finish(rateHz: Double) -> String? {
    guard windowStart != nil else { return nil }
    return check(span: 0, rateHz: rateHz)
  }

  private mutating func check(span: Double, rateHz: Double) -> String? {
    let seconds = max(span, 1)
    let expected = Self.burstFactor * rateHz * seconds + 10
    guard !reported, Double(windowSamples) > expected else { return nil }
    reported = true
    let fold = Double(windowSamples) / (rateHz * seconds)
    return
      "\(windowSamples) samples arrived within \(NumberText.fixed(seconds, 1)) s, "
      + "\(NumberText.fixed(fold, 0)) times the device's \(NumberText.fixed(rateHz, 0)) Hz: a "
      + "backlog sent while nobody read (another reader left the device "
      + "sending?) or a replay, not a live sensor"
  }
}
