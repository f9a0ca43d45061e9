/// Numbers as people read measurements: fixed-point text, the same on
/// every machine and in every output (terminal, reports, device messages).
public enum NumberText {
  /// `value` with `decimals` places (0 to 15; fewer are taken as 0, more
  /// as 15).
  ///
  /// Rounded as `printf`'s `%.*f` rounds: to the nearest, ties to even,
  /// judged on the exact binary value. A value that rounds to zero has no
  /// sign ("-0.0" reads as a change where there is none).
  public static func fixed(_ value: Double, _ decimals: Int) -> String {
    guard value.isFinite else {
      return value.isNaN ? "nan" : value < 0 ? "-inf" : "inf"
    }
    let places = Swift.min(Swift.max(decimals, 0), 15)
    var scale = 1.0
    for _ in 0..<places { scale *= 10 }
    let magnitude = Swift.abs(value)
    // Both exact: a double's whole part and what is left of it.
    var whole = magnitude.rounded(.down)
    let fraction = magnitude - whole
    var units = fraction.multipliedRoundingDown(by: scale)
    let fromHalf = (-(units + 0.5)).addingProduct(fraction, scale)
    let lastDigit = places == 0 ? whole : units
    if fromHalf > 0 || (fromHalf == 0 && lastDigit.isOdd) { units += 1 }
    if units == scale {
      units = 0
      whole += 1
    }
    var text = whole < 0x1p64 ? String(UInt64(whole)) : digits(ofWhole: whole)
    if places > 0 {
      let digits = String(UInt64(units))
      text +=
        "." + String(repeating: "0", count: places - digits.count) + digits
    }
    return (value < 0 && (whole > 0 || units > 0) ? "-" : "") + text
  }

  /// The decimal digits of a whole number of 2^64 or more: its
  /// significand doubled as often as its exponent says, in base 10^9.
  private static func digits(ofWhole whole: Double) -> String {
    let billion: UInt64 = 1_000_000_000
    var limbs: [UInt64] = []  // Least significant first.
    var significand = whole.significandBitPattern | (1 << 52)
    while significand > 0 {
      limbs.append(significand % billion)
      significand /= billion
    }
    for _ in 0..<(Int(whole.exponent) - 52) {
      var carry: UInt64 = 0
      for index in limbs.indices {
        let doubled = limbs[index] * 2 + carry
        limbs[index] = doubled % billion
        carry = doubled / billion
      }
      if carry > 0 { limbs.append(carry) }
    }
    var text = String(limbs.last ?? 0)
    for limb in limbs.dropLast().reversed() {
      let part = String(limb)
      text += String(repeating: "0", count: 9 - part.count) + part
    }
    return text
  }

  /// ``fixed(_:_:)`` with its sign always shown, as changes are read
  /// ("+0.0" for none).
  public static func signed(_ value: Double, _ decimals: Int) -> String {
    let text = fixed(value, decimals)
    return text.hasPrefix("-") || value.isNaN ? text : "+" + text
  }
}

extension Double {
  /// Whether this whole number is odd.
  fileprivate var isOdd: Bool { truncatingRemainder(dividingBy: 2) != 0 }

  /// The floor of `self × scale`, of the exact product: a fused
  /// multiply-add gives the sign of `self × scale − n` without rounding
  /// it away (`scale`, a power of ten up to 10^15, is exact in a double).
  fileprivate func multipliedRoundingDown(by scale: Double) -> Double {
    var floor = (self * scale).rounded(.down)
    // The rounded product can sit one above or below the exact one's floor.
    if (-floor).addingProduct(self, scale) < 0 { floor -= 1 }
    if (-(floor + 1)).addingProduct(self, scale) >= 0 { floor += 1 }
    return floor
  }
}
