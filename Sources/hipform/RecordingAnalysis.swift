import HipCore
import HipRecording

/// Runs the analysis over a recording file: the one path from a file to a
/// ``SessionAnalysis`` that `analyze`, `eval` and `report` share.
///
/// Until the analysis core exists (issue 4) this finds nothing, so the
/// scorer reports an honest zero.
func analyzeRecording(
  path: String, exercise: String? = nil, side: Side? = nil
) throws(RecordingError) -> SessionAnalysis {
  let reader = try RecordingReader(path: path)
  while try reader.next() != nil {}
  return SessionAnalysis(
    exercise: exercise ?? reader.header.exercise ?? "unknown")
}
