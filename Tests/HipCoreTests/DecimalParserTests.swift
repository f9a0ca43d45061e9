import HipCore
import Testing

/// `DecimalParser` must give exactly what `Double(String)` gives, bit for bit,
/// on every format a sensor or another tool may write.
struct DecimalParserTests {
  /// Generators of number text, one per format a recording may hold.
  enum Format: String, CaseIterable, Sendable {
    case fixed, exponent, longMantissa, leadingZeros, shortestDescription
    case fastPathEdges
  }

  @Test(arguments: Format.allCases)
  func agreesWithStandardLibraryBitForBit(format: Format) {
    let index = Format.allCases.firstIndex(of: format) ?? 0
    var rng = SplitMix64(seed: 0x4869_7046 &+ UInt64(index))
    var mismatches: [String] = []
    for _ in 0..<20_000 {
      let text = Self.sample(format, using: &rng)
      let parsed = DecimalParser.parse(ArraySlice(text.utf8))
      let expected = Double(text)
      if parsed?.bitPattern != expected?.bitPattern {
        mismatches.append(
          "'\(text)': parsed \(parsed.map(String.init(describing:)) ?? "nil"), "
            + "Double(String) \(expected.map(String.init(describing:)) ?? "nil")"
        )
      }
    }
    #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
  }

  @Test(
    arguments: [
      "0", "-0", "+0", "0.0", "-0.000", "00000000000000000000000001.5",
      "0.000000000000000000000000000123", "9007199254740993",
      "9007199254740992.5", "123456789012345e22", "123456789012345e-22",
      "1234567890123456e22", "1e23", "1e-23", "1.7976931348623157e308",
      "1.7976931348623159e308", "4.9e-324", "2.4e-324",
      "2.2250738585072014e-308",
      "2.2250738585072011e-308", "1e400", "-1e400", "1e-400", "5.", ".5", "-.5",
      "1E5", "1e+05", "1e-07", "0.30000000000000004", "0.1", "0.2",
      "123.456e-3", "1234567890123456789012345678901234567890",
      "0.1000000000000000055511151231257827", "1e99999999999",
    ])
  func agreesOnEdgeCases(text: String) {
    let parsed = DecimalParser.parse(ArraySlice(text.utf8))
    #expect(parsed?.bitPattern == Double(text)?.bitPattern)
    #expect(parsed != nil)
  }

  @Test(
    arguments: [
      "", " ", "\t", "abc", "1.2.3", "1e", "1e+", "e5", ".", "-", "+", "--1",
      "+-1", "1,5", "0x10", "1 2", "1-", "nan1", "1nan", "infinit", "1e5.0",
      "١٢",
    ])
  func returnsNilForGarbage(text: String) {
    #expect(DecimalParser.parse(ArraySlice(text.utf8)) == nil)
  }

  @Test(
    arguments: [
      ("nan", Double.nan), ("NaN", .nan), ("-nan", .nan), ("inf", .infinity),
      ("+inf", .infinity), ("-inf", -.infinity), ("Infinity", .infinity),
      ("-INFINITY", -.infinity),
    ])
  func readsNonFiniteWords(text: String, expected: Double) throws {
    let value = try #require(DecimalParser.parse(ArraySlice(text.utf8)))
    if expected.isNaN {
      #expect(value.isNaN)
    } else {
      #expect(value == expected)
    }
  }

  @Test func ignoresSurroundingSpacesAndTabs() {
    #expect(DecimalParser.parse(ArraySlice(" \t-1.5e2 \t".utf8)) == -150)
  }

  @Test func parsesASliceWithoutLookingOutsideIt() {
    let line = Array("12.5,-0.75,3".utf8)
    #expect(DecimalParser.parse(line[5..<10]) == -0.75)
    #expect(DecimalParser.parse(line[0..<4]) == 12.5)
  }
}

extension DecimalParserTests {
  /// One random number text of `format`.
  private static func sample(_ format: Format, using rng: inout SplitMix64)
    -> String
  {
    switch format {
    case .fixed:
      // What sensors write: a few integer digits, 0...9 decimals.
      let integer = String(rng.next(below: 100_000))
      let decimals = Int(rng.next(below: 10))
      let fraction = rng.digits(decimals)
      return rng.sign() + integer + (decimals == 0 ? "" : "." + fraction)
    case .exponent:
      let mantissa =
        String(rng.next(below: 10)) + "." + rng.digits(Int(rng.next(below: 17)))
      let exponent = Int(rng.next(below: 661)) - 330
      let marker = rng.next(below: 2) == 0 ? "e" : "E"
      let exponentSign =
        exponent < 0 ? "-" : (rng.next(below: 2) == 0 ? "+" : "")
      return rng.sign() + mantissa + marker + exponentSign
        + String(abs(exponent))
    case .longMantissa:
      // 16 to 40 digits, more than the fast path takes.
      let count = 16 + Int(rng.next(below: 25))
      var digits = String(1 + rng.next(below: 9)) + rng.digits(count - 1)
      let point = Int(rng.next(below: UInt64(count + 1)))
      digits.insert(".", at: digits.index(digits.startIndex, offsetBy: point))
      let exponent =
        rng.next(below: 2) == 0
        ? "" : "e" + String(Int(rng.next(below: 61)) - 30)
      return rng.sign() + digits + exponent
    case .leadingZeros:
      let zeros = String(repeating: "0", count: Int(rng.next(below: 30)))
      let fractionZeros = String(
        repeating: "0", count: Int(rng.next(below: 30)))
      let digits = rng.digits(1 + Int(rng.next(below: 18)))
      return rng.next(below: 2) == 0
        ? rng.sign() + zeros + digits + "." + rng.digits(3)
        : rng.sign() + zeros + "." + fractionZeros + digits
    case .shortestDescription:
      // Any finite double as Swift (and RecordingWriter) prints it.
      while true {
        let value = Double(bitPattern: rng.next())
        if value.isFinite { return value.description }
      }
    case .fastPathEdges:
      // Up to 15 digits with exponents around the fast path's ±22 limit.
      let digits =
        String(1 + rng.next(below: 9))
        + rng.digits(
          Int(rng.next(below: 15)))
      let exponent = Int(rng.next(below: 61)) - 30
      return rng.sign() + digits + "e" + String(exponent)
    }
  }
}

/// Random text from HipCore's seeded generator, so every run checks the
/// same inputs.
extension SplitMix64 {
  fileprivate mutating func next(below bound: UInt64) -> UInt64 {
    next(upperBound: bound)
  }

  fileprivate mutating func digits(_ count: Int) -> String {
    String((0..<count).map { _ in Character(String(next(below: 10))) })
  }

  fileprivate mutating func sign() -> String {
    switch next(below: 3) {
    case 0: "-"
    case 1: "+"
    default: ""
    }
  }
}
