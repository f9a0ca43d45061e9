import HipCore

/// Reads a format-v1 recording one sample at a time, in constant memory.
///
/// ```swift
/// let reader = try RecordingReader(path: "bridge.csv")
/// while let sample = try reader.next() { analysis.add(sample) }
/// print(reader.statistics.invalidSamples)
/// ```
///
/// Samples come out in g and degrees per second whatever units the file
/// declares, in the sensor's axes (``RecordingHeader/axes`` maps them to the
/// body). Columns are found by name in any order; unknown columns are kept
/// per sample in ``extraFields`` and unknown metadata keys in the header.
/// A sample with `nan`, `inf`, an empty or unparsable required field, a
/// wrong number of fields or a value no sensor reports (``PhysicalLimits``)
/// is skipped and counted, never turned into zeros.
/// A last line without a line end is taken as cut short and skipped (see
/// ``RecordingStatistics/truncatedLastLine``), so a file cut at any byte
/// reads back as exactly the samples it holds in full.
/// A timestamp earlier than the one before it throws, naming the line.
public final class RecordingReader {
  public let path: String
  public let header: RecordingHeader
  /// Every column name of the file, in file order.
  public let columns: [String]
  /// Names of the columns the format does not define, in file order.
  public let extraColumnNames: [String]
  public let hasGyro: Bool
  /// Counts so far; complete once ``next()`` has returned `nil`.
  public private(set) var statistics = RecordingStatistics()
  /// The unknown columns' fields of the sample last returned, in the order
  /// of ``extraColumnNames`` (empty when the file has none).
  public private(set) var extraFields: [String] = []

  private let lines: LineReader
  private let roles: [ColumnRole]
  private let accelerationScale: Double
  private let angularRateScale: Double
  private let gapThreshold: Double
  private var previousTime: Double?
  private var previousTimeLine = 0

  /// Opens `path` (or `-` for standard input) and reads its header.
  ///
  /// - Throws: ``RecordingError`` naming the file and line when the header
  ///   breaks the format: no `# hipform-recording: 1` first line, a missing
  ///   or invalid `rate_hz`, `accel_unit`, `gyro_unit` or `axes` (including a
  ///   left-handed one), or a column header without `t,ax,ay,az`.
  public init(path: String) throws(RecordingError) {
    self.path = path
    do {
      lines = try LineReader(path: path)
    } catch {
      throw RecordingError(error)
    }
    let parsed = try HeaderParser.parse(lines: lines, path: path)
    header = parsed.header
    columns = parsed.columns
    roles = parsed.roles
    hasGyro = parsed.hasGyro
    extraColumnNames = zip(parsed.columns, parsed.roles).compactMap {
      name, role in
      if case .extra = role { return name }
      return nil
    }
    accelerationScale = header.accelerationUnit.toG
    angularRateScale = header.angularRateUnit?.toDegreesPerSecond ?? 1
    gapThreshold = 1.5 / header.rateHz
  }

  /// The next valid sample, or `nil` at the end of the file.
  public func next() throws(RecordingError) -> Sample? {
    while true {
      guard let line = try lines.next() else { return nil }
      if line.bytes.isEmpty || line.bytes.first == 0x23 { continue }  // '#'
      if !line.isTerminated {
        // A last line without its line end was cut short by a crash or an
        // unplugged cable, maybe inside a number ("0.331" as "0.33"): it
        // cannot be trusted even when every field parses.
        statistics.truncatedLastLine = line.number
        continue
      }
      switch parse(line.bytes) {
      case .sample(let sample):
        if let previous = previousTime {
          if sample.time < previous {
            throw RecordingError(
              kind: .timeGoesBackwards, path: path, line: line.number,
              message:
                "time goes backwards: t=\(sample.time) s comes after "
                + "t=\(previous) s on line \(previousTimeLine); "
                + "a recording's t must increase")
          }
          if sample.time == previous {
            statistics.countInvalid(line: line.number, reason: .repeatedTime)
            continue
          }
          let step = sample.time - previous
          if step > gapThreshold {
            statistics.gaps += 1
            statistics.gapSeconds += step - 1 / header.rateHz
          }
        } else {
          statistics.firstTime = sample.time
        }
        previousTime = sample.time
        previousTimeLine = line.number
        statistics.add(sample)
        return sample
      case .invalid(let reason):
        statistics.countInvalid(line: line.number, reason: reason)
      }
    }
  }

  private enum LineResult {
    case sample(Sample)
    case invalid(InvalidSampleReason)
  }

  private func parse(_ bytes: ArraySlice<UInt8>) -> LineResult {
    var t = Double.nan
    var a = Vector3.zero
    var g = Vector3.zero
    var extras: [String] = []
    var field = 0
    var fieldStart = bytes.startIndex
    var index = bytes.startIndex
    var invalid: InvalidSampleReason?
    let end = bytes.endIndex
    while true {
      if index == end || bytes[index] == 0x2C {  // ','
        guard field < roles.count else { return .invalid(.wrongFieldCount) }
        let role = roles[field]
        if case .extra = role {
          extras.append(
            String(decoding: bytes[fieldStart..<index], as: UTF8.self))
        } else if invalid == nil {
          let text = bytes[fieldStart..<index]
          if let value = DecimalParser.parse(text) {
            if !value.isFinite { invalid = .notFinite }
            switch role {
            case .time: t = value
            case .ax: a.x = value
            case .ay: a.y = value
            case .az: a.z = value
            case .gx: g.x = value
            case .gy: g.y = value
            case .gz: g.z = value
            case .extra: break
            }
          } else {
            invalid = text.allSatisfy { $0 == 0x20 } ? .empty : .unparsable
          }
        }
        field += 1
        if index == end { break }
        fieldStart = index + 1
      }
      index += 1
    }
    guard field == roles.count else { return .invalid(.wrongFieldCount) }
    if let invalid { return .invalid(invalid) }
    let sample = Sample(
      time: t,
      acceleration: a * accelerationScale,
      angularRate: hasGyro ? g * angularRateScale : nil)
    guard PhysicalLimits.isPossible(sample) else {
      return .invalid(.impossible)
    }
    extraFields = extras
    return .sample(sample)
  }
}

/// Why a sample was skipped.
public enum InvalidSampleReason: String, Sendable, CaseIterable {
  case notFinite = "nan or inf"
  case empty = "empty field"
  case unparsable = "not a number"
  case wrongFieldCount = "wrong number of fields"
  case repeatedTime = "same t as the sample before"
  /// Beyond ``PhysicalLimits``: a garbled line, not a movement.
  case impossible = "beyond what a sensor reports"
}

/// What was found while reading a recording.
public struct RecordingStatistics: Sendable, Equatable {
  public var samples = 0
  public var invalidSamples = 0
  public var invalidByReason: [InvalidSampleReason: Int] = [:]
  /// Line of the first invalid sample, to show the user where to look.
  public var firstInvalidLine: Int?
  /// Places where `t` jumps by more than 1.5 sample periods.
  public var gaps = 0
  /// Time lost in gaps beyond one nominal sample period each, s.
  public var gapSeconds = 0.0
  /// Line number of a last line that was cut short and dropped: a line
  /// without a line end (`\n`) at the end of the file.
  public var truncatedLastLine: Int?
  public var firstTime: Double?
  public var lastTime: Double?
  public var accelerationRange = ValueRange()
  public var angularRateRange = ValueRange()

  /// Seconds from the first sample to the last.
  public var duration: Double {
    guard let firstTime, let lastTime else { return 0 }
    return lastTime - firstTime
  }

  mutating func add(_ sample: Sample) {
    samples += 1
    lastTime = sample.time
    accelerationRange.add(sample.acceleration)
    if let rate = sample.angularRate { angularRateRange.add(rate) }
  }

  mutating func countInvalid(line: Int, reason: InvalidSampleReason) {
    invalidSamples += 1
    invalidByReason[reason, default: 0] += 1
    if firstInvalidLine == nil { firstInvalidLine = line }
  }
}

/// Per-axis minimum and maximum.
public struct ValueRange: Sendable, Equatable {
  public var minimum = Vector3(.infinity, .infinity, .infinity)
  public var maximum = Vector3(-.infinity, -.infinity, -.infinity)

  public var isEmpty: Bool { minimum.x > maximum.x }

  mutating func add(_ v: Vector3) {
    minimum = Vector3(
      Swift.min(minimum.x, v.x), Swift.min(minimum.y, v.y),
      Swift.min(minimum.z, v.z))
    maximum = Vector3(
      Swift.max(maximum.x, v.x), Swift.max(maximum.y, v.y),
      Swift.max(maximum.z, v.z))
  }
}
