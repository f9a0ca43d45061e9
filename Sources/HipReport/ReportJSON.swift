import Foundation
import HipCore

/// The report as JSON: the analysis contract plus the verdicts.
///
/// Every key of `hipform-analysis/1` is there with its meaning unchanged;
/// the report adds `verdicts` (one per rep, in rep order), `pain` and
/// `note` (`null` when not given) and `prescription`.
public struct ReportJSON: Encodable {
  public var report: SessionReport

  public init(report: SessionReport) {
    self.report = report
  }

  struct Verdict: Encodable {
    var index: Int
    var good: Bool
    var phrases: [String]
    var text: String
    var hipsSquare: Bool?
    var holdMet: Bool?
    var lowerToLift: Double?

    enum CodingKeys: String, CodingKey {
      case index, good, phrases, text
      case hipsSquare = "hips_square"
      case holdMet = "hold_met"
      case lowerToLift = "lower_to_lift"
    }

    func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(index, forKey: .index)
      try c.encode(good, forKey: .good)
      try c.encode(phrases, forKey: .phrases)
      try c.encode(text, forKey: .text)
      try c.encode(hipsSquare, forKey: .hipsSquare)
      try c.encode(holdMet, forKey: .holdMet)
      try c.encode(lowerToLift, forKey: .lowerToLift)
    }
  }

  struct Prescription: Encodable {
    var sets: Int
    var reps: Int
  }

  enum ExtraKeys: String, CodingKey {
    case verdicts, pain, note, prescription
    case holdTarget = "hold_target_s"
  }

  public func encode(to encoder: any Encoder) throws {
    try report.document.encode(to: encoder)
    var c = encoder.container(keyedBy: ExtraKeys.self)
    let verdicts = zip(report.reps, report.verdicts).enumerated().map {
      offset, pair in
      Verdict(
        index: pair.0.index ?? offset + 1, good: pair.1.isGood,
        phrases: pair.1.phrases, text: pair.1.text,
        hipsSquare: pair.1.hipsSquare, holdMet: pair.1.holdMet,
        lowerToLift: pair.1.lowerToLift.map { (($0 * 100).rounded()) / 100 })
    }
    try c.encode(verdicts, forKey: .verdicts)
    try c.encode(report.pain, forKey: .pain)
    try c.encode(report.note, forKey: .note)
    try c.encode(
      report.profile?.prescription.map { Prescription(sets: $0, reps: $1) },
      forKey: .prescription)
    let target = report.profile?.holdTarget ?? 0
    try c.encode(target > 0 ? target : nil, forKey: .holdTarget)
  }

  /// The JSON text: sorted keys, the same bytes for the same report.
  ///
  /// - Returns: The document and a trailing newline.
  /// - Throws: `EncodingError` if a value cannot be written.
  public func text() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [
      .prettyPrinted, .sortedKeys, .withoutEscapingSlashes,
    ]
    return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
  }
}

/// The report as CSV: one row per rep (per step for walking), for a
/// spreadsheet.
///
/// The header names carry units. Numbers are those of the JSON (times to
/// the millisecond, angles to the hundredth of a degree); empty cells are
/// values that are not defined (a level change lying on one side).
public enum CSVReport {
  /// The column names, in order.
  public static let columns = [
    "rep", "set", "side", "start (s)", "peak (s)", "end (s)",
    "range of motion (deg)", "level change (deg)", "hold (s)",
    "hold target (s)", "lift (s)", "lower (s)", "partial", "good",
    "verdict", "exercise", "recording",
  ]

  /// Renders the rows.
  ///
  /// - Parameter report: The session.
  /// - Returns: The CSV text, `\r\n` line ends as RFC 4180 has them.
  public static func render(_ report: SessionReport) -> String {
    if report.isWalking { return renderWalking(report) }
    var lines = [columns.map(Escape.csvField).joined(separator: ",")]
    // Numbered as the printed report numbers them: a partial rep, not
    // counted, has no number (its `partial` cell says why).
    let labels = report.repLabels(partial: "")
    for ((rep, verdict), label) in zip(
      zip(report.reps, report.verdicts), labels)
    {
      let fields: [String] = [
        label,
        report.setNumber(of: rep).map(String.init) ?? "",
        rep.side.rawValue,
        number(rep.startSeconds), number(rep.peakSeconds),
        number(rep.endSeconds), number(rep.romDegrees),
        rep.levelChangeDegrees.map(number) ?? "",
        number(rep.holdSeconds),
        verdict.holdTarget.map(number) ?? "",
        number(Rounding.time(rep.liftSeconds)),
        number(Rounding.time(rep.lowerSeconds)),
        rep.partial ? "true" : "false",
        verdict.isGood ? "true" : "false",
        verdict.text,
        report.analysis.exercise,
        report.recordingName,
      ]
      lines.append(fields.map(Escape.csvField).joined(separator: ","))
    }
    return lines.joined(separator: "\r\n") + "\r\n"
  }

  /// A number as Swift prints it: the shortest text that reads back the
  /// same, so the CSV and the JSON agree exactly.
  static func number(_ value: Double) -> String {
    value == value.rounded() && Swift.abs(value) < 1e15
      ? String(Int(value)) : "\(value)"
  }
}
