/// Parses decimal numbers straight from bytes.
///
/// Reading recordings at hundreds of megabytes a second rules out building a
/// `String` per field. The fast path handles what sensors and this package
/// write (up to 15 significant digits, decimal exponents within ±22): the
/// mantissa and the power of ten are then both exact doubles, so one
/// multiplication or division gives the correctly rounded result (Clinger's
/// fast path, <https://doi.org/10.1145/93548.93557>). Anything longer goes
/// through the standard library's correctly rounded conversion, so every
/// input parses to the same value `Double(String)` would give.
public enum DecimalParser {
  /// The value of `bytes`, or `nil` when it is not a number.
  ///
  /// Accepts an optional sign, digits with an optional decimal point, and an
  /// optional `e`/`E` exponent; spaces around the number are ignored. `nan`,
  /// `inf` and `infinity` (any case, signed) give the non-finite values, so a
  /// caller can tell an explicit `nan` from an unparsable field. An empty
  /// field gives `nil`.
  @inlinable
  public static func parse(_ bytes: ArraySlice<UInt8>) -> Double? {
    var start = bytes.startIndex
    var end = bytes.endIndex
    while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 {
      start += 1
    }
    while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 {
      end -= 1
    }
    guard start < end else { return nil }

    var i = start
    var negative = false
    if bytes[i] == 0x2D {
      negative = true
      i += 1
    } else if bytes[i] == 0x2B {
      i += 1
    }
    var mantissa: UInt64 = 0
    var significantDigits = 0
    var decimalExponent = 0
    var sawDigit = false
    // Integer part.
    while i < end, bytes[i] &- 0x30 < 10 {
      let digit = UInt64(bytes[i] &- 0x30)
      sawDigit = true
      if mantissa == 0 && digit == 0 {
        // Leading zeros are not significant.
      } else if significantDigits < 19 {
        mantissa = mantissa &* 10 &+ digit
        significantDigits += 1
      } else {
        decimalExponent += 1
        significantDigits += 1
      }
      i += 1
    }
    // Fraction.
    if i < end, bytes[i] == 0x2E {
      i += 1
      while i < end, bytes[i] &- 0x30 < 10 {
        let digit = UInt64(bytes[i] &- 0x30)
        sawDigit = true
        if mantissa == 0 && digit == 0 {
          decimalExponent -= 1
        } else if significantDigits < 19 {
          mantissa = mantissa &* 10 &+ digit
          significantDigits += 1
          decimalExponent -= 1
        } else {
          significantDigits += 1
        }
        i += 1
      }
    }
    guard sawDigit else { return parseSpecial(bytes[start..<end]) }
    // Exponent.
    if i < end, bytes[i] | 0x20 == 0x65 {
      i += 1
      var exponentNegative = false
      if i < end, bytes[i] == 0x2D || bytes[i] == 0x2B {
        exponentNegative = bytes[i] == 0x2D
        i += 1
      }
      var exponent = 0
      var sawExponentDigit = false
      while i < end, bytes[i] &- 0x30 < 10 {
        if exponent < 100_000 {
          exponent = exponent * 10 + Int(bytes[i] &- 0x30)
        }
        sawExponentDigit = true
        i += 1
      }
      guard sawExponentDigit else { return nil }
      decimalExponent += exponentNegative ? -exponent : exponent
    }
    guard i == end else { return nil }

    if significantDigits <= 15 && decimalExponent >= -22
      && decimalExponent <= 22
    {
      var value = Double(mantissa)
      if decimalExponent < 0 {
        value /= exactPowersOfTen[-decimalExponent]
      } else {
        value *= exactPowersOfTen[decimalExponent]
      }
      return negative ? -value : value
    }
    return Double(String(decoding: bytes[start..<end], as: UTF8.self))
  }

  @usableFromInline
  static func parseSpecial(_ bytes: ArraySlice<UInt8>) -> Double? {
    var word = bytes
    var negative = false
    if let first = word.first, first == 0x2D || first == 0x2B {
      negative = first == 0x2D
      word = word.dropFirst()
    }
    let lower = String(decoding: word.map { $0 | 0x20 }, as: UTF8.self)
    switch lower {
    case "nan": return .nan
    case "inf", "infinity": return negative ? -.infinity : .infinity
    default: return nil
    }
  }

  @usableFromInline
  static let exactPowersOfTen: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
    1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
  ]
}
