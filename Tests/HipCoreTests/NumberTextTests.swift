import Foundation
import Testing

@testable import HipCore

/// One way to write a measurement, in every output.
struct NumberTextTests {
  @Test func aValueThatRoundsToZeroHasNoSign() {
    #expect(NumberText.fixed(-0.04, 1) == "0.0")
    #expect(NumberText.fixed(-0.0, 2) == "0.00")
    #expect(NumberText.signed(-0.04, 1) == "+0.0")
    #expect(NumberText.signed(-0.06, 1) == "-0.1")
    #expect(NumberText.signed(3, 0) == "+3")
  }

  @Test func roundingIsPrintfsOnTheExactBinaryValue() {
    // Ties go to the even digit; 0.15 is stored just below 0.15.
    #expect(NumberText.fixed(2.5, 0) == "2")
    #expect(NumberText.fixed(3.5, 0) == "4")
    #expect(NumberText.fixed(0.125, 2) == "0.12")
    #expect(NumberText.fixed(0.15, 1) == "0.1")
    #expect(NumberText.fixed(9.995, 2) == "9.99")
    #expect(NumberText.fixed(99.96, 1) == "100.0")
    #expect(NumberText.fixed(-1234.5678, 3) == "-1234.568")
  }

  @Test func itAgreesWithPrintfAcrossMagnitudesAndTies() {
    var random = SplitMix64(seed: 14)
    for places in 0...6 {
      for _ in 0..<20_000 {
        let exponent = Double(Int.random(in: -6...9, using: &random))
        let value =
          Double.random(in: -1...1, using: &random) * pow(10, exponent)
        let tie =
          (Double(Int.random(in: -99_999...99_999, using: &random)) + 0.5)
          / pow(10, Double(places))
        for number in [value, tie] {
          var printf = String(format: "%.\(places)f", number)
          if printf.hasPrefix("-"),
            printf.dropFirst().allSatisfy({ "0.".contains($0) })
          {
            printf.removeFirst()
          }
          #expect(NumberText.fixed(number, places) == printf, "\(number)")
        }
      }
    }
  }

  @Test func hugeNumbersKeepEveryDigitAndPlacesAreBounded() {
    for value in [
      0x1p64, 1.0e19, 3.5e22, -1.0e300, Double.greatestFiniteMagnitude,
    ] {
      #expect(NumberText.fixed(value, 2) == String(format: "%.2f", value))
    }
    #expect(NumberText.fixed(0.1, 20) == NumberText.fixed(0.1, 15))
    #expect(NumberText.fixed(2.6, -1) == "3")
  }

  @Test func notANumberIsSaid() {
    #expect(NumberText.fixed(.nan, 1) == "nan")
    #expect(NumberText.signed(.nan, 1) == "nan")
    #expect(NumberText.fixed(-.infinity, 1) == "-inf")
  }
}
