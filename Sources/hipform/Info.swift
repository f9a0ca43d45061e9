import ArgumentParser
import Foundation
import HipCore
import HipRecording

/// `hipform info FILE`: what a recording holds.
struct Info: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Show what a recording holds: duration, rate, gaps, ranges.")

  @Argument(help: "A format-v1 recording (.csv).")
  var file: String

  @Flag(help: "Print JSON instead of text.")
  var json = false

  func run() throws {
    let reader = try failing { try RecordingReader(path: file) }
    try failing { while try reader.next() != nil {} }
    let stats = reader.statistics
    if json {
      print(try jsonText(reader))
    } else {
      print(text(reader, stats))
    }
  }

  private func text(_ reader: RecordingReader, _ stats: RecordingStatistics)
    -> String
  {
    let header = reader.header
    var lines = [VisibleText.escaped(file)]
    func row(_ name: String, _ value: String) {
      lines.append(
        "  " + name.padding(toLength: 12, withPad: " ", startingAt: 0)
          + value)
    }
    let duration = stats.duration
    row("duration", "\(NumberText.fixed(duration, 2)) s (\(clock(duration)))")
    // Between samples, the time lost in gaps left out: a recording of
    // pieces joined reads its device's rate, not one diluted by the joins.
    let sampled = duration - stats.gapSeconds
    let measured = sampled > 0 ? Double(stats.samples - 1) / sampled : 0
    row(
      "rate",
      "\(NumberText.fixed(header.rateHz, header.rateHz.rounded() == header.rateHz ? 0 : 2)) Hz nominal, "
        + "\(NumberText.fixed(measured, 2)) Hz measured"
        + (stats.gaps > 0 ? " between gaps" : ""))
    row("samples", "\(stats.samples) valid, \(stats.invalidSamples) invalid")
    if stats.invalidSamples > 0 {
      let reasons = stats.invalidByReason.sorted {
        $0.key.rawValue < $1.key.rawValue
      }
      .map { "\($0.value) \($0.key.rawValue)" }.joined(separator: ", ")
      row("", "(\(reasons); first on line \(stats.firstInvalidLine ?? 0))")
    }
    row(
      "gaps",
      stats.gaps == 0
        ? "none"
        : "\(stats.gaps) (\(NumberText.fixed(stats.gapSeconds, 3)) s lost)")
    if let line = stats.truncatedLastLine {
      row("last line", "line \(line) was cut short and skipped")
    }
    row(
      "gyroscope",
      reader.hasGyro
        ? "yes (file in \(header.angularRateUnit?.rawValue ?? "dps"))" : "no")
    row(
      "accel unit",
      "\(header.accelerationUnit.rawValue) in the file, shown in g")
    row("axes", "\(header.axes)")
    row("placement", header.placement.rawValue)
    if !stats.accelerationRange.isEmpty {
      row("accel (g)", rangeText(stats.accelerationRange, 3))
    }
    if reader.hasGyro, !stats.angularRateRange.isEmpty {
      row("gyro (dps)", rangeText(stats.angularRateRange, 1))
    }
    if !reader.extraColumnNames.isEmpty {
      row(
        "other cols",
        VisibleText.escaped(reader.extraColumnNames.joined(separator: ", ")))
    }
    // Header values are anything a file holds: an escape sequence in
    // `# note:` could retitle the terminal or write its clipboard.
    for entry in header.metadata {
      row(VisibleText.escaped(entry.key), VisibleText.escaped(entry.value))
    }
    return lines.joined(separator: "\n")
  }

  private func rangeText(_ range: ValueRange, _ decimals: Int) -> String {
    let lo = range.minimum
    let hi = range.maximum
    return [("x", lo.x, hi.x), ("y", lo.y, hi.y), ("z", lo.z, hi.z)].map {
      "\($0.0) \(NumberText.fixed($0.1, decimals))..\(NumberText.fixed($0.2, decimals))"
    }.joined(separator: "  ")
  }

  private func clock(_ seconds: Double) -> String {
    let total = Int(seconds.rounded())
    return String(
      format: "%02d:%02d:%02d", total / 3600, total / 60 % 60, total % 60)
  }

  private func jsonText(_ reader: RecordingReader) throws -> String {
    let stats = reader.statistics
    func range(_ r: ValueRange) -> [String: [Double]]? {
      r.isEmpty
        ? nil
        : [
          "min": [r.minimum.x, r.minimum.y, r.minimum.z],
          "max": [r.maximum.x, r.maximum.y, r.maximum.z],
        ]
    }
    let object = InfoJSON(
      file: file, durationSeconds: stats.duration,
      rateHz: reader.header.rateHz, samples: stats.samples,
      invalidSamples: stats.invalidSamples, gaps: stats.gaps,
      gapSeconds: stats.gapSeconds, hasGyro: reader.hasGyro,
      truncatedLastLine: stats.truncatedLastLine,
      axes: reader.header.axes.description,
      placement: reader.header.placement.rawValue,
      accelerationRangeG: range(stats.accelerationRange),
      angularRateRangeDPS: reader.hasGyro ? range(stats.angularRateRange) : nil,
      extraColumns: reader.extraColumnNames,
      metadata: Dictionary(
        reader.header.metadata.map { ($0.key, $0.value) },
        uniquingKeysWith: { first, _ in first }))
    let encoder = JSONEncoder()
    encoder.outputFormatting = [
      .prettyPrinted, .sortedKeys, .withoutEscapingSlashes,
    ]
    return String(decoding: try encoder.encode(object), as: UTF8.self)
  }
}

private struct InfoJSON: Encodable {
  var file: String
  var durationSeconds: Double
  var rateHz: Double
  var samples: Int
  var invalidSamples: Int
  var gaps: Int
  var gapSeconds: Double
  var hasGyro: Bool
  var truncatedLastLine: Int?
  var axes: String
  var placement: String
  var accelerationRangeG: [String: [Double]]?
  var angularRateRangeDPS: [String: [Double]]?
  var extraColumns: [String]
  var metadata: [String: String]

  enum CodingKeys: String, CodingKey {
    case file
    case durationSeconds = "duration_s"
    case rateHz = "rate_hz"
    case samples
    case invalidSamples = "invalid_samples"
    case gaps
    case gapSeconds = "gap_seconds"
    case hasGyro = "has_gyro"
    case truncatedLastLine = "truncated_last_line"
    case axes, placement
    case accelerationRangeG = "accel_range_g"
    case angularRateRangeDPS = "gyro_range_dps"
    case extraColumns = "extra_columns"
    case metadata
  }
}
