import Foundation
import HipCore

/// The session report as one self-contained HTML page.
///
/// No network, no script: inline CSS and inline SVG charts, so the file
/// can be mailed to a physical therapist and opened anywhere. Every text
/// that came from a user or a file is escaped (``Escape/html(_:)``).
/// The same report gives the same bytes.
public enum HTMLReport {
  /// Renders the page.
  ///
  /// - Parameter report: The session.
  /// - Returns: The HTML document.
  public static func render(_ report: SessionReport) -> String {
    if report.isWalking { return renderWalking(report) }
    var page = Page()
    page.title = "\(report.exerciseTitle): \(report.recordingName)"
    page.add(header(report))
    for notice in report.notices {
      page.add("<p class=\"notice\">\(Escape.html(notice))</p>")
    }
    page.add(glance(report))
    if let nothing = report.nothingCounted { page.add(nothingCounted(nothing)) }
    page.add(traceSection(report))
    page.add(barsSection(report))
    if report.analysis.asymmetry != nil { page.add(sidesSection(report)) }
    page.add(fatigueAndPainSection(report))
    page.add(repTable(report))
    page.add(notCountedSection(report.analysis.ignoredMovements))
    page.add(limitsSection())
    return page.render()
  }

  // MARK: - At a glance

  static func header(
    _ report: SessionReport,
    sensorNote: String? = nil
  ) -> String {
    let document = report.document
    var facts = [
      Escape.html(report.recordingName),
      "\(NumberText.fixed(document.recording.durationSeconds, 0)) s recorded",
    ]
    // Walking has no side: both feet are seen.
    if !report.isWalking {
      facts.insert("side \(Escape.html(document.side.rawValue))", at: 1)
    }
    if let started = report.startedLocally {
      facts.insert(Escape.html(started), at: 0)
    }
    if let placement = document.placement {
      facts.append("sensor at \(Escape.html(placement))")
    }
    if !document.recording.hasGyro { facts.append("accelerometer only") }
    if document.recording.gaps > 0 || document.recording.invalidSamples > 0 {
      facts.append(
        "\(document.recording.gaps) gaps, "
          + "\(document.recording.invalidSamples) invalid samples skipped")
    }
    let note = (sensorNote ?? SensorViewText.note(for: report.placement)).map {
      "\n<p class=\"sensor-view\">\(Escape.html($0))</p>"
    }
    return """
      <header>
      <h1>\(Escape.html(report.exerciseTitle))</h1>
      <p class="facts">\(facts.joined(separator: " · "))</p>\(note ?? "")
      </header>
      """
  }

  /// Why nothing was counted and what to check, under the tiles.
  static func nothingCounted(_ nothing: NothingCountedText) -> String {
    let checks = nothing.checks.map { "<li>\(Escape.html($0))</li>" }
      .joined()
    return """
      <section class="nothing-counted">
      <p class="summary">\(Escape.html(nothing.seen))</p>
      <p>What to check:</p>
      <ul>\(checks)</ul>
      </section>
      """
  }

  /// The few numbers that tell how the session went, as tiles.
  static func glance(_ report: SessionReport) -> String {
    let verdicts = report.fullVerdicts
    let total = verdicts.count
    var tiles: [Tile] = []
    let setCounts = report.analysis.sets.map { String($0.reps ?? 0) }
    var repsTile = Tile(
      label: setCounts.count == 1
        ? "Reps in 1 set" : "Reps in \(setCounts.count) sets",
      value: setCounts.isEmpty
        ? "\(report.fullReps.count)" : setCounts.joined(separator: " + "),
      detail: report.prescriptionText.map {
        "\($0) as \(Guidance.runningHips) prescribes"
      } ?? "no sets and reps prescribed for it", state: .neutral)
    if let p = report.profile?.prescription {
      let counts = report.analysis.sets.map { $0.reps ?? 0 }
      repsTile.state =
        counts.count >= p.sets && counts.allSatisfy({ $0 >= p.reps })
        ? .good : .watch
    }
    tiles.append(repsTile)
    let partial = report.reps.count - report.fullReps.count
    if total > 0 {
      let good = verdicts.filter(\.isGood).count
      tiles.append(
        Tile(
          label: "Good form", value: "\(good) of \(total)",
          detail: partial > 0
            ? "\(partial) partial, not counted" : "reps meeting every cue",
          state: good == total ? .good : .watch))
    }
    let square = verdicts.compactMap(\.hipsSquare)
    if !square.isEmpty {
      let count = square.filter { $0 }.count
      tiles.append(
        Tile(
          label: "Hips square", value: "\(count) of \(square.count)",
          detail: "level within "
            + "\(NumberText.fixed(RepVerdict.levelTolerance, 0)) degrees",
          state: count == square.count ? .good : .watch))
    }
    if let target = verdicts.compactMap(\.holdTarget).first {
      let met = verdicts.filter { $0.holdMet == true }.count
      tiles.append(
        Tile(
          label: "Held at the top", value: "\(met) of \(total)",
          detail: "target \(NumberText.fixed(target, 0)) s, give or take "
            + "\(NumberText.fixed(RepVerdict.holdTolerance, 2)) s",
          state: met == total ? .good : .watch))
    }
    if let profile = report.profile, profile.isHold {
      let holds = report.analysis.holds
      let met = holds.filter {
        RepVerdict.holdMeets($0.durationSeconds, target: profile.holdTarget)
      }.count
      tiles.append(
        Tile(
          label: "Holds", value: "\(met) of \(holds.count)",
          detail: "target \(NumberText.fixed(profile.holdTarget, 0)) s, give "
            + "or take \(NumberText.fixed(RepVerdict.holdTolerance, 2)) s",
          state: !holds.isEmpty && met == holds.count ? .good : .watch))
    }
    let tempo = verdicts.compactMap(\.lowerToLift)
    if !tempo.isEmpty {
      let slow = tempo.filter { $0 >= RepVerdict.lowerToLiftMinimum }.count
      let matters =
        report.profile?.compensations.contains(.fastLowering) ?? false
      tiles.append(
        Tile(
          label: "Lowered with control", value: "\(slow) of \(tempo.count)",
          detail: "lowering took at least "
            + "\(NumberText.fixed(RepVerdict.lowerToLiftMinimum * 100, 0))% "
            + "of the lift's time",
          state: slow == tempo.count ? .good : matters ? .watch : .neutral))
    }
    if let pain = report.pain {
      tiles.append(
        Tile(
          label: "Pain", value: "\(pain) / 10", detail: "after the session",
          state: pain <= 3 ? .good : .watch))
    }
    let tileHTML = tiles.map(\.html).joined(separator: "\n")
    var summary = summarySentence(report)
    if let note = report.note, !note.isEmpty {
      summary += "\n<p class=\"note\"><b>Note:</b> \(Escape.html(note))</p>"
    }
    return """
      <section class="glance">
      <div class="tiles">
      \(tileHTML)
      </div>
      \(summary)
      </section>
      """
  }

  /// One sentence: the count, then what to watch most.
  static func summarySentence(_ report: SessionReport) -> String {
    let verdicts = report.fullVerdicts
    guard !verdicts.isEmpty else {
      if !report.analysis.holds.isEmpty {
        let times = report.analysis.holds.map {
          NumberText.fixed($0.durationSeconds, 0) + " s"
        }
        return "<p class=\"summary\">Held \(times.joined(separator: ", ")).</p>"
      }
      return "<p class=\"summary\">No reps were found in this recording.</p>"
    }
    var counts: [String: Int] = [:]
    var order: [String] = []
    for verdict in verdicts where !verdict.isGood {
      for phrase in verdict.phrases {
        let key = category(of: phrase)
        guard let key else { continue }
        if counts[key] == nil { order.append(key) }
        counts[key, default: 0] += 1
      }
    }
    let watch = order.sorted { counts[$0, default: 0] > counts[$1, default: 0] }
    if watch.isEmpty {
      return "<p class=\"summary good\">Every rep met every cue: "
        + "\(Escape.html(verdicts[0].text)).</p>"
    }
    let items = watch.prefix(3).map {
      "\($0) (\(counts[$0, default: 0]) of \(verdicts.count) reps)"
    }
    return "<p class=\"summary\">To watch: "
      + Escape.html(items.joined(separator: "; ")) + ".</p>"
  }

  /// Groups a verdict phrase into the cue it is about.
  static func category(of phrase: String) -> String? {
    if phrase.contains("side dropped") { return "hips not square" }
    if phrase.hasPrefix("held") && phrase.contains(" of ") {
      return "held less than the target"
    }
    if phrase.contains("lowered faster") { return "lowered faster than lifted" }
    if phrase.hasPrefix("partial") { return "partial reps" }
    return nil
  }

  struct Tile {
    enum State: String { case good, watch, neutral }
    var label: String
    var value: String
    var detail: String
    var state: State

    var html: String {
      """
      <div class="tile \(state.rawValue)"><div class="label">\(Escape.html(label))</div>\
      <div class="value">\(Escape.html(value))</div>\
      <div class="detail">\(Escape.html(detail))</div></div>
      """
    }
  }

  // MARK: - Angle trace

  static func traceSection(_ report: SessionReport) -> String {
    let duration = Swift.max(report.document.recording.durationSeconds, 1)
    let excursion = report.trace?.excursionDegrees() ?? []
    let points = report.trace?.points ?? []
    // Scale to the reps and holds: getting into position can swing far
    // more, and would flatten them; beyond the top, it is marked.
    let maxRep = report.reps.map(\.romDegrees).max() ?? 0
    let spans =
      report.reps.map { ($0.startSeconds, $0.endSeconds) }
      + report.analysis.holds.map { ($0.startSeconds, $0.endSeconds) }
    let inside = zip(points, excursion).filter { point, _ in
      spans.contains { point.time >= $0.0 && point.time <= $0.1 }
    }.map(\.1)
    let scaled = spans.isEmpty ? excursion.max() ?? 0 : inside.max() ?? 0
    let top = Swift.max(maxRep, scaled, 5) * 1.15
    var chart = SVGChart(
      width: 1100, height: 300, x: 0...duration, y: 0...top,
      label: "Angle away from rest over time, reps and sets shaded")
    chart.top = 34
    for (number, set) in report.analysis.sets.enumerated() {
      chart.band(
        x0: set.startSeconds, x1: set.endSeconds, cssClass: "set-band",
        title: "set \(number + 1): \(set.reps ?? 0) reps")
      chart.text(
        "set \(number + 1)", px: chart.x(set.startSeconds) + 3, py: 12,
        cssClass: "set-label", anchor: "start")
    }
    for (number, hold) in report.analysis.holds.enumerated() {
      chart.band(
        x0: hold.startSeconds, x1: hold.endSeconds, cssClass: "hold-band",
        title: "hold \(number + 1): "
          + "\(NumberText.fixed(hold.durationSeconds, 1)) s")
      chart.text(
        "hold \(number + 1): \(NumberText.fixed(hold.durationSeconds, 0)) s",
        px: chart.x((hold.startSeconds + hold.endSeconds) / 2), py: 12,
        cssClass: "hold-label")
    }
    for (rep, (verdict, label)) in zip(
      report.reps, zip(report.verdicts, report.repLabels(partial: "p")))
    {
      let number = rep.index ?? 0
      let state = rep.partial ? "partial" : verdict.isGood ? "good" : "watch"
      chart.band(
        x0: rep.startSeconds, x1: rep.endSeconds,
        cssClass: "rep-band \(state)",
        title: rep.partial
          ? "partial rep: \(verdict.text)" : "rep \(label): \(verdict.text)",
        extra: " data-rep=\"\(number)\"")
      chart.text(
        label, px: chart.x(rep.peakSeconds), py: 28,
        cssClass: "rep-number \(state)")
    }
    if !points.isEmpty {
      // Far beyond any rep (getting into position, getting up) is marked
      // as what it is, not drawn as a line pinned to the chart's top.
      var runs: [[(Double, Double)]] = [[]]
      var away: [ClosedRange<Double>] = []
      for (point, degrees) in zip(points, excursion) {
        if degrees <= top {
          runs[runs.count - 1].append((point.time, degrees))
        } else {
          if !(runs.last?.isEmpty ?? true) { runs.append([]) }
          // Swings moments apart are one change of position.
          let joined = Swift.max(1, 0.04 * duration)
          if let last = away.last, last.upperBound >= point.time - joined {
            away[away.count - 1] = last.lowerBound...point.time
          } else {
            away.append(point.time...point.time)
          }
        }
      }
      // Before the first rep or hold, after the last, or between.
      let exercised = spans.flatMap { [$0.0, $0.1] }
      let firstMove = exercised.min() ?? duration / 2
      let lastMove = exercised.max() ?? duration / 2
      var labelledUpTo = -Double.infinity
      for span in away {
        let what =
          span.upperBound <= firstMove
          ? "getting into position"
          : span.lowerBound >= lastMove ? "getting up" : "changing position"
        chart.band(
          x0: span.lowerBound, x1: span.upperBound, cssClass: "away-band",
          title: "\(what): moving far more than a rep")
        // Inside the plot, half a label's width from either edge.
        let middle = Swift.min(
          Swift.max(
            chart.x((span.lowerBound + span.upperBound) / 2), chart.left + 75),
          chart.left + chart.plotWidth - 75)
        // Labels never overlap: a close neighbour keeps only its band.
        guard middle - labelledUpTo >= 150 else { continue }
        chart.text(what, px: middle, py: chart.top + 16, cssClass: "away-label")
        labelledUpTo = middle
      }
      for run in runs where run.count > 1 {
        chart.line(run, cssClass: "trace")
      }
    } else {
      for rep in report.reps {
        chart.line(
          [
            (rep.startSeconds, 0), (rep.peakSeconds, rep.romDegrees),
            (rep.endSeconds, 0),
          ], cssClass: "trace sketch")
      }
    }
    let timeLabel: (Double) -> String =
      duration >= 120 ? { clock($0) } : { SVGChart.fmt($0) }
    chart.axes(
      xTitle: duration >= 120 ? "time (min:s)" : "time (s)",
      yTitle: "", xLabel: timeLabel)
    // Bottom left: the top left holds the first set's label.
    chart.text(
      "degrees from rest", px: 4, py: chart.height - 4,
      cssClass: "axis-title", anchor: "start")
    var html = """
      <section>
      <h2>The session over time</h2>
      <p class="caption">How far the \(report.placement.isOnPelvis ? "pelvis" : "thigh") turned from rest, second by \
      second. Moving far more than a rep (getting into position, getting \
      up) is marked instead of drawn. Each rep is shaded and \
      numbered (green: good form; amber: a \
      cue to watch; grey: partial); sets are the grey blocks\
      \(report.analysis.holds.isEmpty ? "" : ", holds are blue").\
      \(points.isEmpty ? " The recording was not read, so the reps are sketched from their numbers." : "")</p>
      \(chart.render(cssClass: "chart trace-chart"))
      """
    if !points.isEmpty,
      report.reps.contains(where: { $0.levelChangeDegrees != nil })
    {
      html += "\n" + levelChart(report, points: points, duration: duration)
    }
    return html + "\n</section>"
  }

  /// Level change from rest over time, with the "hips square" band.
  static func levelChart(
    _ report: SessionReport, points: [AngleTrace.Point], duration: Double
  ) -> String {
    let rests = (report.trace?.restTimes ?? []).sorted()
    var restIndex = 0
    var reference = points[0].levelDegrees
    if let first = rests.first {
      reference = points.first { $0.time >= first }?.levelDegrees ?? reference
    }
    var values: [(Double, Double)] = []
    for point in points {
      while restIndex < rests.count, rests[restIndex] <= point.time {
        let time = rests[restIndex]
        reference =
          points.first { $0.time >= time }?.levelDegrees ?? reference
        restIndex += 1
      }
      values.append((point.time, point.levelDegrees - reference))
    }
    let extent = Swift.max(
      values.map { Swift.abs($0.1) }.max() ?? 0,
      RepVerdict.levelTolerance * 2)
    let tolerance = RepVerdict.levelTolerance
    var chart = SVGChart(
      width: 1100, height: 150, x: 0...duration, y: -extent...extent,
      label: "Level change from rest over time")
    // Room above the plot for the y axis's title.
    chart.top = 24
    chart.band(
      x0: 0, x1: duration, y0: -tolerance, y1: tolerance, cssClass: "ok-band")
    for rep in report.reps {
      chart.band(x0: rep.startSeconds, x1: rep.endSeconds, cssClass: "rep-tick")
    }
    chart.line(values, cssClass: "level-trace")
    chart.rule(y: 0, cssClass: "zero")
    chart.axes(
      xTitle: "", yTitle: "level change (deg, + right side up)",
      xLabel: duration >= 120 ? { clock($0) } : { SVGChart.fmt($0) })
    return """
      <p class="caption">Hips square: the level of the pelvis against \
      rest. Inside the green band (±\(NumberText.fixed(tolerance, 0)) \
      degrees) the hips stayed square; below it the right side dropped, \
      above it the left side.</p>
      \(chart.render(cssClass: "chart level-chart"))
      """
  }

  static func clock(_ seconds: Double) -> String {
    let whole = Int(seconds.rounded())
    let minutes = whole / 60
    let rest = whole % 60
    return "\(minutes):" + (rest < 10 ? "0" : "") + "\(rest)"
  }

  // MARK: - Per-rep bars

  static func barsSection(_ report: SessionReport) -> String {
    let reps = report.reps
    guard !reps.isEmpty else { return "" }
    let verdicts = report.verdicts
    let labels = report.repLabels(partial: "p")
    var charts: [String] = []
    let expected = report.profile?.expectedRange
    charts.append(
      bars(
        title: "Range of motion (degrees)",
        caption: expected.map {
          "The catalogue's usual range for this exercise: "
            + "\(NumberText.fixed($0.lowerBound, 0))-"
            + "\(NumberText.fixed($0.upperBound, 0)) degrees (band)."
        } ?? "",
        kind: "rom", reps: reps, labels: labels,
        values: reps.map(\.romDegrees),
        states: zip(reps, verdicts).map { rep, _ in
          rep.partial ? "partial" : "neutral"
        },
        band: expected, target: nil))
    let target = verdicts.compactMap(\.holdTarget).first
    charts.append(
      bars(
        title: "Hold at the top (s)",
        caption: target.map {
          "Target: \"hold for a couple of seconds\", "
            + "\(NumberText.fixed($0, 0)) s (line)."
        } ?? "No hold is prescribed for this exercise.",
        kind: "hold", reps: reps, labels: labels,
        values: reps.map(\.holdSeconds),
        states: verdicts.map {
          $0.holdMet.map { $0 ? "good" : "watch" } ?? "neutral"
        },
        band: nil, target: target))
    if reps.contains(where: { $0.levelChangeDegrees != nil }) {
      let tolerance = RepVerdict.levelTolerance
      charts.append(
        bars(
          title: "Level change (degrees)",
          caption: "\"Keep your hips square\": within "
            + "±\(NumberText.fixed(tolerance, 0)) degrees (band). Below "
            + "zero the right side dropped.",
          kind: "level", reps: reps, labels: labels,
          values: reps.map { $0.levelChangeDegrees ?? 0 },
          states: verdicts.map {
            $0.hipsSquare.map { $0 ? "good" : "watch" } ?? "neutral"
          },
          band: -tolerance...tolerance, target: nil, signed: true))
    }
    charts.append(tempoChart(report))
    return """
      <section>
      <h2>Rep by rep</h2>
      <div class="grid2">
      \(charts.joined(separator: "\n"))
      </div>
      </section>
      """
  }

  /// One bar per rep, numbered, with an optional band and target line.
  static func bars(
    title: String, caption: String, kind: String, reps: [Rep],
    labels: [String], values: [Double], states: [String],
    band: ClosedRange<Double>?, target: Double?, signed: Bool = false
  ) -> String {
    let high =
      Swift.max(
        values.max() ?? 0, band?.upperBound ?? 0, target ?? 0, 1) * 1.1
    let low =
      signed ? Swift.min(values.min() ?? 0, band?.lowerBound ?? 0) * 1.1 : 0
    var chart = SVGChart(
      width: 540, height: 200, x: 0...Double(reps.count), y: low...high,
      label: title)
    chart.top = 10
    chart.left = 40
    if let band {
      chart.band(
        x0: 0, x1: Double(reps.count), y0: band.lowerBound, y1: band.upperBound,
        cssClass: "ok-band")
    }
    let slot = chart.plotWidth / Double(reps.count)
    for (offset, rep) in reps.enumerated() {
      let value = values[offset]
      let from = Swift.min(0, value)
      let to = Swift.max(0, value)
      let x0 = Double(offset) + 0.15
      let x1 = Double(offset) + 0.85
      chart.band(
        x0: x0, x1: x1, y0: from, y1: to,
        cssClass: "bar \(kind) \(states[offset])",
        title: (rep.partial ? "partial rep" : "rep \(labels[offset])") + ": "
          + NumberText.fixed(value, 1),
        extra: " data-rep=\"\(rep.index ?? offset + 1)\"")
      if slot >= 9 || (offset + 1) % 5 == 0 {
        chart.text(
          labels[offset], px: chart.x(Double(offset) + 0.5),
          py: chart.top + chart.plotHeight + 14, cssClass: "tick")
      }
    }
    if let target { chart.rule(y: target, cssClass: "target") }
    if signed { chart.rule(y: 0, cssClass: "zero") }
    chart.axes(xTitle: "rep", yTitle: "", xLabel: { _ in "" }, xTickCount: 1)
    return """
      <figure><figcaption><b>\(Escape.html(title))</b> \(Escape.html(caption))</figcaption>
      \(chart.render(cssClass: "chart bars-\(kind)"))
      </figure>
      """
  }

  /// Lift and lower time per rep, side by side.
  static func tempoChart(_ report: SessionReport) -> String {
    let reps = report.reps
    let high =
      Swift.max(
        reps.map { Swift.max($0.liftSeconds, $0.lowerSeconds) }.max() ?? 0, 1)
      * 1.1
    var chart = SVGChart(
      width: 540, height: 200, x: 0...Double(reps.count), y: 0...high,
      label: "Tempo: lift and lower time per rep")
    chart.top = 10
    chart.left = 40
    let labels = report.repLabels()
    for (offset, pair) in zip(reps, report.verdicts).enumerated() {
      let (rep, verdict) = pair
      let fast =
        (verdict.lowerToLift ?? 1) < RepVerdict.lowerToLiftMinimum
      let number = rep.index ?? offset + 1
      let name = rep.partial ? "partial rep" : "rep \(labels[offset])"
      chart.band(
        x0: Double(offset) + 0.1, x1: Double(offset) + 0.48, y0: 0,
        y1: rep.liftSeconds, cssClass: "bar tempo lift",
        title: "\(name): lift \(NumberText.fixed(rep.liftSeconds, 1)) s",
        extra: " data-rep=\"\(number)\"")
      chart.band(
        x0: Double(offset) + 0.52, x1: Double(offset) + 0.9, y0: 0,
        y1: rep.lowerSeconds,
        cssClass: "bar tempo lower \(fast ? "watch" : "good")",
        title: "\(name): lower \(NumberText.fixed(rep.lowerSeconds, 1)) s")
    }
    chart.axes(xTitle: "rep", yTitle: "", xLabel: { _ in "" }, xTickCount: 1)
    return """
      <figure><figcaption><b>Tempo (s)</b> Lift (light) against lower \
      (dark): "slowly lower" means the dark bar at least as tall. Amber: \
      lowered faster than lifted.</figcaption>
      \(chart.render(cssClass: "chart bars-tempo"))
      </figure>
      """
  }

  // MARK: - Left and right

  static func sidesSection(_ report: SessionReport) -> String {
    guard let a = report.analysis.asymmetry else { return "" }
    let full = report.fullReps
    func mean(_ side: Side, _ value: (Rep) -> Double?) -> Double? {
      Statistics.mean(full.filter { $0.side == side }.compactMap(value))
    }
    var rows: [(String, Double?, Double?, String)] = [
      (
        "Range of motion", mean(.left, \.romDegrees),
        mean(.right, \.romDegrees), "deg"
      ),
      (
        "Level change", a.leftMeanLevelChangeDegrees,
        a.rightMeanLevelChangeDegrees, "deg"
      ),
      ("Hold", mean(.left, \.holdSeconds), mean(.right, \.holdSeconds), "s"),
    ]
    // Nothing to show on either side (a thigh sensor's level): no row.
    rows.removeAll { $0.1 == nil && $0.2 == nil }
    let chart = leftRightChart(
      rows.map { row in
        LeftRightRow(name: row.0, left: row.1, right: row.2, unit: row.3) {
          NumberText.signedIfNeeded($0, row.0 == "Level change")
        }
      }, label: "Left against right")
    var sentence =
      "\(a.leftReps) left and \(a.rightReps) right reps."
    if let difference = a.levelChangeDifferenceDegrees {
      sentence +=
        " Level change, left minus right: "
        + "\(NumberText.signed(difference, 1)) degrees."
    }
    if let index = a.romSymmetryIndexPercent {
      sentence +=
        " Range of motion symmetry index: \(NumberText.signed(index, 1))% "
        + "(0 is even; positive: the left side moved more)."
    }
    return """
      <section>
      <h2>Left against right</h2>
      <p class="caption">\(Escape.html(sentence))</p>
      \(chart.render(cssClass: "chart sides-chart"))
      </section>
      """
  }

  /// Left against right, one row per measure: a bar each way from the
  /// middle, scaled to the row's larger side, its value at its end.
  struct LeftRightRow {
    var name: String
    var left: Double?
    var right: Double?
    var unit: String
    var text: (Double) -> String
  }

  static func leftRightChart(_ rows: [LeftRightRow], label: String) -> SVGChart
  {
    var chart = SVGChart(
      width: 1100, height: 40 + 44 * Double(rows.count), x: 0...1, y: 0...1,
      label: label)
    var body: [String] = []
    let middle = 550.0
    for (offset, row) in rows.enumerated() {
      let y = 24 + 44 * Double(offset)
      let scale =
        Swift.max(Swift.abs(row.left ?? 0), Swift.abs(row.right ?? 0), 0.1)
      chart.text(row.name, px: middle, py: y + 12, cssClass: "side-row")
      for (side, value, sign) in [
        ("left", row.left, -1.0), ("right", row.right, 1.0),
      ] {
        guard let value else { continue }
        // The longest bar leaves room for its label inside the chart.
        let length = Swift.abs(value) / scale * 300
        let x = sign < 0 ? middle - 90 - length : middle + 90
        body.append(
          "<rect class=\"side-bar \(side)\" x=\"\(NumberText.fixed(x, 1))\" "
            + "y=\"\(NumberText.fixed(y, 1))\" width=\"\(NumberText.fixed(length, 1))\" "
            + "height=\"18\"/>")
        chart.text(
          "\(side) \(row.text(value)) \(row.unit)",
          px: sign < 0 ? middle - 96 - length : middle + 96 + length,
          py: y + 13,
          cssClass: "side-value", anchor: sign < 0 ? "end" : "start")
      }
    }
    for element in body { chart.add(element) }
    return chart
  }

  // MARK: - Fatigue and pain

  static func fatigueAndPainSection(_ report: SessionReport) -> String {
    var parts: [String] = []
    let sets = report.analysis.sets
    let full = report.fullReps
    if !full.isEmpty {
      let perSet: [[Rep]] =
        sets.isEmpty
        ? [full]
        : sets.indices.map { index in
          full.filter { report.setNumber(of: $0) == index + 1 }
        }
      let longest = perSet.map(\.count).max() ?? 1
      let top = (full.map(\.romDegrees).max() ?? 1) * 1.15
      var chart = SVGChart(
        width: 540, height: 200, x: 1...Double(Swift.max(longest, 2)),
        y: 0...top, label: "Range of motion rep by rep, one line per set")
      // Room above the plot for the y axis's title.
      chart.top = 24
      chart.left = 40
      var labels: [(x: Double, y: Double, text: String)] = []
      for (index, setReps) in perSet.enumerated() where !setReps.isEmpty {
        chart.line(
          setReps.enumerated().map {
            (Double($0.offset + 1), $0.element.romDegrees)
          },
          cssClass: "fatigue-line s\(index % 4)")
        if let last = setReps.last {
          labels.append(
            (
              chart.x(Double(setReps.count)) - 4,
              chart.y(last.romDegrees) - 6, "set \(index + 1)"
            ))
        }
      }
      // Sets that end alike would print their labels on top of each
      // other: each is moved down until it clears the ones above it.
      labels.sort { $0.y < $1.y }
      for k in labels.indices.dropFirst() {
        let above = labels[..<k].filter { Swift.abs($0.x - labels[k].x) < 50 }
        if let lowest = above.map(\.y).max(), labels[k].y < lowest + 13 {
          labels[k].y = lowest + 13
        }
      }
      for label in labels {
        chart.text(
          label.text, px: label.x, py: Swift.max(label.y, chart.top + 10),
          cssClass: "set-label", anchor: "end")
      }
      chart.axes(xTitle: "rep in the set", yTitle: "degrees")
      var caption =
        "\"Checkpoints to monitor comfort, range of motion, and fatigue\": "
        + "range of motion falling as a set goes on is a sign of fatigue."
      if let ratio = report.fatigueRatio {
        let change = (ratio - 1) * 100
        caption +=
          " Here the last reps of a set moved "
          + "\(NumberText.fixed(Swift.abs(change), 0))% "
          + (change < 0 ? "less" : "more") + " than the first."
      }
      parts.append(
        """
        <figure><figcaption><b>Range of motion rep by rep</b> \
        \(Escape.html(caption))</figcaption>
        \(chart.render(cssClass: "chart fatigue-chart"))
        </figure>
        """)
    }
    parts.append(painFigure(report.pain))
    return """
      <section>
      <h2>Fatigue and pain</h2>
      <div class="grid2">
      \(parts.joined(separator: "\n"))
      </div>
      </section>
      """
  }

  static func painFigure(_ pain: Int?) -> String {
    var chart = SVGChart(
      width: 540, height: 90, x: 0...10, y: 0...1, label: "Pain rating")
    chart.top = 24
    chart.bottom = 26
    chart.left = 20
    chart.right = 20
    chart.band(x0: 0, x1: 3, cssClass: "pain-low")
    chart.band(x0: 3, x1: 10, cssClass: "pain-high")
    for value in 0...10 {
      chart.text(
        "\(value)", px: chart.x(Double(value)),
        py: chart.top + chart.plotHeight + 16,
        cssClass: "tick")
    }
    var text =
      "No pain rating was given. Add one to follow it over the weeks: "
      + "when saving (hipform analyze FILE --save --pain 0-10), or to a "
      + "saved session (hipform sessions edit ID --pain 0-10)."
    if let pain {
      chart.add(
        "<circle class=\"pain-marker\" cx=\"\(NumberText.fixed(chart.x(Double(pain)), 1))\" "
          + "cy=\"\(NumberText.fixed(chart.top + chart.plotHeight / 2, 1))\" r=\"10\"/>"
      )
      chart.text(
        "\(pain)", px: chart.x(Double(pain)), py: 16, cssClass: "pain-value")
      text = "Pain after the session: \(pain) of 10."
    }
    return """
      <figure><figcaption><b>Pain</b> \(Escape.html(text)) \
      From \(Escape.html(Guidance.returningToExercise)): "Pain should not \
      increase during or after exercise." "If symptoms return, activity \
      should be scaled back." From \(Escape.html(Guidance.runningHips)): \
      "If the pain stays below level 3 or does not worsen, you can \
      progress."</figcaption>
      \(chart.render(cssClass: "chart pain-chart"))
      </figure>
      """
  }

  // MARK: - Table and limits

  static func repTable(_ report: SessionReport) -> String {
    guard !report.reps.isEmpty else { return "" }
    let seesPelvis = report.placement.isOnPelvis
    var rows: [String] = []
    for (rep, (verdict, label)) in zip(
      report.reps, zip(report.verdicts, report.repLabels()))
    {
      let state = rep.partial ? "partial" : verdict.isGood ? "good" : "watch"
      let mark = verdict.isGood ? "✓" : "!"
      var cells = [
        label,
        report.setNumber(of: rep).map(String.init) ?? "",
        Escape.html(rep.side.rawValue),
        NumberText.fixed(rep.romDegrees, 1) + "°",
        NumberText.fixed(rep.holdSeconds, 1) + " s",
        rep.levelChangeDegrees.map { NumberText.signed($0, 1) + "°" } ?? "n/a",
        NumberText.fixed(rep.liftSeconds, 1) + " / "
          + NumberText.fixed(rep.lowerSeconds, 1) + " s",
        "<span class=\"mark\">\(mark)</span> \(Escape.html(verdict.text))",
      ]
      if !seesPelvis { cells.remove(at: 5) }
      rows.append(
        "<tr class=\"\(state)\">"
          + cells.map { "<td>\($0)</td>" }.joined() + "</tr>")
    }
    return """
      <section>
      <h2>Every rep</h2>
      <table class="reps">
      <thead><tr><th>Rep</th><th>Set</th><th>Side</th><th>Range</th>\
      <th>Hold</th>\(seesPelvis ? "<th>Level change</th>" : "")<th>Lift / lower</th>\
      <th>Verdict</th></tr></thead>
      <tbody>
      \(rows.joined(separator: "\n"))
      </tbody>
      </table>
      </section>
      """
  }

  /// The movements seen and not counted: when, how far, why.
  static func notCountedSection(_ movements: [IgnoredMovement]) -> String {
    guard !movements.isEmpty else { return "" }
    let items = NotCountedText.lines(movements).map {
      "<li>\(Escape.html($0))</li>"
    }.joined()
    return """
      <section class="not-counted">
      <h2>Movements not counted</h2>
      <ul>\(items)</ul>
      </section>
      """
  }

  /// What the tool does not do, and when to see a clinician.
  ///
  /// - Parameter walking: Say it for walking (a limp, not a rep).
  /// - Returns: The section.
  static func limitsSection(walking: Bool = false) -> String {
    let flags = Disclaimer.redFlags.map { "<li>\(Escape.html($0))</li>" }
      .joined()
    let what =
      walking
      ? """
      <p>hipform counts steps from the jolt of each foot landing and \
      measures how the pelvis moved while walking, from one sensor. It \
      informs exercise; it does not diagnose, and it cannot tell the cause \
      of pain, of a limp or of a dip. It sees the pelvis (or the thigh it \
      is worn on), not the knee, the foot or the muscles doing the work, \
      and it does not measure how far you walked.</p>
      """
      : """
      <p>hipform measures how the pelvis moved during exercise, from one \
      sensor. It informs exercise; it does not diagnose, and it cannot tell \
      the cause of pain. It sees the pelvis (or the thigh it is worn on), \
      not the knee, the foot or the muscles doing the work, so a rep can \
      look good here and still be done with the wrong muscles.</p>
      """
    return """
      <section class="limits">
      <h2>What this report does not do</h2>
      \(what)
      <p><b>See a clinician</b> if:</p>
      <ul>\(flags)</ul>
      <p>Before changing your exercise routine, meet with a provider or \
      physical therapist.</p>
      </section>
      """
  }
}

extension NumberText {
  static func signedIfNeeded(_ value: Double, _ isSigned: Bool) -> String {
    isSigned ? signed(value, 1) : fixed(value, 1)
  }
}
