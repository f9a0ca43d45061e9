import Foundation

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

  public init(
    id: Int64, date: Double, exercise: String, fullReps: Int,
    meanRomDegrees: Double?, meanHoldSeconds: Double?,
    levelDifferenceDegrees: Double?, romSymmetryPercent: Double?, pain: Int?,
    note: String?, recordingState: String
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
  }
}

/// The progression rule of ``Guidance/runningHips``, applied to pain ratings session by
/// session.
///
/// "If the pain stays below level 3 or does not worsen, you can
/// progress." "Pain should not increase during or after exercise. If
/// symptoms return, activity should be scaled back until stability
/// improves." As `exercises.md` reads them: pain at most 3 and not worse
/// than the session before: progress; pain higher than the session
/// before (symptoms back): scale back; pain above 3 but not worse: stay
/// at the current level. One rating alone cannot say "not worse".
public enum Progression: String, Sendable, Equatable {
  case progress
  case stay
  case scaleBack
  /// Fewer than two ratings to compare.
  case notEnoughRatings

  /// The hint for a history.
  ///
  /// - Parameter pains: Pain ratings in session order, oldest first; `nil`
  ///   for a session without one (skipped).
  /// - Returns: The hint for the next session.
  public static func hint(pains: [Int?]) -> Progression {
    let rated = pains.compactMap { $0 }
    guard rated.count >= 2, let latest = rated.last else {
      return .notEnoughRatings
    }
    let previous = rated[rated.count - 2]
    if latest > previous { return .scaleBack }
    return latest <= 3 ? .progress : .stay
  }

  /// What to tell the person, quoting the article.
  ///
  /// - Parameter pains: The ratings ``hint(pains:)`` judged.
  /// - Returns: One or two sentences.
  public static func advice(pains: [Int?]) -> String {
    let rated = pains.compactMap { $0 }
    let hint = hint(pains: pains)
    let change =
      rated.count >= 2
      ? "Pain went from \(rated[rated.count - 2]) to "
        + "\(rated[rated.count - 1]). " : ""
    switch hint {
    case .progress:
      return change
        + "It stays at 3 or below and has not worsened: you can progress "
        + "(\"If the pain stays below level 3 or does not worsen, you can "
        + "progress\")."
    case .scaleBack:
      return change
        + "Symptoms are back: scale back (\"Pain should not increase during "
        + "or after exercise. If symptoms return, activity should be scaled "
        + "back until stability improves\")."
    case .stay:
      return change
        + "It has not worsened but is above 3: stay at the current level "
        + "until it settles at 3 or below."
    case .notEnoughRatings:
      return rated.isEmpty
        ? "No pain ratings yet: add one to each session (--pain 0-10) to "
          + "get a progression hint."
        : "One pain rating so far: the hint compares two sessions."
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
    let pains = sorted.map(\.pain)
    let hint = Progression.hint(pains: pains)
    page.add(
      """
      <section>
      <h2>Progression hint</h2>
      <p class="trend-hint \(hint.rawValue)">\
      \(Escape.html(Progression.advice(pains: pains)))</p>
      <p class="caption">The hint follows the rule of \
      \(Escape.html(Guidance.runningHips)) on your pain \
      ratings only; your physical therapist's plan comes first.</p>
      </section>
      """)
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
      chart(
        sorted, title: "Pain (0-10)", value: { $0.pain.map(Double.init) },
        kind: "pain", fixed: 0...10),
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
    page.add(table(sorted))
    page.add(HTMLReport.limitsSection())
    return page.render()
  }

  static func span(_ entries: [TrendEntry]) -> String {
    guard let first = entries.first, let last = entries.last else { return "" }
    return ", \(day(first.date)) to \(day(last.date))"
  }

  static func day(_ seconds: Double) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyy-MM-dd"
    return formatter.string(from: Date(timeIntervalSince1970: seconds))
  }

  static func chart(
    _ entries: [TrendEntry], title: String, value: (TrendEntry) -> Double?,
    kind: String, zero: Bool = false, fixed: ClosedRange<Double>? = nil
  ) -> String {
    let points = entries.compactMap { entry in
      value(entry).map { (entry, $0) }
    }
    let days = 86_400.0
    let start = entries.first?.date ?? 0
    let end = Swift.max(entries.last?.date ?? 0, start + 7 * days)
    let values = points.map(\.1)
    let low = fixed?.lowerBound ?? Swift.min(values.min() ?? 0, 0)
    let high = fixed?.upperBound ?? Swift.max(values.max() ?? 1, 1) * 1.15
    var svg = SVGChart(
      width: 540, height: 210, x: 0...(end - start) / days,
      y: (zero ? Swift.min(low * 1.15, -1) : low)...high, label: title)
    svg.top = 12
    svg.left = 40
    if kind == "pain" {
      svg.band(
        x0: 0, x1: (end - start) / days, y0: 0, y1: 3, cssClass: "ok-band")
    }
    if zero { svg.rule(y: 0, cssClass: "zero") }
    svg.line(
      points.map { (($0.0.date - start) / days, $0.1) }, cssClass: "trend-line")
    for (entry, y) in points {
      let state = entry.recordingState == "present" ? "" : " missing"
      svg.add(
        "<circle class=\"dot\(state)\" data-session=\"\(entry.id)\" "
          + "cx=\"\(NumberText.fixed(svg.x((entry.date - start) / days), 1))\" "
          + "cy=\"\(NumberText.fixed(svg.y(y), 1))\" r=\"4\"><title>"
          + Escape.html("session \(entry.id), \(day(entry.date)): ")
          + NumberText.fixed(y, 1) + "</title></circle>")
    }
    svg.axes(
      xTitle: "days from the first session (weeks marked w)", yTitle: "",
      xLabel: { Self.dayLabel($0) }, xTickCount: 6)
    let empty =
      points.isEmpty ? " <i>No values yet.</i>" : ""
    return """
      <figure><figcaption><b>\(Escape.html(title))</b>\(empty)</figcaption>
      \(svg.render(cssClass: "chart trend-\(kind)"))
      </figure>
      """
  }

  /// "12" for a day, "w2" for a whole week.
  static func dayLabel(_ days: Double) -> String {
    let whole = Int(days.rounded())
    return whole > 0 && whole % 7 == 0 ? "w\(whole / 7)" : "\(whole)"
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
      cells.append(e.pain.map(String.init) ?? "")
      cells.append(Escape.html(e.recordingState))
      cells.append(Escape.html(e.note ?? ""))
      let state = e.recordingState == "present" ? "good" : "watch"
      let joined = cells.map { "<td>" + $0 + "</td>" }.joined()
      rows.append("<tr class=\"" + state + "\">" + joined + "</tr>")
    }
    return """
      <section>
      <h2>Sessions</h2>
      <table class="reps">
      <thead><tr><th>Id</th><th>Date</th><th>Exercise</th><th>Reps</th>\
      <th>Range</th><th>Hold</th><th>Left - right level</th><th>Pain</th>\
      <th>Recording</th><th>Note</th></tr></thead>
      <tbody>
      \(rows.joined(separator: "\n"))
      </tbody>
      </table>
      </section>
      """
  }
}
