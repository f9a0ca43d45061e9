import HipCore
import RealModule

/// A seeded pseudo-random generator: xoshiro256** seeded through
/// SplitMix64, so one 64-bit seed fixes every draw on every platform.
///
/// Swift's `SystemRandomNumberGenerator` cannot be seeded, and the
/// simulator's promise is that the same seed and settings give the same
/// file byte for byte. Algorithms: Blackman and Vigna, "Scrambled linear
/// pseudorandom number generators" (2021),
/// <https://prng.di.unimi.it/xoshiro256starstar.c>.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
  private var s0: UInt64
  private var s1: UInt64
  private var s2: UInt64
  private var s3: UInt64

  /// Creates a generator for `seed`; `stream` separates independent uses
  /// of one seed (body motion, sensor noise), so that changing one (say,
  /// dropping the gyroscope) does not change the other's draws.
  public init(seed: UInt64, stream: UInt64 = 0) {
    var mix = SplitMix64(seed: seed ^ (stream &* 0x9E37_79B9_7F4A_7C15))
    s0 = mix.next()
    s1 = mix.next()
    s2 = mix.next()
    s3 = mix.next()
  }

  public mutating func next() -> UInt64 {
    let result = rotl(s1 &* 5, 7) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = rotl(s3, 45)
    return result
  }

  private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 {
    (x << k) | (x >> (64 - k))
  }

  /// A uniform draw in `0..<1` with 53 random bits.
  public mutating func unit() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// A uniform draw in `range`.
  public mutating func uniform(_ range: ClosedRange<Double>) -> Double {
    range.lowerBound + (range.upperBound - range.lowerBound) * unit()
  }

  /// A uniform integer in `range`.
  public mutating func integer(_ range: ClosedRange<Int>) -> Int {
    let count = UInt64(range.upperBound - range.lowerBound + 1)
    return range.lowerBound + Int(next() % count)
  }

  /// `true` with probability `p`.
  public mutating func chance(_ p: Double) -> Bool { unit() < p }

  /// `+1` or `-1` with equal odds.
  public mutating func sign() -> Double { chance(0.5) ? 1 : -1 }

  /// A normal draw (Box–Muller; both uniforms are drawn every time, so the
  /// stream position never depends on a cached second value).
  public mutating func gaussian(mean: Double = 0, sd: Double = 1) -> Double {
    let u1 = Swift.max(unit(), 0x1.0p-60)
    let u2 = unit()
    let r = Double.sqrt(-2 * Double.log(u1))
    return mean + sd * r * Double.cos(2 * .pi * u2)
  }

  /// A normal draw cut to `mean ± limit` (people and parts have bounds).
  public mutating func gaussian(mean: Double, sd: Double, limit: Double)
    -> Double
  {
    Swift.min(
      mean + limit, Swift.max(mean - limit, gaussian(mean: mean, sd: sd)))
  }

  /// A unit vector in a uniformly random direction.
  public mutating func direction() -> Vector3 {
    while true {
      let v = Vector3(gaussian(), gaussian(), gaussian())
      if let unit = v.normalized, v.length > 1e-6 { return unit }
    }
  }
}
