import HipCore
import HipTestSupport
import Testing

@testable import HipReport

/// The angle trace's bound and meaning, and the progression rule.
struct TraceAndRuleTests {
  @Test func theTraceStaysBoundedOverALongSession() {
    var trace = AngleTrace(interval: 0.1, maximumPoints: 500)
    for i in 0..<360_000 {  // an hour at 100 Hz
      trace.add(
        time: Double(i) / 100, tiltDegrees: Double(i % 700) / 10,
        levelDegrees: 0)
    }
    #expect(trace.points.count <= 500)
    #expect(trace.points.count > 250)
    #expect(trace.interval > 7)
    #expect((trace.points.last?.time ?? 0) > 3500)
  }

  @Test func theExcursionIsTheRangeOfMotionAtEachRepsTop() throws {
    let directory = try TemporaryDirectory()
    let path = try ScriptedRecording.write(in: directory)
    let (recording, report) = try ScriptedRecording.report(path: path)
    let trace = try #require(report.trace)
    let excursion = trace.excursionDegrees()
    #expect(excursion.count == trace.points.count)
    for rep in recording.analysis.reps {
      let inside = zip(trace.points, excursion).filter {
        $0.0.time >= rep.startSeconds && $0.0.time <= rep.endSeconds
      }.map(\.1)
      let top = try #require(inside.max())
      #expect(Swift.abs(top - rep.romDegrees) < 1.5, "rep \(rep.index ?? 0)")
      let before = Array(zip(trace.points, excursion)).last {
        $0.0.time < rep.startSeconds - 0.3
      }
      #expect((before?.1 ?? 0) < 1, "rest before rep \(rep.index ?? 0)")
    }
  }

  @Test(
    arguments: [
      ([], Progression.notEnoughRatings),
      ([nil, nil], .notEnoughRatings),
      ([2], .progress),
      ([3], .notEnoughRatings),
      ([2, 2], .progress),
      ([3, 1], .progress),
      ([4, 3], .progress),
      ([5, 5], .progress),
      ([6, 4], .progress),
      ([1, 2], .progress),
      ([0, 3], .scaleBack),
      ([2, 4], .scaleBack),
      ([2, nil, 5], .scaleBack),
      ([5, nil, 3, nil], .progress),
    ] as [([Int?], Progression)])
  func theProgressionHintFollowsTheArticlesRuleExactly(
    pains: [Int?], expected: Progression
  ) {
    #expect(Progression.hint(pains: pains) == expected, "\(pains)")
  }

  @Test func theAdviceQuotesTheRuleItFollows() {
    let progress = Progression.advice(pains: [5, 5])
    #expect(progress.contains("It did not worsen: you can progress"))
    #expect(
      progress.contains(
        "If the pain stays below level 3 or does not worsen, you can progress"
      ))
    #expect(!progress.contains("3 or below"))
    #expect(
      Progression.advice(pains: [1, 2]).contains("It stays below level 3"))
    #expect(
      Progression.advice(pains: [1, 5]).contains(
        "If symptoms return, activity should be scaled back"))
  }

  @Test func aPooledTrendPageGivesEachExerciseItsOwnHint() {
    // Clamshells eased (5 to 1) while bridges got worse (3 to 5): pooled,
    // the page said "progress" for both.
    let sessions: [(String, Int)] = [
      ("clamshell", 5), ("bridge", 3), ("clamshell", 1), ("bridge", 5),
    ]
    let entries = sessions.enumerated().map { k, session in
      TrendEntry(
        id: Int64(k + 1), date: 1_800_000_000 + Double(k) * 86_400,
        exercise: session.0, fullReps: 10, meanRomDegrees: 20,
        meanHoldSeconds: 2, levelDifferenceDegrees: nil,
        romSymmetryPercent: nil, pain: session.1, note: nil,
        recordingState: "present")
    }
    let page = TrendReport.render(entries: entries, exercise: nil)
    #expect(
      page.contains(
        "<p class=\"trend-hint scaleBack\" data-exercise=\"bridge\">"))
    #expect(
      page.contains(
        "<p class=\"trend-hint progress\" data-exercise=\"clamshell\">"))
    #expect(page.contains("Pain went from 3 to 5."))
    #expect(page.contains("Pain went from 5 to 1."))
  }

  @Test func verdictsCarryTheirCues() {
    let rep = Rep(
      index: 1, startSeconds: 0, peakSeconds: 1.5, endSeconds: 2.5,
      side: .both, romDegrees: 20, levelChangeDegrees: -7, holdSeconds: 1.2,
      partial: false)
    let verdict = RepVerdict(rep: rep, exercise: .bridge)
    #expect(verdict.hipsSquare == false)
    #expect(verdict.holdMet == false)
    #expect(verdict.holdTarget == 2)
    #expect(
      verdict.phrases == [
        "right side dropped 7 degrees", "held 1.2 s of 2.0 s",
        "lowered faster than lifted",
      ])
    #expect(!verdict.isGood)
  }
}

/// The trend charts draw every session where a reader expects it.
struct TrendChartTests {
  static func entry(_ id: Int64, day: Double, rom: Double) -> TrendEntry {
    TrendEntry(
      id: id, date: 1_800_000_000 + day * 86_400, exercise: "bridge",
      fullReps: 10, meanRomDegrees: rom, meanHoldSeconds: 2,
      levelDifferenceDegrees: nil, romSymmetryPercent: nil, pain: 2,
      note: nil, recordingState: "present")
  }

  /// The `cx` of each session's dot in the range-of-motion chart.
  static func dots(_ page: String) -> [Int64: Double] {
    let chart =
      page.components(separatedBy: "trend-rom").dropFirst().first ?? ""
    var result: [Int64: Double] = [:]
    for part in chart.components(separatedBy: "data-session=\"").dropFirst() {
      let id = Int64(part.prefix { $0 != "\"" }) ?? -1
      let cx = part.components(separatedBy: "cx=\"").dropFirst().first?
        .prefix { $0 != "\"" }
      result[id] = cx.flatMap { Double($0) }
    }
    return result
  }

  @Test func sessionsOfOneDayAreNotStackedOnOneLine() {
    let page = TrendReport.render(
      entries: [
        Self.entry(1, day: 0, rom: 20), Self.entry(2, day: 0.01, rom: 22),
        Self.entry(3, day: 3, rom: 21),
      ], exercise: "bridge")
    let dots = Self.dots(page)
    #expect(dots.count == 3)
    #expect(dots[1] != dots[2])
    #expect((dots[2] ?? 0) < (dots[3] ?? 0))
  }

  @Test func weeksAreMarkedOnceThereAreTwo() {
    let long = TrendReport.render(
      entries: (0..<6).map {
        Self.entry(Int64($0), day: Double($0) * 4, rom: 20)
      },
      exercise: "bridge")
    #expect(long.contains(">w1</text>") && long.contains(">w3</text>"))
    #expect(long.contains("weeks from the first session"))
    let short = TrendReport.render(
      entries: [
        Self.entry(1, day: 0, rom: 20), Self.entry(2, day: 2, rom: 21),
      ],
      exercise: "bridge")
    #expect(!short.contains(">w1</text>"))
    #expect(short.contains("days from the first session"))
  }

  @Test func theChartsTopIsALabelledLineAboveEveryPoint() {
    // 23° * 1.15 = 26.5: the top is the 30 line, not a bare 26.5.
    #expect(SVGChart.tickAbove(26.45, from: 0) == 30)
    #expect(SVGChart.tickAbove(20, from: 0) == 20)
  }
}
