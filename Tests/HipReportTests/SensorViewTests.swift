import Foundation
import HipCore
import HipRecording
import HipTestSupport
import Testing

@testable import HipReport

/// What the outputs say from where the sensor is worn, and about the
/// movements they did not count.
struct SensorViewTests {
  static func recording(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Recordings/\(name)").path
  }

  static let pelvisWords = [
    "side dropped", "hips stayed square", "Hips square", "Level change",
    "level change",
  ]

  static func jsonObject(_ text: String) throws -> [String: Any] {
    try #require(
      try JSONSerialization.jsonObject(with: Data(text.utf8))
        as? [String: Any])
  }

  @Test func aThighSensorJudgesNoPelvisAndSaysSo() throws {
    let (recording, report) = try ScriptedRecording.report(
      path: Self.recording("bridge-thigh-left-50hz-nogyro.csv"))
    #expect(report.fullReps.count == 16)
    let json = try Self.jsonObject(ReportJSON(report: report).text())
    let reps = try #require(json["reps"] as? [[String: Any]])
    #expect(reps.count == recording.analysis.reps.count)
    // The contract keys keep the thigh's own level (recording-format.md);
    // only the words and verdicts leave the pelvis out.
    #expect(reps.allSatisfy { $0["level_change_deg"] is Double })
    #expect(reps.allSatisfy { $0["rom_deg"] is Double })
    let verdicts = try #require(json["verdicts"] as? [[String: Any]])
    #expect(verdicts.allSatisfy { $0["hips_square"] is NSNull })
    let html = HTMLReport.render(report)
    let text = TextReport.render(report)
    for output in [html, text, try ReportJSON(report: report).text()] {
      for word in Self.pelvisWords {
        #expect(!output.contains(word), "\(word)")
      }
    }
    let note = try #require(SensorViewText.note(for: Placement.thighLeft))
    #expect(html.contains(Escape.html(note)))
    #expect(text.contains(note))
    #expect(text.contains("held 1.5 s of 2.0 s"))
    let rows = ScriptedRecording.parseCSV(CSVReport.render(report))
    let level = try #require(rows[0].firstIndex(of: "level change (deg)"))
    #expect(rows.dropFirst().allSatisfy { $0[level] == "" })
  }

  @Test func aSacrumSensorStillJudgesThePelvis() throws {
    let (_, report) = try ScriptedRecording.report(
      path: Self.recording("bridge-sacrum-100hz.csv"))
    let json = try Self.jsonObject(ReportJSON(report: report).text())
    let reps = try #require(json["reps"] as? [[String: Any]])
    #expect(reps.allSatisfy { $0["level_change_deg"] is Double })
    let html = HTMLReport.render(report)
    let text = TextReport.render(report)
    #expect(html.contains("Hips square"))
    #expect(html.contains("<th>Level change</th>"))
    #expect(text.contains("hips stayed square"))
    #expect(!text.contains("The sensor is on the thigh"))
    #expect(!html.contains("The sensor is on the thigh"))
  }

  @Test func theJSONListsTheMovementsNotCountedWithWhy() throws {
    let (recording, report) = try ScriptedRecording.report(
      path: Self.recording("bridge-thigh-left-50hz-nogyro.csv"))
    let seen = recording.analysis.ignoredMovements
    let firstSeen = try #require(seen.first)
    let json = try Self.jsonObject(ReportJSON(report: report).text())
    let ignored = try #require(json["ignored_movements"] as? [[String: Any]])
    #expect(ignored.count == seen.count)
    let first = try #require(ignored.first)
    #expect(
      Set(first.keys)
        == ["start_s", "end_s", "size_deg", "reason", "explanation"])
    // The first step of lying down from standing, seen from the thigh.
    #expect(firstSeen.reason == .outOfRhythm)
    #expect(first["reason"] as? String == "out_of_rhythm")
    #expect(
      first["explanation"] as? String
        == IgnoredMovement.Reason.outOfRhythm.explanation)
    #expect(
      first["start_s"] as? Double
        == (firstSeen.startSeconds * 1000).rounded() / 1000)
    #expect(
      first["size_deg"] as? Double
        == (firstSeen.sizeDegrees * 100).rounded() / 100)
    // The history reads them back.
    let document = try AnalysisDocument(
      jsonText: report.document.jsonText())
    #expect(document.analysis.ignoredMovements.count == seen.count)
    let html = HTMLReport.render(report)
    #expect(html.contains("<h2>Movements not counted</h2>"))
    #expect(
      html.contains(
        "2 movements of 2.2-2.7° (0:14.8, 0:15.1): too short to be a rep (a bump)"
      ))
  }

  static func movement(
    _ start: Double, _ reason: IgnoredMovement.Reason, size: Double = 2
  ) -> IgnoredMovement {
    IgnoredMovement(
      startSeconds: start, endSeconds: start + 1, sizeDegrees: size,
      reason: reason)
  }

  @Test func nothingCountedSaysWhatWasSeenAndWhatToCheck() throws {
    let analysis = SessionAnalysis(
      exercise: "clamshell",
      ignoredMovements: [
        Self.movement(3, .notInPosition), Self.movement(12.1, .tooShort),
        Self.movement(30.4, .tooShort), Self.movement(41, .tooShort),
      ])
    let nothing = try #require(
      NothingCountedText(
        analysis: analysis, exerciseInHeader: "clamshell",
        axes: "x=up,y=back,z=right", placement: "thigh-right"))
    #expect(
      nothing.seen
        == "0 reps: 4 movements were seen, none counted (too short to be "
        + "a rep (a bump): 3; not in the exercise's position (getting "
        + "into it): 1).")
    #expect(nothing.checks.count == 3)
    #expect(nothing.checks[0].contains("axes line says x=up,y=back,z=right"))
    #expect(nothing.checks[1] == "where it is worn: placement thigh-right")
    #expect(
      nothing.checks[2]
        == "the exercise: clamshell, as the header says; if another was "
        + "done, name it with --exercise")

    let still = try #require(
      NothingCountedText(
        analysis: SessionAnalysis(exercise: "bridge"),
        exerciseInHeader: nil, axes: "x=right,y=up,z=back",
        placement: "sacrum"))
    #expect(still.seen == "0 reps: no movement was seen.")
    #expect(still.checks[2].contains("the header names none"))

    var counted = analysis
    counted.reps = [
      Rep(
        startSeconds: 1, peakSeconds: 2, endSeconds: 3, side: .both,
        romDegrees: 20, levelChangeDegrees: 0, holdSeconds: 1,
        partial: false)
    ]
    #expect(
      NothingCountedText(
        analysis: counted, exerciseInHeader: nil, axes: nil,
        placement: nil) == nil)
  }

  @Test func manyMovementsNotCountedAreGroupedByWhy() {
    let few = [Self.movement(12.1, .tooSmall, size: 3.2)]
    #expect(
      NotCountedText.lines(few)
        == ["0:12.1  3.2°  much smaller than the set's reps"])
    let many =
      [12.1, 30.4, 41.0].map { Self.movement($0, .tooSmall, size: $0 / 10) }
      + [Self.movement(50, .tooShort)]
      + [60.0, 61.0, 62.0].map { Self.movement($0, .tooQuick) }
      + [Self.movement(70, .tooSmall, size: 1)]
    #expect(
      NotCountedText.lines(many) == [
        "4 movements of 1.0-4.1° (0:12.1, 0:30.4, 0:41.0, 1:10.0): much "
          + "smaller than the set's reps",
        "3 movements of 2.0° (1:00.0, 1:01.0, 1:02.0): much quicker than "
          + "the set's reps",
        "0:50.0  2.0°  too short to be a rep (a bump)",
      ])
  }
}

/// The session timeline shows getting into position as what it is.
struct TimelineTests {
  @Test func gettingIntoPositionIsMarkedNotDrawnAlongTheTop() throws {
    let (_, report) = try ScriptedRecording.report(
      path: SensorViewTests.recording("bridge-sacrum-100hz.csv"))
    let html = HTMLReport.render(report)
    let timeline = try #require(
      html.components(separatedBy: "trace-chart").first {
        $0.contains("class=\"trace\"")
      })
    #expect(timeline.contains(">getting into position</text>"))
    #expect(timeline.contains(">getting up</text>"))
    // No point of the line at the plot's top edge (y = 34, the chart's
    // top): nothing pinned there.
    let lines = timeline.components(separatedBy: "<polyline class=\"trace\"")
      .dropFirst()
    #expect(!lines.isEmpty)
    for line in lines {
      let points = line.prefix { $0 != "/" }
      #expect(!points.contains(",34.0 ") && !points.contains(",34.0\""))
    }
  }
}

/// The report's counts agree with each other, and its targets and times
/// are stated as a person reads them.
struct ReportCountsTests {
  @Test func aPartialRepIsShownApartNotNumberedAmongTheReps() throws {
    // 15 full reps and one partial (the fifth movement).
    let (_, report) = try ScriptedRecording.report(
      path: SensorViewTests.recording("bridge-sacrum-100hz.csv"))
    #expect(report.reps.count == 16 && report.fullReps.count == 15)
    let labels = report.repLabels()
    #expect(labels.filter { $0 == "partial" }.count == 1)
    #expect(labels.filter { $0 != "partial" } == (1...15).map(String.init))
    let html = HTMLReport.render(report)
    #expect(!html.contains("<td>16</td>"))
    #expect(html.contains("of 15</"))
    #expect(!html.contains("of 16</"))
    let text = TextReport.render(report)
    #expect(text.contains("good form: "))
    #expect(!text.contains("of 16 reps"))
  }

  @Test func aHoldJustShortOfItsTargetMeetsItWithinTheStatedTolerance() {
    func rep(hold: Double) -> Rep {
      Rep(
        index: 1, startSeconds: 0, peakSeconds: 1 + hold / 2,
        endSeconds: 2.5 + hold, side: .both, romDegrees: 20,
        levelChangeDegrees: 0, holdSeconds: hold, partial: false)
    }
    // The bridge asks for 2 s.
    #expect(RepVerdict(rep: rep(hold: 1.8), exercise: .bridge).holdMet == true)
    #expect(RepVerdict(rep: rep(hold: 1.7), exercise: .bridge).holdMet == false)
    #expect(RepVerdict.holdTolerance == 0.25)
  }

  @Test func aLevelChangeSaysWhichSideDropped() {
    // Level is the right side above the left.
    #expect(RepVerdict.levelWords(-3.1) == "right side dropped")
    #expect(RepVerdict.levelWords(3.6) == "left side dropped")
    #expect(RepVerdict.levelWords(-2.9) == "hips square")
  }

  @Test func theSessionStartIsInLocalTimeNotRawUTC() throws {
    // Noon UTC is the same day in every time zone people live in.
    let local = try #require(LocalTime.text(iso8601: "2026-11-21T12:00:00Z"))
    #expect(local.contains("21 Nov 2026"))
    #expect(!local.contains("T12:00:00Z"))
    #expect(LocalTime.text(iso8601: "=1+1") == nil)
  }
}
