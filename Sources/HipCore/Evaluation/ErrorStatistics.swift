/// The errors of one quantity over paired items, detected minus true.
///
/// Keeps every error, so that scores of several recordings pool into one
/// median rather than a median of medians. Every statistic is `nil` when
/// there is no pair: "no error measured" must not read as "no error".
/// A `nan` error (an analysis that output `nan`) makes every statistic
/// `nan`, so it cannot hide in a median.
public struct ErrorStatistics: Sendable, Equatable {
  /// Signed errors, detected minus true, in the order of the pairs.
  public private(set) var values: [Double]

  public init(_ values: [Double] = []) {
    self.values = values
  }

  /// All the errors of `parts`, in order.
  public init(pooling parts: [ErrorStatistics]) {
    self.init(parts.flatMap(\.values))
  }

  public var count: Int { values.count }

  /// Mean of the absolute errors.
  public var meanAbsolute: Double? {
    mean(values.map(\.magnitude))
  }

  /// Median of the absolute errors (the mean of the middle two for an even
  /// count).
  public var medianAbsolute: Double? {
    guard !values.contains(where: \.isNaN) else { return .nan }
    return median(values.map(\.magnitude))
  }

  /// Largest absolute error.
  public var maximumAbsolute: Double? {
    guard !values.isEmpty else { return nil }
    guard !values.contains(where: \.isNaN) else { return .nan }
    return values.map(\.magnitude).max()
  }

  /// Mean signed error: the bias (positive: detected later or larger).
  public var meanSigned: Double? {
    mean(values)
  }

  private func mean(_ numbers: [Double]) -> Double? {
    numbers.isEmpty ? nil : numbers.reduce(0, +) / Double(numbers.count)
  }
}

extension ErrorStatistics: Encodable {
  enum CodingKeys: String, CodingKey {
    case count
    case meanAbsolute = "mean_abs"
    case medianAbsolute = "median_abs"
    case maximumAbsolute = "max_abs"
    case meanSigned = "mean_signed"
  }

  /// Writes the statistics, not the raw errors; `null` where undefined.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(count, forKey: .count)
    try c.encode(meanAbsolute, forKey: .meanAbsolute)
    try c.encode(medianAbsolute, forKey: .medianAbsolute)
    try c.encode(maximumAbsolute, forKey: .maximumAbsolute)
    try c.encode(meanSigned, forKey: .meanSigned)
  }
}
