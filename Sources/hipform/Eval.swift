import ArgumentParser
import Foundation
import HipCore
import HipRecording

/// `hipform eval DIR`: how right the analysis is on labelled recordings.
struct Eval: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Score the analysis against labelled recordings.",
    discussion: """
      Every NAME.csv in DIR with a NAME.labels.json beside it is analysed
      as 'hipform analyze' would, and the result compared with the labels:
      reps found (F1 over full reps), reps counted per set, timing, hold,
      ROM and level-change errors, the left-right difference, the side of
      alternating reps and partial reps counted as full, and how many
      recordings have exactly their labelled count of full reps. A field
      (rom_deg, hold_s, level_change_deg) that the labels leave out is not
      scored. Recordings whose labels list steps (walking) are scored on
      steps instead, in a table and a summary of their own: initial
      contacts matched within 0.25 s (precision, recall, F1, timing, side),
      steps per labelled bout within 1, cadence per bout, pelvic drop per
      stance side where the labels give it, whether a Trendelenburg side is
      named, and steps found outside labelled walking. Files are taken in name
      order; a recording or labels file that cannot be read is listed as
      failed, and the exit status is then 1. The --require-* options make
      the exit status 1 too when the summary misses a figure.
      """)

  @Argument(help: "A folder of recordings with .labels.json sidecars.")
  var directory: String

  @Flag(help: "Print per-recording scores and the summary as JSON.")
  var json = false

  @Option(
    name: .customLong("exercise-filter"),
    help: ArgumentHelp(
      "Only score recordings whose labels name one of these exercises.",
      discussion: "Repeat the option or separate names with commas."))
  var exerciseFilter: [String] = []

  @Option(
    name: .customLong("require-f1"),
    help: "Fail unless rep F1 over full reps is at least this.")
  var requiredF1: Double?

  @Option(
    name: .customLong("require-exact-files-pct"),
    help: ArgumentHelp(
      "Fail unless at least this percent of recordings have exactly their "
        + "labelled count of full reps."))
  var requiredExactFilesPercent: Double?

  @Option(
    name: .customLong("require-max-start-median-s"),
    help: "Fail unless the median start error is at most this, seconds.")
  var requiredMaximumStartMedian: Double?

  @Option(
    name: .customLong("require-max-end-median-s"),
    help: "Fail unless the median end error is at most this, seconds.")
  var requiredMaximumEndMedian: Double?

  @Option(
    name: .customLong("require-max-partials-as-full"),
    help: "Fail unless at most this many partial reps are counted as full.")
  var requiredMaximumPartialsAsFull: Int?

  @Option(
    name: .customLong("require-step-precision"),
    help: "Fail unless step precision (walking) is at least this.")
  var requiredStepPrecision: Double?

  @Option(
    name: .customLong("require-step-recall"),
    help: "Fail unless step recall (walking) is at least this.")
  var requiredStepRecall: Double?

  @Option(
    name: .customLong("require-max-step-time-median-s"),
    help: "Fail unless the median step time error is at most this, seconds.")
  var requiredMaximumStepTimeMedian: Double?

  @Option(
    name: .customLong("require-step-side-pct"),
    help:
      "Fail unless at least this percent of matched steps have their side right."
  )
  var requiredStepSidePercent: Double?

  @Option(
    name: .customLong("require-bouts-within-one-pct"),
    help:
      "Fail unless at least this percent of walking bouts have their steps within 1."
  )
  var requiredBoutsWithinOnePercent: Double?

  @Option(
    name: .customLong("require-max-cadence-error-spm"),
    help:
      "Fail unless the median cadence error is at most this, steps a minute.")
  var requiredMaximumCadenceError: Double?

  @Option(
    name: .customLong("require-max-steps-outside-walking"),
    help:
      "Fail unless at most this many steps are found outside labelled walking.")
  var requiredMaximumStepsOutsideWalking: Int?

  private var stepRequirements: StepRequirements {
    StepRequirements(
      minimumPrecision: requiredStepPrecision,
      minimumRecall: requiredStepRecall,
      maximumMedianTimingSeconds: requiredMaximumStepTimeMedian,
      minimumSidePercent: requiredStepSidePercent,
      minimumBoutsWithinOnePercent: requiredBoutsWithinOnePercent,
      maximumMedianCadenceError: requiredMaximumCadenceError,
      maximumStepsOutsideWalking: requiredMaximumStepsOutsideWalking)
  }

  private var requirements: ScoreRequirements {
    ScoreRequirements(
      minimumF1: requiredF1,
      minimumPercentCountedExactly: requiredExactFilesPercent,
      maximumMedianStartSeconds: requiredMaximumStartMedian,
      maximumMedianEndSeconds: requiredMaximumEndMedian,
      maximumPartialsCountedAsFull: requiredMaximumPartialsAsFull)
  }

  /// The exercises asked for, as written, or `nil` for all.
  private var exerciseNames: [String]? {
    let names = exerciseFilter.flatMap { $0.split(separator: ",") }
      .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    return names.isEmpty ? nil : names
  }

  /// The exercises asked for, or `nil` for all.
  private var exercises: Set<Exercise>? {
    exerciseNames.map { Set($0.compactMap(Exercise.init(named:))) }
  }

  func validate() throws {
    let unknown = (exerciseNames ?? []).filter { Exercise(named: $0) == nil }
    guard unknown.isEmpty else {
      throw ValidationError(
        "unknown exercise \(unknown.joined(separator: ", ")); known: "
          + knownExercises)
    }
  }

  func run() throws {
    let names: [String]
    do {
      names = try FileManager.default.contentsOfDirectory(atPath: directory)
    } catch {
      var isFolder: ObjCBool = false
      let exists = FileManager.default.fileExists(
        atPath: directory, isDirectory: &isFolder)
      printError(
        "error: cannot read the folder \(directory): "
          + (!exists
            ? "it does not exist"
            : !isFolder.boolValue
              ? "it is a file, not a folder" : "it cannot be read")
          + " (give a folder of recordings with their .labels.json files)")
      throw ExitCode.failure
    }
    let recordings = names.filter { $0.hasSuffix(".csv") }.sorted()
    var unlabelled: [String] = []
    var results: [FileResult] = []
    for name in recordings {
      let path = (directory as NSString).appendingPathComponent(name)
      let labels = LabelsFile.path(forRecording: path)
      guard FileManager.default.fileExists(atPath: labels) else {
        unlabelled.append(name)
        continue
      }
      let result = evaluate(name: name, recording: path, labels: labels)
      if let exercise = result.exercise, let wanted = exercises,
        !(Exercise(named: exercise).map(wanted.contains) ?? false)
      {
        continue
      }
      results.append(result)
    }
    if !unlabelled.isEmpty {
      printError(
        "eval: \(unlabelled.count) recording(s) without labels skipped: "
          + unlabelled.joined(separator: ", "))
    }
    guard !results.isEmpty else {
      printError("error: no labelled recording to score in \(directory)")
      throw ExitCode.failure
    }
    let summary = ScoreSummary(results.compactMap(\.score))
    let stepScores = results.compactMap(\.steps)
    let steps = stepScores.isEmpty ? nil : StepSummary(stepScores)
    let failed = results.filter { $0.error != nil }
    let misses = requirements.misses(summary) + stepRequirements.misses(steps)
    if json {
      print(try jsonText(results, summary, steps: steps, misses: misses))
    } else {
      let walking = results.filter { $0.steps != nil }
      let others = results.filter { $0.steps == nil }
      // A folder of walking recordings only has no rep table.
      if !others.isEmpty || walking.isEmpty {
        print(EvalTable.text(others))
      }
      if !walking.isEmpty {
        if !others.isEmpty { print() }
        print(WalkingTable.text(walking))
      }
      print()
      print(
        EvalTable.summaryText(
          summary, steps: steps, failed: failed.count,
          notScored: results.filter { $0.notScored != nil }.count,
          shortfalls: Self.shortfalls(summary, steps: steps, results: results)
        ))
    }
    for result in failed {
      printError("error: \(result.file): \(result.error ?? "")")
    }
    for miss in misses {
      printError("eval: required figure missed: \(miss)")
    }
    if !failed.isEmpty || !misses.isEmpty { throw ExitCode.failure }
  }

  /// Why a recording with these labels is listed but not scored (walking
  /// without steps, reps without a `reps` key: a misspelt key would
  /// otherwise score as a session of no reps), or `nil`.
  static func reasonNotScored(_ truth: GroundTruth) -> String? {
    let exercise = Exercise(named: truth.exercise)
    if exercise == .walking {
      return truth.steps == nil ? "walking: no steps labelled to score" : nil
    }
    if truth.steps == nil, !truth.repsLabelled,
      !(exercise?.profile.isHold ?? false)
    {
      return "no \"reps\" key in the labels: nothing to score reps against"
    }
    return nil
  }

  /// Reads the labels, analyses the recording, scores one against the
  /// other; a failure becomes the result's `error`, never a thrown error,
  /// so one bad file does not hide the others.
  private func evaluate(name: String, recording: String, labels: String)
    -> FileResult
  {
    let truth: GroundTruth
    do {
      truth = try LabelsFile.read(labels)
    } catch {
      return FileResult(file: name, exercise: nil, error: error.description)
    }
    if let reason = Self.reasonNotScored(truth) {
      return FileResult(file: name, exercise: truth.exercise, notScored: reason)
    }
    do {
      let analysis = try analyzeRecording(path: recording).analysis
      if truth.steps != nil {
        return FileResult(
          file: name, exercise: truth.exercise,
          steps: StepScore(truth: truth, analysis: analysis))
      }
      return FileResult(
        file: name, exercise: truth.exercise,
        score: RecordingScore(truth: truth, analysis: analysis))
    } catch {
      return FileResult(
        file: name, exercise: truth.exercise, error: error.description)
    }
  }

  /// The targets missed; a recording that could not be scored is one,
  /// since the targets are over the whole test set.
  static func shortfalls(
    _ summary: ScoreSummary, steps: StepSummary?, results: [FileResult]
  ) -> [String] {
    let failed = results.filter { $0.error != nil }.count
    return (failed > 0 ? ["\(failed) recording(s) could not be scored"] : [])
      + summary.shortfalls() + (steps?.shortfalls() ?? [])
  }

  private func jsonText(
    _ results: [FileResult], _ summary: ScoreSummary, steps: StepSummary?,
    misses: [String]
  ) throws -> String {
    let shortfalls = Self.shortfalls(summary, steps: steps, results: results)
    let report = EvalJSON(
      format: "hipform-eval/1", files: results,
      failed: results.filter { $0.error != nil }.count,
      notScored: results.filter { $0.notScored != nil }.count,
      summary: summary, stepSummary: steps, targetsMet: shortfalls.isEmpty,
      shortfalls: shortfalls, requirementsMet: misses.isEmpty,
      requirementMisses: misses)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [
      .prettyPrinted, .sortedKeys, .withoutEscapingSlashes,
    ]
    // An analysis that outputs nan must still give a report saying so.
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return String(decoding: try encoder.encode(report), as: UTF8.self)
  }
}

/// One recording's outcome: a score, or why there is none.
struct FileResult: Encodable {
  var file: String
  /// The exercise the labels name (`nil` when they could not be read).
  var exercise: String?
  var score: RecordingScore?
  /// A recording with labelled steps is scored on them, not on reps.
  var steps: StepScore?
  var error: String?
  /// Why a readable recording is not scored (not a failure).
  var notScored: String?

  init(
    file: String, exercise: String?, score: RecordingScore? = nil,
    steps: StepScore? = nil, error: String? = nil, notScored: String? = nil
  ) {
    self.file = file
    self.exercise = exercise
    self.score = score
    self.steps = steps
    self.error = error
    self.notScored = notScored
  }

  enum CodingKeys: String, CodingKey {
    case file, exercise, score, steps, error, status
    case notScored = "not_scored"
  }

  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(file, forKey: .file)
    let status =
      error != nil ? "failed" : notScored != nil ? "not scored" : "scored"
    try c.encode(status, forKey: .status)
    try c.encode(exercise, forKey: .exercise)
    try c.encode(score, forKey: .score)
    try c.encodeIfPresent(steps, forKey: .steps)
    try c.encode(error, forKey: .error)
    try c.encodeIfPresent(notScored, forKey: .notScored)
  }
}

private struct EvalJSON: Encodable {
  var format: String
  var files: [FileResult]
  var failed: Int
  var notScored: Int
  var summary: ScoreSummary
  /// Only when some recording was scored on steps.
  var stepSummary: StepSummary?
  var targetsMet: Bool
  var shortfalls: [String]
  var requirementsMet: Bool
  var requirementMisses: [String]

  enum CodingKeys: String, CodingKey {
    case format, files, failed, summary, shortfalls
    case notScored = "not_scored"
    case stepSummary = "step_summary"
    case targetsMet = "targets_met"
    case requirementsMet = "requirements_met"
    case requirementMisses = "requirement_misses"
  }
}

/// The text form of `hipform eval`: one row per recording, then the
/// pooled summary.
enum EvalTable {
  private struct Column: Sendable {
    var title: String
    /// The labelled field the column scores, if it depends on one.
    var field: (@Sendable (LabelledFields) -> Bool)? = nil
    var value: @Sendable (RecordingScore) -> String
  }

  private static let columns: [Column] = [
    Column(title: "reps t/d") {
      "\($0.reps.trueFull)/\($0.reps.detectedFull)"
    },
    Column(title: "sets ok") { score in
      score.sets.sets.isEmpty
        ? "-" : "\(score.sets.exact)/\(score.sets.sets.count)"
    },
    Column(title: "F1") { NumberText.fixed($0.reps.f1, 3) },
    Column(title: "start s") { number($0.timing.start.medianAbsolute, 2) },
    Column(title: "end s") { number($0.timing.end.medianAbsolute, 2) },
    Column(title: "hold s", field: \.hold) {
      number($0.hold.meanAbsolute, 2)
    },
    Column(title: "ROM deg", field: \.rom) { number($0.rom.meanAbsolute, 1) },
    Column(title: "level deg", field: \.levelChange) {
      number($0.levelChange.meanAbsolute, 1)
    },
    Column(title: "L-R deg", field: \.levelChange) { score in
      if score.leftRight.isMissing { return "missing" }
      if score.leftRight.isSpurious { return "extra" }
      return number(score.leftRight.errorDegrees.map(\.magnitude), 1)
    },
    Column(title: "side") { score in
      score.side.agreement.map { NumberText.fixed(100 * $0, 0) + "%" } ?? "-"
    },
    Column(title: "partial>full") { "\($0.partials.partialCountedAsFull)" },
  ]

  /// The per-recording table; errors are medians (timing) or means
  /// (everything else) of absolute errors.
  ///
  /// A field no recording labels has no column, and a line under the table
  /// says so.
  static func text(_ results: [FileResult]) -> String {
    let labelled = LabelledFields(
      pooling: results.compactMap(\.score?.labelled))
    let shown = columns.filter { $0.field?(labelled) ?? true }
    let head = ["file", "exercise"] + shown.map(\.title)
    let rows: [[String]] = results.map { result in
      let lead = [result.file, result.exercise ?? "?"].map {
        VisibleText.escaped($0)
      }
      if let reason = result.notScored { return lead + [reason] }
      guard let score = result.score else {
        return lead + ["FAILED: \(result.error ?? "unknown error")"]
      }
      return lead + shown.map { $0.value(score) }
    }
    // The failure message spans the metric columns: it sets no width.
    var widths = head.map(\.count)
    for row in rows where row.count == head.count {
      for (i, cell) in row.enumerated() {
        widths[i] = max(widths[i], cell.count)
      }
    }
    for row in rows where row.count != head.count {
      for i in 0..<2 { widths[i] = max(widths[i], row[i].count) }
    }
    func line(_ cells: [String]) -> String {
      cells.enumerated().map { i, cell in
        guard cells.count == head.count || i < 2 else { return cell }
        let pad = String(repeating: " ", count: max(0, widths[i] - cell.count))
        return i < 2 ? cell + pad : pad + cell
      }.joined(separator: "  ").trimmingTrailingSpaces
    }
    let unlabelled = labelled.unlabelledNames
    let note =
      results.contains { $0.score != nil } && !unlabelled.isEmpty
      ? ["not labelled in any recording: " + unlabelled.joined(separator: ", ")]
      : []
    return ([line(head)] + rows.map(line) + note).joined(separator: "\n")
  }

  static func summaryText(
    _ summary: ScoreSummary, steps: StepSummary? = nil, failed: Int,
    notScored: Int, shortfalls: [String]
  ) -> String {
    let scored = summary.recordings + (steps?.recordings ?? 0)
    var lines = [
      "summary: \(scored) recording(s) scored, \(failed) failed"
        + (notScored > 0 ? ", \(notScored) not scored" : "")
    ]
    // Pooled figures over no recording would read as perfect.
    guard scored > 0 else { return lines[0] }
    func row(_ name: String, _ value: String) {
      lines.append(
        "  " + name.padding(toLength: 12, withPad: " ", startingAt: 0) + value)
    }
    if summary.recordings > 0 { repLines(summary, row: row) }
    if let steps { stepLines(steps, row: row) }
    row("targets", shortfalls.isEmpty ? "met" : "not met:")
    for shortfall in shortfalls { row("", "- " + shortfall) }
    return lines.joined(separator: "\n")
  }

  /// The pooled steps: found, timing, side, per bout, drop, weak side.
  private static func stepLines(
    _ steps: StepSummary, row: (String, String) -> Void
  ) {
    let counts = steps.steps
    row(
      "steps",
      "labelled \(counts.labelled), detected \(counts.detected), matched "
        + "\(counts.matched) within \(NumberText.fixed(StepScore.tolerance, 2)) s"
    )
    row(
      "",
      "FP \(counts.falsePositives)  FN \(counts.falseNegatives)  "
        + "precision \(NumberText.fixed(counts.precision, 3))  "
        + "recall \(NumberText.fixed(counts.recall, 3))  F1 \(NumberText.fixed(counts.f1, 3))"
    )
    row("step time s", errorText(steps.timing, 3, what: "steps"))
    row(
      "step side",
      steps.sideAgreement.map {
        "\(NumberText.fixed(100 * $0, 1))% of \(counts.matched) matched steps right"
      } ?? "no step matched")
    row(
      "bouts",
      steps.bouts == 0
        ? "none labelled"
        : "\(steps.boutsWithinOne) of \(steps.bouts) with steps within 1 "
          + "(\(NumberText.fixed(100 * (steps.boutsWithinOneShare ?? 0), 1))%)")
    row("cadence spm", errorText(steps.cadence, 2, what: "bouts"))
    row(
      "asymmetry %",
      errorText(steps.stepTimeAsymmetry, 1, what: "bouts")
        + " (step times, left against right)")
    row(
      "drop deg",
      steps.pelvicDropLabelled
        ? errorText(steps.pelvicDrop, 2, what: "bout sides")
          + "; \(steps.pelvicDropMissing) bouts missing" : "not labelled")
    row(
      "weak side",
      steps.trendelenburgFiles == 0
        ? "no recording labels a Trendelenburg side"
        : "Trendelenburg side named in \(steps.trendelenburgNamed) of "
          + "\(steps.trendelenburgFiles) recordings")
    row(
      "not walking",
      "\(steps.stepsOutsideBouts) steps found outside labelled walking")
  }

  /// The pooled reps, sets, errors, holds and sides.
  private static func repLines(
    _ summary: ScoreSummary, row: (String, String) -> Void
  ) {
    let reps = summary.reps
    row(
      "reps",
      "true \(reps.trueFull) full + \(reps.truePartial) partial, detected "
        + "\(reps.detectedFull) full + \(reps.detectedPartial) partial")
    row(
      "",
      "TP \(reps.truePositives)  FP \(reps.falsePositives)  "
        + "FN \(reps.falseNegatives)  precision \(NumberText.fixed(reps.precision, 3))  "
        + "recall \(NumberText.fixed(reps.recall, 3))  F1 \(NumberText.fixed(reps.f1, 3))"
    )
    row(
      "counts",
      "\(summary.recordingsCountedExactly) of \(summary.recordings) "
        + "recordings counted exactly "
        + "(\(NumberText.fixed(100 * (summary.recordingsCountedExactlyShare ?? 0), 1))%)"
    )
    let sets = summary.sets
    row(
      "sets",
      sets.sets.isEmpty
        ? "none labelled"
        : "\(sets.exact) of \(sets.sets.count) counted exactly "
          + "(\(NumberText.fixed(100 * (sets.exactShare ?? 0), 1))%), count error "
          + "\(sets.absoluteCountError) (signed \(sets.signedCountError)), "
          + "\(sets.detectedRepsOutsideSets) detected outside sets")
    row("start s", errorText(summary.timing.start, 3, what: "reps"))
    row("peak s", errorText(summary.timing.peak, 3, what: "reps"))
    row("end s", errorText(summary.timing.end, 3, what: "reps"))
    let labelled = summary.labelled
    func labelledRow(_ name: String, _ isLabelled: Bool, _ value: String) {
      row(name, isLabelled ? value : "not labelled")
    }
    labelledRow(
      "hold_s s", labelled.hold, errorText(summary.hold, 3, what: "reps"))
    labelledRow(
      "ROM deg", labelled.rom, errorText(summary.rom, 2, what: "reps"))
    labelledRow(
      "level deg", labelled.levelChange,
      errorText(summary.levelChange, 2, what: "reps")
        + "; \(summary.levelChangeNullMismatches) null mismatches")
    let holds = summary.holds
    row(
      "holds",
      "\(holds.trueHolds) true, \(holds.detectedHolds) detected, "
        + "\(holds.matched) matched; duration s: "
        + errorText(holds.duration, 2, what: "holds"))
    let leftRight = summary.leftRight
    labelledRow(
      "L-R deg", labelled.levelChange,
      errorText(leftRight.error, 2, what: "recordings")
        + "; \(leftRight.missing) missing, \(leftRight.spurious) spurious")
    let side = summary.side
    row(
      "side",
      side.agreement.map {
        "\(NumberText.fixed(100 * $0, 1))% of \(side.compared) alternating reps agree"
      } ?? "no alternating rep paired")
    let partials = summary.partials
    row(
      "partials",
      "\(partials.partialCountedAsFull) counted as full, "
        + "\(partials.fullFlaggedPartial) full flagged partial, "
        + "\(partials.partialAgreed) agreed, \(partials.partialMissed) missed, "
        + "\(partials.partialSpurious) spurious")
  }

  /// Median, mean and maximum of the absolute errors and the bias.
  static func errorText(
    _ errors: ErrorStatistics, _ decimals: Int, what: String
  ) -> String {
    guard let median = errors.medianAbsolute, let mean = errors.meanAbsolute,
      let maximum = errors.maximumAbsolute, let bias = errors.meanSigned
    else { return "none paired" }
    return
      "median \(NumberText.fixed(median, decimals))  mean \(NumberText.fixed(mean, decimals))  "
      + "max \(NumberText.fixed(maximum, decimals))  bias \(NumberText.signed(bias, decimals)) "
      + "(\(errors.count) \(what))"
  }

  static func number(_ value: Double?, _ decimals: Int) -> String {
    value.map { NumberText.fixed($0, decimals) } ?? "-"
  }
}

/// The text table of recordings scored on steps: one row each.
enum WalkingTable {
  private static let head = [
    "file", "exercise", "steps t/d", "F1", "time s", "side", "bouts ok",
    "cadence", "drop deg", "weak side", "not walking",
  ]

  /// Timing and cadence errors are medians, the drop a mean, of absolute
  /// errors.
  static func text(_ results: [FileResult]) -> String {
    let rows: [[String]] = results.compactMap { result in
      guard let score = result.steps else { return nil }
      let weakSide: String =
        switch score.trendelenburg.isNamed {
        case nil: "-"
        case true?: "named"
        case false?: "missed"
        }
      return [
        VisibleText.escaped(result.file),
        VisibleText.escaped(result.exercise ?? "?"),
        "\(score.steps.labelled)/\(score.steps.detected)",
        NumberText.fixed(score.steps.f1, 3),
        EvalTable.number(score.timing.medianAbsolute, 3),
        score.sideAgreement.map { NumberText.fixed(100 * $0, 0) + "%" } ?? "-",
        score.bouts.isEmpty
          ? "-" : "\(score.boutsWithinOne)/\(score.bouts.count)",
        EvalTable.number(score.cadence.medianAbsolute, 1),
        score.pelvicDropLabelled
          ? EvalTable.number(score.pelvicDrop.meanAbsolute, 1) : "-",
        weakSide, "\(score.stepsOutsideBouts)",
      ]
    }
    var widths = head.map(\.count)
    for row in rows {
      for (i, cell) in row.enumerated() {
        widths[i] = max(widths[i], cell.count)
      }
    }
    func line(_ cells: [String]) -> String {
      cells.enumerated().map { i, cell in
        let pad = String(repeating: " ", count: max(0, widths[i] - cell.count))
        return i < 2 ? cell + pad : pad + cell
      }.joined(separator: "  ").trimmingTrailingSpaces
    }
    return ([line(head)] + rows.map(line)).joined(separator: "\n")
  }
}

extension String {
  fileprivate var trimmingTrailingSpaces: String {
    var text = self
    while text.last == " " { text.removeLast() }
    return text
  }
}
