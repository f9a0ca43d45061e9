import HipCore

/// A walking session's page: steps, walks, rhythm and the pelvis's dip on
/// each leg, in place of reps and sets.
extension HTMLReport {
  static func renderWalking(_ report: SessionReport) -> String {
    var page = Page()
    page.title = "\(report.exerciseTitle): \(report.recordingName)"
    page.extraCSS = Page.walkingCSS
    page.add(header(report, sensorNote: walkingSensorNote(report)))
    for notice in report.notices {
      page.add("<p class=\"notice\">\(Escape.html(notice))</p>")
    }
    page.add(walkingGlance(report))
    if let nothing = report.nothingCounted { page.add(nothingCounted(nothing)) }
    let steps = report.walkedSteps
    if !report.walks.isEmpty {
      page.add(rhythmSection(report, steps: steps))
      page.add(walkingSidesSection(report, steps: steps))
      page.add(walksTable(report))
    }
    page.add(
      """
      <section>
      <h2>How it felt</h2>
      <div class="grid2">
      \(painFigure(report.pain))
      </div>
      </section>
      """)
    page.add(limitsSection(walking: true))
    return page.render()
  }

  static func walkingSensorNote(_ report: SessionReport) -> String? {
    WalkingText.sensorNote(
      placement: report.placement, hasGyro: report.document.recording.hasGyro,
      rateHz: report.document.recording.rateHz)
  }

  // MARK: - At a glance

  static func walkingGlance(_ report: SessionReport) -> String {
    let analysis = report.analysis
    var tiles: [Tile] = []
    let gait = analysis.gait
    let walks = report.walks.count
    tiles.append(
      Tile(
        label: "Steps", value: "\(gait?.steps ?? 0)",
        detail: gait.map {
          "in \(walks) \(walks == 1 ? "walk" : "walks"), "
            + "\(NumberText.fixed($0.walkingSeconds, 0)) s of walking"
        } ?? "no walking found",
        state: .neutral))
    if let gait {
      tiles.append(
        Tile(
          label: "Rhythm", value: NumberText.fixed(gait.cadence, 0),
          detail: "steps a minute while walking", state: .neutral))
    }
    if let evenness = gait.flatMap(WalkingText.evenness) {
      let (detail, state): (String, Tile.State) =
        switch evenness {
        case .even: ("about the same: an even rhythm", .good)
        case .uneven: ("one side's steps take longer", .watch)
        case .tooFewSteps:
          (
            "too few steps to judge (\(WalkingText.stepsToJudgeEvenness) needed)",
            .neutral
          )
        }
      tiles.append(
        Tile(
          label: "Left and right step times",
          value: "\(NumberText.fixed(evenness.percent, 0))% apart",
          detail: detail, state: state))
    }
    if let drop = gait?.pelvicDrop {
      let larger = WalkingText.largerDropSide(drop)
      for (side, value, other) in [
        (Side.left, drop.leftStance, "right"),
        (.right, drop.rightStance, "left"),
      ] {
        guard let value else { continue }
        tiles.append(
          Tile(
            label: "Pelvis dip, standing on the \(side.rawValue) leg",
            value: NumberText.fixed(value, 1) + "°",
            detail: "how far the \(other) side dropped, on average",
            state: larger == side ? .watch : .neutral))
      }
    }
    if let pain = report.pain {
      tiles.append(
        Tile(
          label: "Pain", value: "\(pain) / 10", detail: "after the session",
          state: pain <= 3 ? .good : .watch))
    }
    let sentences = WalkingText.summaryLines(analysis)
    var summary = sentences.enumerated().map { offset, sentence in
      "<p class=\"\(offset == 0 ? "summary" : "caption")\">"
        + Escape.html(sentence) + "</p>"
    }.joined(separator: "\n")
    if let note = report.note, !note.isEmpty {
      summary += "\n<p class=\"note\"><b>Note:</b> \(Escape.html(note))</p>"
    }
    return """
      <section class="glance">
      <div class="tiles">
      \(tiles.map(\.html).joined(separator: "\n"))
      </div>
      \(summary)
      </section>
      """
  }

  // MARK: - Rhythm and dip over time

  /// Shades each walk and labels the ones there is room for.
  static func shadeWalks(
    _ walks: [WalkingBout], on chart: inout SVGChart, labelled: Bool
  ) {
    // Where the last label ends; a label keeps 12 px clear of it.
    var labelledUpTo = -Double.infinity
    for (offset, walk) in walks.enumerated() {
      chart.band(
        x0: walk.startSeconds, x1: walk.endSeconds, cssClass: "set-band",
        title: "walk \(offset + 1): \(walk.steps) steps")
      guard labelled else { continue }
      let x = chart.x(walk.startSeconds) + 3
      let end = chart.left + chart.plotWidth
      // About 7 px a character at the labels' 12 px.
      let label = ["walk \(offset + 1)", "\(offset + 1)"].first {
        x >= labelledUpTo + 12 && x + 7 * Double($0.count) <= end
      }
      guard let label else { continue }
      chart.text(label, px: x, py: 12, cssClass: "set-label", anchor: "start")
      labelledUpTo = x + 7 * Double(label.count)
    }
  }

  static func timeAxis(
    _ chart: inout SVGChart, duration: Double, yTitle: String
  ) {
    chart.axes(
      xTitle: duration >= 120 ? "time (min:s)" : "time (s)", yTitle: "",
      xLabel: duration >= 120 ? { clock($0) } : { SVGChart.fmt($0) })
    // Bottom left: the top left holds the first walk's label.
    chart.text(
      yTitle, px: 4, py: chart.height - 4, cssClass: "axis-title",
      anchor: "start")
  }

  /// A dot, in data coordinates, with its value on hover.
  static func dot(
    _ chart: inout SVGChart, x: Double, y: Double, cssClass: String,
    title: String
  ) {
    chart.add(
      "<circle class=\"\(cssClass)\" cx=\"\(NumberText.fixed(chart.x(x), 1))\" "
        + "cy=\"\(NumberText.fixed(chart.y(y), 1))\" r=\"3\"><title>"
        + Escape.html(title) + "</title></circle>")
  }

  static func rhythmSection(_ report: SessionReport, steps: [WalkedStep])
    -> String
  {
    let walks = report.walks
    let duration = Swift.max(report.document.recording.durationSeconds, 1)
    let paced = steps.compactMap { step in step.cadence.map { (step, $0) } }
    // Scaled to the walks' rhythm: a step recovered across a missed
    // contact, or a stumble, would flatten it; such a step is drawn at the
    // edge, its value on hover.
    let fastest = walks.map(\.cadence).max() ?? 100
    let top = SVGChart.tickAbove(Swift.max(fastest * 1.4, 60), from: 0)
    var chart = SVGChart(
      width: 1100, height: 260, x: 0...duration, y: 0...top,
      label: "Steps a minute over time, step by step and each walk's average")
    chart.top = 22
    shadeWalks(walks, on: &chart, labelled: true)
    for walk in walks {
      chart.line(
        [(walk.startSeconds, walk.cadence), (walk.endSeconds, walk.cadence)],
        cssClass: "walk-mean")
    }
    for (step, cadence) in paced {
      dot(
        &chart, x: step.time, y: Swift.min(cadence, top),
        cssClass: "step-dot \(step.side.rawValue)",
        title: "step \(step.number), \(step.side.rawValue) foot at "
          + "\(NumberText.fixed(step.time, 1)) s: "
          + "\(NumberText.fixed(step.stepSeconds ?? 0, 2)) s, "
          + "\(NumberText.fixed(cadence, 0)) steps a minute")
    }
    timeAxis(&chart, duration: duration, yTitle: "steps a minute")
    return """
      <section>
      <h2>Rhythm over time</h2>
      <p class="caption">Steps a minute: each dot one step, at the pace \
      from the step before (<span class="key left">●</span> landing on the \
      left foot, <span class="key right">●</span> on the right); each \
      walk's average is the dark line, walks are the grey blocks. Dots \
      close to the line: an even rhythm.</p>
      \(chart.render(cssClass: "chart rhythm-chart"))
      </section>
      """
  }

  /// The pelvis's dip while standing on each leg, step by step.
  static func dropChart(_ report: SessionReport, steps: [WalkedStep]) -> String?
  {
    let dropped = steps.compactMap { step in step.dropDegrees.map { (step, $0) }
    }
    guard !dropped.isEmpty else { return nil }
    let duration = Swift.max(report.document.recording.durationSeconds, 1)
    let values = dropped.map(\.1)
    let low = Swift.min(values.min() ?? 0, 0)
    let top = SVGChart.tickAbove(
      Swift.max((values.max() ?? 0) * 1.15, 4), from: low)
    var chart = SVGChart(
      width: 1100, height: 220, x: 0...duration, y: low...top,
      label:
        "Pelvis dip step by step, standing on the left leg against the right")
    chart.top = 14
    shadeWalks(report.walks, on: &chart, labelled: false)
    if low < 0 { chart.rule(y: 0, cssClass: "zero") }
    if let drop = report.analysis.gait?.pelvicDrop {
      if let left = drop.leftStance {
        chart.rule(y: left, cssClass: "drop-mean left")
      }
      if let right = drop.rightStance {
        chart.rule(y: right, cssClass: "drop-mean right")
      }
    }
    for side in [Side.left, .right] {
      // One line per walk: nothing was measured between walks.
      for walk in 1...Swift.max(report.walks.count, 1) {
        let run = dropped.filter { $0.0.side == side && $0.0.walk == walk }
        if run.count > 1 {
          chart.line(
            run.map { ($0.0.time, $0.1) },
            cssClass: "drop-line \(side.rawValue)")
        }
      }
      for (step, value) in dropped where step.side == side {
        dot(
          &chart, x: step.time, y: value,
          cssClass: "step-dot \(side.rawValue)",
          title: "step \(step.number), standing on the \(side.rawValue) leg at "
            + "\(NumberText.fixed(step.time, 1)) s: "
            + "\(NumberText.fixed(value, 1))°")
      }
    }
    timeAxis(&chart, duration: duration, yTitle: "degrees")
    return """
      <p class="caption">How far the pelvis dipped on the free side at each \
      step: <span class="key left">●</span> while you stood on your left \
      leg (the right side dips), <span class="key right">●</span> on your \
      right leg (the left side dips). Dashed: the average of each. Two lines \
      close together: the pelvis dips alike on both legs.</p>
      \(chart.render(cssClass: "chart drop-chart"))
      """
  }

  static func walkingSidesSection(_ report: SessionReport, steps: [WalkedStep])
    -> String
  {
    let gait = report.analysis.gait
    var rows: [LeftRightRow] = [
      LeftRightRow(
        name: "Step time", left: report.meanStepSeconds(.left),
        right: report.meanStepSeconds(.right), unit: "s"
      ) { NumberText.fixed($0, 2) }
    ]
    if let drop = gait?.pelvicDrop {
      rows.append(
        LeftRightRow(
          name: "Pelvis dip", left: drop.leftStance, right: drop.rightStance,
          unit: "deg"
        ) { NumberText.fixed($0, 1) })
    }
    rows.removeAll { $0.left == nil && $0.right == nil }
    var sentences: [String] = []
    if let left = report.meanStepSeconds(.left),
      let right = report.meanStepSeconds(.right)
    {
      sentences.append(
        "Steps landing on the left foot took \(NumberText.fixed(left, 2)) s "
          + "on average, on the right \(NumberText.fixed(right, 2)) s"
          + (gait?.stepTimeAsymmetryPercent.map {
            " (\(NumberText.fixed($0, 0))% apart)."
          } ?? "."))
    }
    if let drop = gait?.pelvicDrop {
      sentences.append(
        "The pelvis dipped " + WalkingText.dropText(drop) + ".")
      if let verdict = WalkingText.dropVerdict(drop) {
        sentences.append(verdict)
      }
    } else if let note = walkingSensorNote(report) {
      sentences.append(note)
    }
    let chart =
      rows.isEmpty
      ? ""
      : "\n"
        + leftRightChart(rows, label: "Left against right")
        .render(cssClass: "chart sides-chart")
    let drops = dropChart(report, steps: steps).map { "\n" + $0 } ?? ""
    return """
      <section>
      <h2>Left against right</h2>
      <p class="caption">\(Escape.html(sentences.joined(separator: " ")))</p>\(chart)\(drops)
      </section>
      """
  }

  // MARK: - Every walk

  static func walksTable(_ report: SessionReport) -> String {
    let seesDip = report.walks.contains { $0.pelvicDrop != nil }
    var rows: [String] = []
    for (offset, walk) in report.walks.enumerated() {
      var cells = [
        "\(offset + 1)",
        NumberText.fixed(walk.startSeconds, 1) + "-"
          + NumberText.fixed(walk.endSeconds, 1) + " s",
        "\(walk.steps)",
        NumberText.fixed(walk.cadence, 0),
        walk.stepTimeAsymmetryPercent.map { NumberText.fixed($0, 0) + "%" }
          ?? "n/a",
      ]
      if seesDip {
        let degrees: (Double?) -> String = {
          $0.map { NumberText.fixed($0, 1) + "°" } ?? "n/a"
        }
        cells.append(degrees(walk.pelvicDrop?.leftStance))
        cells.append(degrees(walk.pelvicDrop?.rightStance))
      }
      rows.append("<tr>" + cells.map { "<td>\($0)</td>" }.joined() + "</tr>")
    }
    let dipHeads =
      seesDip
      ? "<th>Dip standing on the left</th><th>Dip standing on the right</th>"
      : ""
    return """
      <section>
      <h2>Every walk</h2>
      <p class="caption">A walk is \(WalkingText.stepsToStart) or more steps \
      in a row with no pause over \(WalkingText.longestPause) s.</p>
      <table class="reps">
      <thead><tr><th>Walk</th><th>Time</th><th>Steps</th>\
      <th>Steps a minute</th><th>Left and right step times apart</th>\
      \(dipHeads)</tr></thead>
      <tbody>
      \(rows.joined(separator: "\n"))
      </tbody>
      </table>
      </section>
      """
  }
}

extension TextReport {
  /// Steps, walks and the dip per leg, in place of reps and sets.
  static func renderWalking(_ report: SessionReport) -> String {
    typealias N = NumberText
    var lines = openingLines(report)
    let document = report.document
    lines.append(
      "done: \(WalkingText.headline(report.analysis)); "
        + "\(N.fixed(document.recording.durationSeconds, 1)) s recorded")
    if let note = HTMLReport.walkingSensorNote(report) { lines.append(note) }
    lines += WalkingText.boutLines(report.analysis)
    let summary = WalkingText.summaryLines(report.analysis).dropFirst()
    if !summary.isEmpty {
      lines.append("")
      lines += summary
    }
    lines += TextReport.closingLines(report)
    return lines.joined(separator: "\n") + "\n"
  }
}

extension CSVReport {
  /// The columns of a walking session: one row per step.
  public static let walkingColumns = [
    "step", "walk", "side", "time (s)", "step time (s)",
    "pelvic drop standing on it (deg)", "exercise", "recording",
  ]

  /// One row per step: when, which foot, its walk, the time since the
  /// walk's previous step and how far the other side dipped while standing
  /// on it (empty where not measured).
  static func renderWalking(_ report: SessionReport) -> String {
    var lines = [walkingColumns.map(Escape.csvField).joined(separator: ",")]
    for step in report.walkedSteps {
      let fields = [
        "\(step.number)", step.walk.map(String.init) ?? "",
        step.side.rawValue, number(step.time),
        step.stepSeconds.map(number) ?? "",
        step.dropDegrees.map(number) ?? "",
        report.analysis.exercise, report.recordingName,
      ]
      lines.append(fields.map(Escape.csvField).joined(separator: ","))
    }
    return lines.joined(separator: "\r\n") + "\r\n"
  }
}
