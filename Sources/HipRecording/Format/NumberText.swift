import Foundation

/// Fixed-point text for a number, the way people read measurements.
///
/// Shared by the command line and the device session's messages, so that
/// both print numbers alike.
package func fixed(_ value: Double, _ decimals: Int) -> String {
  guard value.isFinite else { return value.isNaN ? "nan" : "inf" }
  return String(format: "%.\(decimals)f", value)
}

/// A number with its sign always shown, as changes are read.
package func signed(_ value: Double, _ decimals: Int) -> String {
  (value >= 0 ? "+" : "") + fixed(value, decimals)
}
