import HipCore
import Testing

struct PhysicalLimitsTests {
  @Test func ratesOutsideTheSensorRangeAreImpossible() {
    for hz in [0, 0.99, 10_000.5, 1e19, .nan, .infinity, -100] {
      #expect(!PhysicalLimits.isPossibleRate(hz), "\(hz)")
    }
    for hz in [1, 50, 100, 1000, 10_000.0] {
      #expect(PhysicalLimits.isPossibleRate(hz), "\(hz)")
    }
  }

  /// A rate that skipped the checks neither traps nor sizes a huge buffer.
  @Test(arguments: [1e300, 1e19, Double.nan, .infinity, 0, -1])
  func theAttitudeFilterSurvivesAnUncheckedRate(rate: Double) {
    var filter = AttitudeFilter(hasGyroscope: false, rateHz: rate)
    for i in 0..<10 {
      _ = filter.update(
        time: Double(i) * 0.01, acceleration: Vector3(0, 1, 0),
        angularRate: nil)
    }
  }

  @Test func controlCharactersAreMadeVisible() {
    #expect(
      VisibleText.escaped("a\u{1B}]0;title\u{07}b\r\n\t")
        == "a\\u{1b}]0;title\\u{7}b\\r\\n\\t")
    #expect(VisibleText.escaped("\u{9B}\u{202E}é") == "\\u{9b}\\u{202e}é")
    #expect(VisibleText.quoted("short") == "'short'")
    let long = String(repeating: "x", count: 8_000_000)
    let quoted = VisibleText.quoted(long)
    #expect(quoted.count < 100)
    #expect(quoted.hasSuffix("... (8000000 characters)"))
  }
}
