import HipCore
import HipRecording
import HipReport

extension AnalyzedRecording {
  /// The contract JSON document for this analysis.
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

/// Reads `path` and analyses it (see ``RecordingAnalysis/analyze``).
func analyzeRecording(
  path: String, exercise: String? = nil, side: Side? = nil
) throws(RecordingError) -> AnalyzedRecording {
  try RecordingAnalysis.analyze(path: path, exercise: exercise, side: side)
}
