import ArgumentParser
import HipCore
import HipHistory
import HipRecording
import HipReport

extension Side: ExpressibleByArgument {}

/// `hipform analyze FILE`: reps, holds, sets and pelvic level.
struct Analyze: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Find reps, holds and sets (or steps and walks) and measure pelvic "
      + "tilt and level.")

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case text, json
  }

  @Argument(help: "A format-v1 recording (.csv).")
  var file: String

  @Option(help: "Exercise id (default: the header's 'exercise').")
  var exercise: String?

  @Option(help: "Working side (default: the header's 'side').")
  var side: Side?

  @Option(help: "Output format.")
  var format: Format = .text

  // History (issue 7): `--save [--pain N] [--note TEXT] [--db PATH]`.
  @OptionGroup(title: "Session history")
  var history: SaveOptions

  mutating func validate() throws {
    try validateExercise(&exercise)
  }

  func run() throws {
    let result = try failing {
      try analyzeRecording(path: file, exercise: exercise, side: side)
    }
    noteExerciseChoice(asked: exercise, named: result.header.exercise)
    switch format {
    case .json:
      print(try result.analysisDocument.jsonText())
    case .text:
      print(SessionSummaryText.render(result))
    }
    try history.saveIfAsked(result)
  }
}

/// The terminal summary of an analysed recording.
enum SessionSummaryText {
  /// What was wrong with the file's samples, with where (`hipform info`
  /// gives the details); `nil` when nothing was.
  static func dataLine(_ stats: RecordingStatistics) -> String? {
    var parts: [String] = []
    if stats.invalidSamples > 0 {
      parts.append(
        counted(stats.invalidSamples, "invalid sample") + " skipped"
          + (stats.firstInvalidLine.map { " (first on line \($0))" } ?? ""))
    }
    if stats.gaps > 0 {
      parts.append(
        counted(stats.gaps, "gap") + " in the recording ("
          + NumberText.fixed(stats.gapSeconds, 2) + " s missing)")
    }
    if let line = stats.truncatedLastLine {
      parts.append("last line \(line) cut short and skipped")
    }
    return parts.isEmpty ? nil : "data: " + parts.joined(separator: ", ")
  }

  /// "1 gap", "2 gaps".
  private static func counted(_ count: Int, _ thing: String) -> String {
    "\(count) \(thing)" + (count == 1 ? "" : "s")
  }

  /// A mean level change with what it says of the hips: "-3.1° (right
  /// side dropped)".
  private static func levelChange(_ degrees: Double?) -> String {
    guard let degrees else { return "n/a" }
    return NumberText.signed(degrees, 1) + "° ("
      + RepVerdict.levelWords(degrees) + ")"
  }

  static func render(_ result: AnalyzedRecording) -> String {
    let document = result.analysisDocument
    // What the sensor can see (no pelvis level from a thigh), rounded as
    // the JSON and the report round it: the same numbers everywhere.
    let analysis = Rounding.asKept(document.pelvisSafeAnalysis)
    let seesPelvis = result.header.placement.isOnPelvis
    let stats = result.statistics
    if analysis.exercise == Exercise.walking.rawValue {
      return walking(result, analysis: analysis)
    }
    var lines: [String] = []
    let full = analysis.reps.filter { !$0.partial }
    lines.append(
      "\(VisibleText.escaped(analysis.exercise)), side "
        + "\(result.configuration.side.rawValue): "
        + "\(full.count) reps in \(analysis.sets.count) "
        + (analysis.sets.count == 1 ? "set" : "sets")
        + ", \(NumberText.fixed(stats.duration, 1)) s recorded"
        + (result.hasGyro ? "" : " (accelerometer only)"))
    if let note = SensorViewText.note(for: result.header.placement) {
      lines.append("  " + note)
    }
    if let data = dataLine(stats) { lines.append("  " + data) }
    for (number, set) in analysis.sets.enumerated() {
      lines.append(
        "  set \(number + 1): \(set.reps ?? 0) reps, "
          + "\(NumberText.fixed(set.startSeconds, 1))-\(NumberText.fixed(set.endSeconds, 1)) s"
      )
    }
    if !analysis.reps.isEmpty {
      lines.append("")
      lines.append(
        "   rep  side   start    end   range   hold"
          + (seesPelvis ? "  level change" : ""))
      // Numbered as counted: a partial rep is not one of them.
      let labels = SessionReport.labels(of: analysis.reps, partial: "-")
      for (rep, label) in zip(analysis.reps, labels) {
        let level =
          rep.levelChangeDegrees.map { NumberText.signed($0, 1) + "°" } ?? "n/a"
        lines.append(
          "  "
            + pad(label, 4) + "  " + pad(rep.side.rawValue, 5)
            + pad(NumberText.fixed(rep.startSeconds, 1), 7)
            + pad(NumberText.fixed(rep.endSeconds, 1), 7)
            + pad(NumberText.fixed(rep.romDegrees, 1) + "°", 8)
            + pad(NumberText.fixed(rep.holdSeconds, 1) + " s", 7)
            + (seesPelvis ? pad(level, 14) : "")
            + (rep.partial ? "  partial, not counted" : ""))
      }
    }
    if !analysis.ignoredMovements.isEmpty {
      lines.append("")
      lines.append("  not counted:")
      lines += NotCountedText.lines(analysis.ignoredMovements).map {
        "    " + $0
      }
    }
    for hold in analysis.holds {
      lines.append(
        "  hold: \(NumberText.fixed(hold.durationSeconds, 1)) s "
          + "(\(NumberText.fixed(hold.startSeconds, 1))-\(NumberText.fixed(hold.endSeconds, 1)) s)"
      )
    }
    if let a = analysis.asymmetry {
      lines.append("")
      if seesPelvis {
        lines.append(
          "  left-leg reps: \(a.leftReps), mean level change "
            + levelChange(a.leftMeanLevelChangeDegrees))
        lines.append(
          "  right-leg reps: \(a.rightReps), mean level change "
            + levelChange(a.rightMeanLevelChangeDegrees))
      } else {
        lines.append("  left \(a.leftReps) reps; right \(a.rightReps) reps")
      }
    }
    if let nothing = result.nothingCounted {
      lines.append("")
      lines += nothing.lines.map { "  " + $0 }
    }
    return lines.joined(separator: "\n")
  }

  /// Steps, walks and the pelvis's dip, in place of reps.
  private static func walking(
    _ result: AnalyzedRecording, analysis: SessionAnalysis
  ) -> String {
    let stats = result.statistics
    var lines = [
      "walking: \(WalkingText.headline(analysis)), "
        + "\(NumberText.fixed(stats.duration, 1)) s recorded"
        + (result.hasGyro ? "" : " (accelerometer only)")
    ]
    if let note = WalkingText.sensorNote(
      placement: result.header.placement, hasGyro: result.hasGyro,
      rateHz: result.header.rateHz)
    {
      lines.append("  " + note)
    }
    if let data = dataLine(stats) { lines.append("  " + data) }
    lines += WalkingText.boutLines(analysis).map { "  " + $0 }
    let summary = WalkingText.summaryLines(analysis).dropFirst()
    if !summary.isEmpty {
      lines.append("")
      lines += summary.map { "  " + $0 }
    }
    if let nothing = result.nothingCounted {
      lines.append("")
      lines += nothing.lines.map { "  " + $0 }
    }
    return lines.joined(separator: "\n")
  }

  private static func pad(_ text: String, _ width: Int) -> String {
    String(repeating: " ", count: Swift.max(0, width - text.count)) + text
  }
}
