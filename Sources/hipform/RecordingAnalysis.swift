import HipCore
import HipRecording

/// Reads `path` and analyses it (see ``RecordingAnalysis/analyze``).
func analyzeRecording(
  path: String, exercise: String? = nil, side: Side? = nil
) throws(RecordingError) -> AnalyzedRecording {
  try RecordingAnalysis.analyze(path: path, exercise: exercise, side: side)
}
