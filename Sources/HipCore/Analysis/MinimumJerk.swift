import RealModule

/// The minimum-jerk movement profile, which human reaching and lifting
/// follow closely (Flash & Hogan 1985, <https://doi.org/10.1523/JNEUROSCI.05-07-01688.1985>):
/// `s(τ) = 10τ³ − 15τ⁴ + 6τ⁵` for `τ` in 0...1.
///
/// A rep's rise and fall are timed from where they cross a quarter and
/// three quarters of their height: those crossings are well above the
/// noise, and the profile says how far the true start and end lie beyond
/// them. A threshold detector alone fires tenths of a second late.
public enum MinimumJerk {
  public static func position(_ tau: Double) -> Double {
    let t = Swift.min(1, Swift.max(0, tau))
    return t * t * t * (10 + t * (-15 + 6 * t))
  }

  /// The `τ` where the profile reaches `fraction` of its height.
  public static func time(atFraction fraction: Double) -> Double {
    var lo = 0.0
    var hi = 1.0
    for _ in 0..<60 {
      let mid = (lo + hi) / 2
      if position(mid) < fraction { lo = mid } else { hi = mid }
    }
    return (lo + hi) / 2
  }

  /// Profile time at a quarter of the height.
  public static let quarter = time(atFraction: 0.25)
  /// Profile time at three quarters of the height.
  public static let threeQuarters = time(atFraction: 0.75)

  /// The start and length of a movement that crossed a quarter of its
  /// height at `quarterTime` and three quarters at `threeQuartersTime`.
  public static func movement(
    quarterTime: Double, threeQuartersTime: Double
  ) -> (start: Double, duration: Double) {
    let duration =
      Swift.abs(threeQuartersTime - quarterTime)
      / (threeQuarters - quarter)
    if threeQuartersTime >= quarterTime {
      return (quarterTime - quarter * duration, duration)
    }
    // A fall: it crosses three quarters first.
    return (threeQuartersTime - quarter * duration, duration)
  }
}
