import Foundation
import HipCore
import HipRecording
import HipReport
import Testing

/// The analysis scored against the bundled `Recordings/` and their ground
/// truth, as `hipform eval Recordings` does, with the figures pinned.
///
/// The thresholds are on scored results, never on time taken: the
/// product's targets (rep F1 0.98, 95% of sets exact, and the timing and
/// angle errors of issue 4), so a change that falls below them fails here.
@Suite(.serialized)
struct RecordingsEvaluationTests {
  static let recordingsFolder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Recordings")

  struct Scored {
    var name: String
    var hasGyro: Bool
    var score: RecordingScore
  }

  /// Every labelled recording, analysed and scored once for the suite.
  static let scored: [Scored] = {
    let names =
      (try? FileManager.default.contentsOfDirectory(
        atPath: recordingsFolder.path)) ?? []
    return names.filter { $0.hasSuffix(".csv") }.sorted().compactMap { name in
      let path = recordingsFolder.appendingPathComponent(name).path
      let labels = LabelsFile.path(forRecording: path)
      guard FileManager.default.fileExists(atPath: labels),
        let truth = try? LabelsFile.read(labels),
        let result = try? RecordingAnalysis.analyze(path: path)
      else { return nil }
      return Scored(
        name: name, hasGyro: result.hasGyro,
        score: RecordingScore(truth: truth, analysis: result.analysis))
    }
  }()

  @Test func everyLabelledRecordingIsScored() {
    let labelled =
      ((try? FileManager.default.contentsOfDirectory(
        atPath: Self.recordingsFolder.path)) ?? [])
      .filter { $0.hasSuffix(".labels.json") }
    #expect(labelled.count >= 30, "Recordings/ holds the curated set")
    #expect(Self.scored.count == labelled.count)
  }

  @Test func pooledFiguresMeetThePinnedTargets() {
    let summary = ScoreSummary(Self.scored.map(\.score))
    let shortfalls = summary.shortfalls(against: .default)
    #expect(shortfalls.isEmpty, "\(shortfalls)")
    #expect(summary.side.agreement ?? 0 >= 0.95)
  }

  @Test func walkingIsScoredByItsSteps() throws {
    let walking = try Self.scored.filter { $0.name.hasPrefix("walking-") }.map {
      let path = Self.recordingsFolder.appendingPathComponent($0.name).path
      let truth = try LabelsFile.read(LabelsFile.path(forRecording: path))
      return StepScore(
        truth: truth,
        analysis: try RecordingAnalysis.analyze(path: path).analysis)
    }
    #expect(walking.count >= 2)
    let summary = StepSummary(walking)
    // Pinned at what the step analysis reaches on these files.
    #expect(summary.steps.precision >= 0.99)
    #expect(summary.steps.recall >= 0.95)
    #expect(summary.timing.medianAbsolute ?? .infinity <= 0.02)
    #expect(summary.sideAgreement ?? 0 >= 0.99)
    #expect(summary.pelvicDrop.meanAbsolute ?? .infinity <= 0.5)
    #expect(summary.trendelenburgNamed == summary.trendelenburgFiles)
    #expect(summary.trendelenburgFiles >= 1)
    #expect(summary.stepsOutsideBouts == 0)
  }

  @Test func accelerometerOnlyIsCloseToGyroscope() {
    let withGyro = ScoreSummary(Self.scored.filter(\.hasGyro).map(\.score))
    let without = ScoreSummary(Self.scored.filter { !$0.hasGyro }.map(\.score))
    #expect(without.recordings >= 8 && withGyro.recordings >= 8)
    #expect(without.reps.f1 >= withGyro.reps.f1 - 0.05)
    let gyroStart = withGyro.timing.start.medianAbsolute ?? .infinity
    let plainStart = without.timing.start.medianAbsolute ?? .infinity
    #expect(plainStart <= Swift.max(0.15, 2 * gyroStart))
    let gyroRom = withGyro.rom.meanAbsolute ?? .infinity
    let plainRom = without.rom.meanAbsolute ?? .infinity
    #expect(plainRom <= gyroRom + 1.5)
  }

  @Test func theSameRecordingGivesTheSameBytes() throws {
    let path = Self.recordingsFolder.appendingPathComponent(
      "bridge-sacrum-100hz.csv"
    ).path
    func document() throws -> String {
      let result = try RecordingAnalysis.analyze(path: path)
      return try AnalysisDocument(
        recording: .init(
          durationSeconds: result.statistics.duration,
          rateHz: result.header.rateHz, samples: result.statistics.samples,
          invalidSamples: result.statistics.invalidSamples,
          gaps: result.statistics.gaps, hasGyro: result.hasGyro),
        analysis: result.analysis, side: result.configuration.side,
        placement: result.header.placement.rawValue
      ).jsonText()
    }
    let first = try document()
    #expect(try document() == first)
    #expect(first.contains("\"format\" : \"hipform-analysis/1\""))
  }
}
