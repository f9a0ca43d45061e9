import Foundation
import HipCore

/// One session as the trend page shows it.
public struct TrendEntry: Sendable, Equatable {
  /// The session's id in the history.
  public var id: Int64
  /// When the session happened, seconds since 1970 (UTC).
  public var date: Double
  public var exercise: String
  public var fullReps: Int
  /// Mean range of motion of the full reps, degrees.
  public var meanRomDegrees: Double?
  /// Mean hold: at the top of the full reps, or of the holds for a hold
  /// exercise, s.
  public var meanHoldSeconds: Double?
  /// Left minus right mean level change, degrees.
  public var levelDifferenceDegrees: Double?
  /// Range-of-motion symmetry index, %.
  public var romSymmetryPercent: Double?
  public var pain: Int?
  public var note: String?
  /// "present", or what is wrong with the recording ("missing",
  /// "changed").
  public var recordingState: String
  /// A walking session's steps, rhythm, step times and pelvic drop;
  /// `nil` for the other exercises.
  public var gait: GaitSummary?

  /// Whether it is a walking session, shown apart from the reps.
  public var isWalking: Bool { exercise == Exercise.walking.rawValue }

  public init(
    id: Int64, date: Double, exercise: String, fullReps: Int,
    meanRomDegrees: Double?, meanHoldSeconds: Double?,
    levelDifferenceDegrees: Double?, romSymmetryPercent: Double?, pain: Int?,
    note: String?, recordingState: String, gait: GaitSummary? = nil
  ) {
    self.id = id
    self.date = date
    self.exercise = exercise
    self.fullReps = fullReps
    self.meanRomDegrees = meanRomDegrees
    self.meanHoldSeconds = meanHoldSeconds
    self.levelDifferenceDegrees = levelDifferenceDegrees
    self.romSymmetryPercent = romSymmetryPercent
    self.pain = pain
    self.note = note
    self.recordingState = recordingState
    self.gait = gait
  }
}

/// The progression rule on pain ratings, session by session, exactly as
/// the articles put it.
///
/// ``Guidance/runningHips``: "If the pain stays below level 3 or does not
/// worsen, you can progress." ``Guidance/returningToExercise``: "Pain
/// should not increase during or after exercise. If symptoms return,
/// activity should be scaled back until stability improves." So: pain
/// below 3, or not above the session before: progress; above the session
/// before and at 3 or more: scale back. One rating below 3 already stays
/// below 3; one rating of 3 or more has nothing to be "not worse" than.
public enum Progression: String, Sendable, Equatable {
  case progress
  case scaleBack
  /// One rating of 3 or more, or none.
  case notEnoughRatings

  /// The hint for one exercise's history.
  ///
  /// - Parameter pains: Pain ratings in session order, oldest first; `nil`
  ///   for a session without one (skipped).
  /// - Returns: The hint for the next session.
  public static func hint(pains: [Int?]) -> Progression {
    let rated = pains.compactMap { $0 }
    guard let latest = rated.last else { return .notEnoughRatings }
    if latest < 3 { return .progress }
    guard rated.count >= 2 else { return .notEnoughRatings }
    return latest <= rated[rated.count - 2] ? .progress : .scaleBack
  }

  /// What to tell the person, quoting the articles.
  ///
  /// - Parameter pains: The ratings ``hint(pains:)`` judged.
  /// - Returns: One or two sentences.
  public static func advice(pains: [Int?]) -> String {
    let rated = pains.compactMap { $0 }
    let change =
      rated.count >= 2
      ? "Pain went from \(rated[rated.count - 2]) to "
        + "\(rated[rated.count - 1]). "
      : rated.last.map { "Pain was \($0). " } ?? ""
    let progressRule =
      "(\"If the pain stays below level 3 or does not worsen, you can "
      + "progress\", \(Guidance.runningHips))."
    switch hint(pains: pains) {
    case .progress:
      let why =
        (rated.last ?? 0) < 3
        ? "It stays below level 3" : "It did not worsen"
      return change + why + ": you can progress " + progressRule
    case .scaleBack:
      return change
        + "It worsened and is not below level 3: scale back (\"Pain should "
        + "not increase during or after exercise. If symptoms return, "
        + "activity should be scaled back until stability improves\", "
        + "\(Guidance.returningToExercise))."
    case .notEnoughRatings:
      return rated.isEmpty
        ? "No pain ratings yet: add one to each session (--pain 0-10) to "
          + "get a progression hint."
        : change + "Whether it worsens needs a second session's rating."
    }
  }
}

/// The trend page: range of motion, hold, asymmetry and pain over the
/// weeks, and the progression hint.
public enum TrendReport {
  /// Renders the page.
  ///
  /// - Parameters:
  ///   - entries: Sessions, any order (shown oldest first).
  ///   - exercise: The exercise they were filtered by, if any.
  /// - Returns: The HTML document.
  public static func render(entries: [TrendEntry], exercise: String?) -> String
  {
    let sorted = entries.sorted { ($0.date, $0.id) < ($1.date, $1.id) }
    var page = Page()
    let subject =
      exercise.map { $0.replacingOccurrences(of: "-", with: " ") }
      ?? "all exercises"
    page.title = "hipform trend: \(subject)"
    page.add(
      """
      <header>
      <h1>Over the weeks: \(Escape.html(subject))</h1>
      <p class="facts">\(sorted.count) sessions\(span(sorted))</p>
      </header>
      """)
    page.add(hintSection(sorted))
    let missing = sorted.filter { $0.recordingState != "present" }
    for entry in missing {
      page.add(
        "<p class=\"notice\">Session \(entry.id): recording "
          + "\(Escape.html(entry.recordingState)); its stored analysis is "
          + "shown.</p>")
    }
    guard !sorted.isEmpty else {
      page.add("<section><p>No sessions in the history yet.</p></section>")
      page.add(HTMLReport.limitsSection())
      return page.render()
    }
    let walking = sorted.filter(\.isWalking)
    let reps = sorted.filter { !$0.isWalking }
    let pain = chart(
      sorted, title: "Pain (0-10)", value: { $0.pain.map(Double.init) },
      kind: "pain", fixed: 0...10)
    // Every chart spans all the sessions, so their weeks line up.
    if !reps.isEmpty || walking.isEmpty {
      let charts = [
        chart(
          sorted, title: "Range of motion (degrees, mean of full reps)",
          value: \.meanRomDegrees, kind: "rom"),
        chart(
          sorted, title: "Hold (s, mean)", value: \.meanHoldSeconds,
          kind: "hold"),
        chart(
          sorted, title: "Level change, left minus right (degrees)",
          value: \.levelDifferenceDegrees, kind: "asymmetry", zero: true),
        pain,
      ]
      page.add(
        """
        <section>
        <h2>Trends</h2>
        <div class="grid2">
        \(charts.joined(separator: "\n"))
        </div>
        </section>
        """)
    }
    if !walking.isEmpty {
      page.extraCSS = Page.walkingCSS
      page.add(walkingSection(sorted, painChart: reps.isEmpty ? pain : nil))
    }
    if !reps.isEmpty || walking.isEmpty { page.add(table(reps)) }
    if !walking.isEmpty { page.add(walkingTable(walking)) }
    page.add(
      HTMLReport.limitsSection(walking: reps.isEmpty && !walking.isEmpty))
    return page.render()
  }

  /// Walking over the weeks: rhythm, the pelvis's dip on each leg, and
  /// how evenly left and right steps are timed.
  static func walkingSection(_ sorted: [TrendEntry], painChart: String?)
    -> String
  {
    var charts = [
      chart(
        sorted, title: "Walking rhythm (steps a minute)",
        value: { $0.gait?.cadence }, kind: "cadence"),
      chart(
        sorted,
        title:
          "Pelvis dip (degrees), standing on the left leg and on the right",
        series: [
          Series(
            value: { $0.gait?.pelvicDrop?.leftStance }, name: "left leg",
            cssClass: "left"),
          Series(
            value: { $0.gait?.pelvicDrop?.rightStance }, name: "right leg",
            cssClass: "right"),
        ], kind: "drop"),
      chart(
        sorted, title: "Left and right step times apart (%)",
        value: { $0.gait?.stepTimeAsymmetryPercent }, kind: "step-asymmetry"),
    ]
    if let painChart { charts.append(painChart) }
    return """
      <section>
      <h2>Walking over the weeks</h2>
      <p class="caption">One dot per walking session. Rhythm: steps a \
      minute while walking. Pelvis dip: how far the other side dropped, on \
      average, while you stood on your <span class="key left">●</span> \
      left leg and your <span class="key right">●</span> right leg; lines \
      close together mean it dips alike on both legs, and one staying \
      clearly above the other is worth showing your physical therapist. \
      Step times apart: under \(NumberText.fixed(WalkingText.evenStepTimesPercent, 0))% \
      reads as an even rhythm, judged from \(WalkingText.stepsToJudgeEvenness) \
      steps or more.</p>
      <div class="grid2">
      \(charts.joined(separator: "\n"))
      </div>
      </section>
      """
  }

  static func walkingTable(_ entries: [TrendEntry]) -> String {
    let degrees: (Double?) -> String = {
      $0.map { NumberText.fixed($0, 1) + "°" } ?? ""
    }
    var rows: [String] = []
    for e in entries {
      let gait = e.gait
      var cells: [String] = ["\(e.id)", day(e.date)]
      cells.append("\(gait?.steps ?? 0)")
      cells.append(gait.map { NumberText.fixed($0.cadence, 0) } ?? "")
      cells.append(
        gait?.stepTimeAsymmetryPercent.map { NumberText.fixed($0, 0) + "%" }
          ?? "")
      // One cell for both legs: a phone's width holds no more columns.
      cells.append(
        gait?.pelvicDrop.map {
          degrees($0.leftStance) + " / " + degrees($0.rightStance)
        } ?? "")
      rows.append(sessionRow(cells, e))
    }
    return sessionTable(
      "Walking sessions",
      columns: [
        "Id", "Date", "Steps", "Steps a minute", "Step times apart",
        "Dip, left / right leg", "Pain", "Recording", "Note",
      ], rows: rows)
  }

  /// A section with a table of sessions, one row each (`rows` are
  /// `<tr>` elements).
  static func sessionTable(
    _ title: String, columns: [String], rows: [String]
  ) -> String {
    """
    <section>
    <h2>\(title)</h2>
    <table class="reps">
    <thead><tr>\(columns.map { "<th>\($0)</th>" }.joined())</tr></thead>
    <tbody>
    \(rows.joined(separator: "\n"))
    </tbody>
    </table>
    </section>
    """
  }

  /// One progression hint per exercise, each from that exercise's own
  /// sessions: pain in one exercise says nothing of another.
  static func hintSection(_ sorted: [TrendEntry]) -> String {
    let exercises = Array(Set(sorted.map(\.exercise))).sorted()
    let hints = exercises.map { exercise in
      let pains = sorted.filter { $0.exercise == exercise }.map(\.pain)
      let hint = Progression.hint(pains: pains)
      let name =
        exercises.count > 1
        ? "<b>" + Escape.html(exercise.replacingOccurrences(of: "-", with: " "))
          + ":</b> " : ""
      return "<p class=\"trend-hint \(hint.rawValue)\" "
        + "data-exercise=\"\(Escape.html(exercise))\">" + name
        + Escape.html(Progression.advice(pains: pains)) + "</p>"
    }
    // The articles give walking no sets or distances to progress to.
    let walkingNote =
      exercises.contains(Exercise.walking.rawValue)
      ? "\n<p class=\"caption\">The articles prescribe no amount of "
        + "walking: how far, how fast and how often is for your physical "
        + "therapist to say.</p>"
      : ""
    let title =
      exercises.count > 1
      ? "Progression, exercise by exercise" : "Progression hint"
    let body =
      hints.isEmpty
      ? "<p class=\"trend-hint notEnoughRatings\">"
        + Escape.html(Progression.advice(pains: [])) + "</p>"
      : hints.joined(separator: "\n")
    return """
      <section>
      <h2>\(title)</h2>
      \(body)
      <p class="caption">From your pain ratings only, by the rules of \
      \(Escape.html(Guidance.runningHips)) and \
      \(Escape.html(Guidance.returningToExercise)); your physical \
      therapist's plan comes first.</p>\(walkingNote)
      </section>
      """
  }

  static func span(_ entries: [TrendEntry]) -> String {
    guard let first = entries.first, let last = entries.last else { return "" }
    return ", \(day(first.date)) to \(day(last.date))"
  }

  static func day(_ seconds: Double) -> String { LocalTime.day(seconds) }

  /// One line of a chart: a value of each session.
  struct Series {
    var value: (TrendEntry) -> Double?
    /// What a dot's hover names; `nil` for a chart of one line.
    var name: String? = nil
    /// Added to the line's and the dots' classes; empty for one line.
    var cssClass = ""
  }

  static func chart(
    _ entries: [TrendEntry], title: String,
    value: @escaping (TrendEntry) -> Double?,
    kind: String, zero: Bool = false, fixed: ClosedRange<Double>? = nil
  ) -> String {
    chart(
      entries, title: title, series: [Series(value: value)], kind: kind,
      zero: zero, fixed: fixed)
  }

  static func chart(
    _ entries: [TrendEntry], title: String, series: [Series],
    kind: String, zero: Bool = false, fixed: ClosedRange<Double>? = nil
  ) -> String {
    let lines = series.map { line in
      (
        line,
        entries.compactMap { entry in line.value(entry).map { (entry, $0) } }
      )
    }
    let days = 86_400.0
    let start = entries.first?.date ?? 0
    let end = Swift.max(entries.last?.date ?? 0, start + 7 * days)
    let place = dayPositions(entries, from: start)
    let values = lines.flatMap { $0.1.map(\.1) }
    let low =
      fixed?.lowerBound
      ?? (zero
        ? Swift.min((values.min() ?? 0) * 1.15, -1)
        : Swift.min(values.min() ?? 0, 0))
    let high =
      fixed?.upperBound
      ?? SVGChart.tickAbove(Swift.max(values.max() ?? 1, 1) * 1.15, from: low)
    let span = (end - start) / days + 1
    var svg = SVGChart(
      width: 540, height: 210, x: 0...span, y: low...high, label: title)
    svg.top = 12
    svg.left = 40
    if kind == "pain" {
      svg.band(
        x0: 0, x1: span, y0: 0, y1: 3, cssClass: "ok-band")
    }
    if zero { svg.rule(y: 0, cssClass: "zero") }
    for (line, points) in lines {
      let extra = line.cssClass.isEmpty ? "" : " " + line.cssClass
      svg.line(
        points.map { (place[$0.0.id] ?? 0, $0.1) },
        cssClass: "trend-line" + extra)
      for (entry, y) in points {
        let state = entry.recordingState == "present" ? "" : " missing"
        let name = line.name.map { $0 + " " } ?? ""
        svg.add(
          "<circle class=\"dot\(extra)\(state)\" data-session=\"\(entry.id)\" "
            + "cx=\"\(NumberText.fixed(svg.x(place[entry.id] ?? 0), 1))\" "
            + "cy=\"\(NumberText.fixed(svg.y(y), 1))\" r=\"4\"><title>"
            + Escape.html("session \(entry.id), \(day(entry.date)): \(name)")
            + NumberText.fixed(y, 1) + "</title></circle>")
      }
    }
    // Weeks once there are two or more; days before.
    let weeks = span >= 14
    svg.axes(
      xTitle: weeks
        ? "weeks from the first session" : "days from the first session",
      yTitle: "",
      xLabel: { weeks ? "w\(Int(($0 / 7).rounded()))" : SVGChart.fmt($0) },
      xTicks: weeks
        ? stride(from: 0, through: span, by: 7).map { $0 }
        : SVGChart.ticks(0...span, count: 6))
    let empty =
      values.isEmpty ? " <i>No values yet.</i>" : ""
    return """
      <figure><figcaption><b>\(Escape.html(title))</b>\(empty)</figcaption>
      \(svg.render(cssClass: "chart trend-\(kind)"))
      </figure>
      """
  }

  /// Where each session sits on the days axis: its local day since the
  /// first session's, with sessions of one day spread across it in order
  /// (not stacked on one line).
  static func dayPositions(_ entries: [TrendEntry], from start: Double)
    -> [Int64: Double]
  {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone.current
    let first = calendar.startOfDay(for: Date(timeIntervalSince1970: start))
    let byDay = Dictionary(grouping: entries) { entry in
      calendar.dateComponents(
        [.day], from: first, to: Date(timeIntervalSince1970: entry.date)
      ).day ?? 0
    }
    var place: [Int64: Double] = [:]
    for (day, sessions) in byDay {
      for (rank, entry) in sessions.enumerated() {
        place[entry.id] =
          Double(day) + (Double(rank) + 0.5) / Double(sessions.count)
      }
    }
    return place
  }

  /// A session's row of either table: its own `cells`, then the pain,
  /// whether its recording is still there, and the note.
  static func sessionRow(_ cells: [String], _ e: TrendEntry) -> String {
    let all =
      cells + [
        e.pain.map(String.init) ?? "", Escape.html(e.recordingState),
        Escape.html(e.note ?? ""),
      ]
    let state = e.recordingState == "present" ? "good" : "watch"
    let joined = all.map { "<td>" + $0 + "</td>" }.joined()
    return "<tr class=\"" + state + "\">" + joined + "</tr>"
  }

  static func table(_ entries: [TrendEntry]) -> String {
    var rows: [String] = []
    for e in entries {
      var cells: [String] = ["\(e.id)", day(e.date), Escape.html(e.exercise)]
      cells.append("\(e.fullReps)")
      cells.append(e.meanRomDegrees.map { NumberText.fixed($0, 1) + "°" } ?? "")
      cells.append(
        e.meanHoldSeconds.map { NumberText.fixed($0, 1) + " s" } ?? "")
      cells.append(
        e.levelDifferenceDegrees.map { NumberText.signed($0, 1) + "°" } ?? "")
      rows.append(sessionRow(cells, e))
    }
    return sessionTable(
      "Sessions",
      columns: [
        "Id", "Date", "Exercise", "Reps", "Range", "Hold",
        "Left - right level", "Pain", "Recording", "Note",
      ], rows: rows)
  }
}
