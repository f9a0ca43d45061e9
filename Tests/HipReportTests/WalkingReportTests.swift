import Foundation
import HipCore
import HipTestSupport
import Testing

@testable import HipReport

/// A walking session's outputs: steps, walks and the dip per leg in place
/// of reps, step by step from a saved document too.
struct WalkingReportTests {
  @Test func stepTimesAreJudgedEvenOnlyFromEnoughSteps() {
    func gait(steps: Int, percent: Double) -> GaitSummary {
      GaitSummary(
        steps: steps, walkingSeconds: Double(steps) * 0.6, cadence: 100,
        stepTimeAsymmetryPercent: percent, pelvicDrop: nil)
    }
    #expect(
      WalkingText.evenness(gait(steps: 10, percent: 11))
        == .tooFewSteps(percent: 11, steps: 10))
    #expect(
      WalkingText.evenness(gait(steps: 30, percent: 11)) == .uneven(percent: 11)
    )
    #expect(
      WalkingText.evenness(gait(steps: 30, percent: 5)) == .even(percent: 5))
    var few = SessionAnalysis(exercise: "walking")
    few.gait = gait(steps: 10, percent: 11)
    let lines = WalkingText.summaryLines(few)
    #expect(lines.contains { $0.contains("too few to tell a limp") })
    #expect(!lines.contains { $0.contains("a limp shows") })
  }

  @Test func walksThatDisagreeWithAnEvenSessionAreSaidOnlyWhenLongEnough() {
    func bout(steps: Int, percent: Double) -> WalkingBout {
      WalkingBout(
        startSeconds: 0, endSeconds: Double(steps) * 0.6, steps: steps,
        cadence: 100, stepTimeAsymmetryPercent: percent, pelvicDrop: nil)
    }
    var analysis = SessionAnalysis(exercise: "walking")
    analysis.gait = GaitSummary(
      steps: 60, walkingSeconds: 36, cadence: 100,
      stepTimeAsymmetryPercent: 2, pelvicDrop: nil)
    // A short walk's 35% is its few steps: no word, but its line says so.
    analysis.walkingBouts = [
      bout(steps: 7, percent: 35), bout(steps: 53, percent: 4),
    ]
    #expect(
      !WalkingText.summaryLines(analysis).contains { $0.contains("less even") })
    #expect(WalkingText.boutLines(analysis)[0].contains("35% (a short walk)"))
    #expect(!WalkingText.boutLines(analysis)[1].contains("short walk"))
    // A long walk at 12% is worth one.
    analysis.walkingBouts = [
      bout(steps: 30, percent: 12), bout(steps: 30, percent: 3),
    ]
    #expect(
      WalkingText.summaryLines(analysis).contains {
        $0.hasPrefix("Some walks were less even (up to 12% apart)")
      })
  }

  @Test func theWalkingPageShowsStepsNotReps() {
    let html = HTMLReport.render(WalkingFixture.report())
    #expect(!html.contains("Reps in"))
    #expect(!html.contains("Every rep"))
    #expect(html.contains("<div class=\"label\">Steps</div>"))
    #expect(html.contains("Rhythm over time"))
    #expect(html.contains("class=\"chart drop-chart\""))
    #expect(html.contains("Every walk"))
    #expect(html.contains("What this report does not do"))
    // The fixture's right leg dips clearly more: the verdict and its tile.
    #expect(html.contains("stand on your right leg than on your left"))
    #expect(
      html.contains(
        "<div class=\"tile watch\"><div class=\"label\">Pelvis dip, standing on the right leg"
      ))
  }

  @Test func aThighSensorWithoutGyroscopeSaysWhyThereIsNoDip() {
    let report = WalkingFixture.report(
      WalkingFixture.document(
        leftDrop: nil, rightDrop: nil, placement: "thigh-left",
        hasGyro: false))
    let html = HTMLReport.render(report)
    #expect(html.contains("cannot see the pelvis dip"))
    #expect(!html.contains("drop-chart"))
    #expect(!html.contains("Pelvis dip, standing"))
    #expect(TextReport.render(report).contains("cannot see the pelvis dip"))
  }

  @Test func stancesReadBackFromTheJSON() throws {
    let report = WalkingFixture.report()
    let text = try report.document.jsonText()
    #expect(text.contains("\"stances\""))
    let saved = SessionReport(
      document: try AnalysisDocument(jsonText: text),
      recordingName: report.recordingName)
    #expect(saved.walkedSteps == report.walkedSteps)
    #expect(saved.walkedSteps.contains { $0.dropDegrees != nil })
    #expect(HTMLReport.render(saved).contains("drop-chart"))
  }

  @Test func aDocumentSavedWithoutStancesStillTimesItsSteps() throws {
    let text = try WalkingFixture.document().jsonText()
    var json = try #require(
      try JSONSerialization.jsonObject(with: Data(text.utf8))
        as? [String: Any])
    var bouts = try #require(json["walking_bouts"] as? [[String: Any]])
    for index in bouts.indices { bouts[index]["stances"] = nil }
    json["walking_bouts"] = bouts
    let old = String(
      decoding: try JSONSerialization.data(withJSONObject: json), as: UTF8.self)
    let report = SessionReport(
      document: try AnalysisDocument(jsonText: old), recordingName: "old.csv")
    let steps = report.walkedSteps
    #expect(steps.count == 80)
    #expect(steps.allSatisfy { $0.dropDegrees == nil })
    // Each walk's first step has no step time; the others do.
    #expect(steps.filter { $0.stepSeconds == nil }.count == 3)
    let html = HTMLReport.render(report)
    #expect(!html.contains("drop-chart"))
    #expect(html.contains("rhythm-chart"))
    // The walk's average dip still shows, left against right.
    #expect(html.contains("Pelvis dip"))
  }

  @Test func theCSVHasAStepARow() {
    let report = WalkingFixture.report()
    let rows = ScriptedRecording.parseCSV(CSVReport.render(report))
    #expect(rows.first == CSVReport.walkingColumns)
    let body = rows.dropFirst().filter { $0.count > 1 }
    #expect(body.count == report.analysis.steps.count)
    #expect(body.first?[1] == "1")
    #expect(body.first?[4] == "")
    // 0.63 s and the fixture's 3% wobble.
    #expect(body.dropFirst().first?[4] == "0.649")
  }

  @Test func everyOutputSaysTheSameNumbers() throws {
    let report = WalkingFixture.report()
    let text = TextReport.render(report)
    let html = HTMLReport.render(report)
    let gait = try #require(report.analysis.gait)
    let cadence = NumberText.fixed(gait.cadence, 0)
    #expect(text.contains("\(cadence) steps a minute"))
    #expect(html.contains("<div class=\"value\">\(cadence)</div>"))
  }

  @Test func aRepRecordingsJSONHasNoWalkingKeys() throws {
    let directory = try TemporaryDirectory()
    let path = try ScriptedRecording.write(in: directory)
    let (_, report) = try ScriptedRecording.report(path: path)
    let text = try report.document.jsonText()
    #expect(!text.contains("stances"))
    #expect(!text.contains("walking_bouts"))
  }

  @Test func aSlowRateOrAMissingGyroscopeIsSaidAndAFullSensorSaysNothing() {
    #expect(
      WalkingText.sensorNote(placement: .sacrum, hasGyro: true, rateHz: 100)
        == nil)
    let slow = WalkingText.sensorNote(
      placement: .sacrum, hasGyro: true, rateHz: 20)
    #expect(slow?.contains("20 Hz") == true)
    #expect(slow?.contains("50 ms") == true)
    let both = WalkingText.sensorNote(
      placement: .sacrum, hasGyro: false, rateHz: 20)
    #expect(both?.contains("no gyroscope") == true)
    #expect(both?.contains("20 Hz") == true)
    #expect(
      WalkingText.sensorNote(placement: .hipLeft, hasGyro: true, rateHz: 100)?
        .contains("hip") == true)
  }
}
