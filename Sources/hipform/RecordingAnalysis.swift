import HipCore
import HipRecording
import HipReport

/// A recording run through the analysis: the one path from a file to a
/// ``SessionAnalysis`` that `analyze`, `eval` and `report` share.
struct AnalyzedRecording {
  var path: String
  var header: RecordingHeader
  var statistics: RecordingStatistics
  var hasGyro: Bool
  var configuration: SessionAnalyzer.Configuration
  var analysis: SessionAnalysis

  var document: AnalysisDocument {
    AnalysisDocument(
      recording: .init(
        durationSeconds: statistics.duration, rateHz: header.rateHz,
        samples: statistics.samples, invalidSamples: statistics.invalidSamples,
        gaps: statistics.gaps, hasGyro: hasGyro),
      analysis: analysis, side: configuration.side,
      placement: header.placement.rawValue)
  }
}

/// Reads `path` and analyses it. The header's `exercise` and `side` are
/// used where the arguments are `nil`.
func analyzeRecording(
  path: String, exercise: String? = nil, side: Side? = nil,
  onEvent: (AnalysisEvent, SessionAnalyzer.Status) -> Void = { _, _ in }
) throws(RecordingError) -> AnalyzedRecording {
  let reader = try RecordingReader(path: path)
  let header = reader.header
  let configuration = SessionAnalyzer.Configuration(
    exerciseName: exercise ?? header.exercise ?? "unknown",
    side: side ?? header.side.flatMap(Side.init(rawValue:)),
    axes: header.axes, rateHz: header.rateHz, hasGyroscope: reader.hasGyro)
  var analyzer = SessionAnalyzer(configuration: configuration)
  while let sample = try reader.next() {
    for event in analyzer.add(sample) { onEvent(event, analyzer.status) }
  }
  for event in analyzer.finish() { onEvent(event, analyzer.status) }
  return AnalyzedRecording(
    path: path, header: header, statistics: reader.statistics,
    hasGyro: reader.hasGyro, configuration: configuration,
    analysis: analyzer.summary)
}
