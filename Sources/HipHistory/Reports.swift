import Foundation
import HipCore
import HipRecording
import HipReport

extension AnalyzedRecording {
  /// The contract document (`hipform-analysis/1`) of this analysis.
  public var analysisDocument: AnalysisDocument {
    AnalysisDocument(
      recording: .init(
        durationSeconds: statistics.duration, rateHz: header.rateHz,
        samples: statistics.samples, invalidSamples: statistics.invalidSamples,
        gaps: statistics.gaps, hasGyro: hasGyro),
      analysis: analysis, side: configuration.side,
      placement: header.placement.rawValue)
  }

  /// What the session saw and what to check, when it counted nothing.
  public var nothingCounted: NothingCountedText? {
    NothingCountedText(analysis: analysisDocument.analysis, header: header)
  }
}

extension NothingCountedText {
  /// The explanation for a session read from (or being written to) a
  /// recording with this header.
  public init?(analysis: SessionAnalysis, header: RecordingHeader) {
    self.init(
      analysis: analysis, exerciseInHeader: header.exercise,
      axes: "\(header.axes)", placement: header.placement.rawValue)
  }
}

/// Builds ``SessionReport`` values from recordings and from the history.
public enum Reports {
  /// Analyses a recording and collects its angle trace.
  ///
  /// - Parameters:
  ///   - path: The recording.
  ///   - exercise: Exercise id; the header's when `nil`.
  ///   - side: Working side; the header's when `nil`.
  ///   - pain: Pain rating to show, if any.
  ///   - note: Note to show, if any.
  /// - Returns: The analysis and its report.
  /// - Throws: ``RecordingError`` when the file cannot be read.
  public static func analyze(
    path: String, exercise: String? = nil, side: Side? = nil,
    pain: Int? = nil, note: String? = nil
  ) throws(RecordingError) -> (AnalyzedRecording, SessionReport) {
    var trace = AngleTrace()
    let recording = try RecordingAnalysis.analyze(
      path: path, exercise: exercise, side: side,
      onEvent: { event, _ in trace.note(event) },
      onStatus: { trace.add($0) })
    var report = SessionReport(
      document: recording.analysisDocument,
      recordingName: URL(fileURLWithPath: path).lastPathComponent,
      started: recording.header["started"], pain: pain, note: note,
      trace: trace)
    report.recordingAxes = "\(recording.header.axes)"
    report.exerciseInHeader = recording.header.exercise
    return (recording, report)
  }

  /// The report of a stored session.
  ///
  /// When the recording is there and unchanged it is analysed again for
  /// its angle trace (with the stored exercise and side); otherwise the
  /// stored analysis is shown, with a notice saying why the trace is not.
  ///
  /// - Parameter session: A session from the history.
  /// - Returns: The report.
  /// - Throws: `DecodingError` when the stored analysis cannot be read.
  public static func report(for session: StoredSession) throws
    -> SessionReport
  {
    let name = URL(fileURLWithPath: session.recordingPath).lastPathComponent
    let state = History.recordingState(of: session)
    if state == .present,
      let (_, fresh) = try? analyze(
        path: session.recordingPath, exercise: session.exercise,
        side: Side(rawValue: session.side), pain: session.pain,
        note: session.note)
    {
      var report = fresh
      report.document = try session.document()
      return report
    }
    var notices: [String] = []
    switch state {
    case .missing:
      notices.append(
        "The recording \(session.recordingPath) is missing: this report "
          + "shows the analysis saved with session \(session.id ?? 0).")
    case .changed:
      notices.append(
        "The recording \(session.recordingPath) has changed since session "
          + "\(session.id ?? 0) was saved (its checksum differs): this "
          + "report shows the analysis saved then.")
    case .present:
      notices.append(
        "The recording could not be read again: this report shows the "
          + "saved analysis.")
    }
    return SessionReport(
      document: try session.document(), recordingName: name,
      started: session.startedAt, pain: session.pain, note: session.note,
      trace: nil, notices: notices)
  }

  /// A session as a point of the trend page.
  ///
  /// - Parameter session: A session from the history.
  /// - Returns: Its trend entry, with the recording's state.
  public static func trendEntry(_ session: StoredSession) -> TrendEntry {
    TrendEntry(
      id: session.id ?? 0, date: session.date, exercise: session.exercise,
      fullReps: session.fullReps, meanRomDegrees: session.meanRomDegrees,
      meanHoldSeconds: session.meanHoldSeconds,
      // Sessions saved before a thigh's level was left out still hold it.
      levelDifferenceDegrees: seesPelvis(session)
        ? session.levelDifferenceDegrees : nil,
      romSymmetryPercent: session.romSymmetryPercent, pain: session.pain,
      note: session.note,
      recordingState: History.recordingState(of: session).rawValue,
      gait: session.gait)
  }

  /// Whether the session's sensor was on the pelvis (the sacrum when its
  /// analysis cannot be read).
  static func seesPelvis(_ session: StoredSession) -> Bool {
    (try? session.document()).map {
      Placement(documented: $0.placement).isOnPelvis
    } ?? true
  }
}
