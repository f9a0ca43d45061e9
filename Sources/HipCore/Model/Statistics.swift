/// The median of `values` (the mean of the middle two for an even count);
/// `nil` when empty.
func median(_ values: [Double]) -> Double? {
  guard !values.isEmpty else { return nil }
  let sorted = values.sorted()
  let middle = sorted.count / 2
  return sorted.count % 2 == 1
    ? sorted[middle] : 0.5 * (sorted[middle - 1] + sorted[middle])
}

/// The upper median of `values` (the middle one, or the higher of the
/// middle two for an even count): always one of the values; `nil` when
/// empty.
public func upperMedian(_ values: [Double]) -> Double? {
  guard !values.isEmpty else { return nil }
  let sorted = values.sorted()
  return sorted[sorted.count / 2]
}
