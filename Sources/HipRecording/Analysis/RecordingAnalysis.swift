import HipCore

/// A recording run through the analysis.
public struct AnalyzedRecording: Sendable {
  public var path: String
  public var header: RecordingHeader
  public var statistics: RecordingStatistics
  public var hasGyro: Bool
  public var configuration: SessionAnalyzer.Configuration
  public var analysis: SessionAnalysis
}

/// The one path from a recording file to a ``SessionAnalysis``, shared by
/// `analyze`, `eval`, `report` and the tests.
public enum RecordingAnalysis {
  /// Reads a recording and analyses it.
  ///
  /// - Parameters:
  ///   - path: The recording.
  ///   - exercise: Exercise id; the header's `exercise` when `nil`.
  ///   - side: Working side; the header's `side` when `nil`.
  ///   - onEvent: Called with each event as the analysis emits it, with
  ///     the live status at that moment.
  ///   - onStatus: When given, called with the live status after every
  ///     sample (a report's angle trace samples it).
  /// - Returns: The analysis with what the reader counted.
  /// - Throws: ``RecordingError`` when the file cannot be read.
  public static func analyze(
    path: String, exercise: String? = nil, side: Side? = nil,
    onEvent: (AnalysisEvent, SessionAnalyzer.Status) -> Void = { _, _ in },
    onStatus: ((SessionAnalyzer.Status) -> Void)? = nil
  ) throws(RecordingError) -> AnalyzedRecording {
    let reader = try RecordingReader(path: path)
    let header = reader.header
    let configuration = SessionAnalyzer.Configuration(
      header: header, hasGyroscope: reader.hasGyro, exercise: exercise,
      side: side)
    var analyzer: SessionAnalyzer
    do {
      analyzer = try SessionAnalyzer(configuration: configuration)
    } catch {
      throw RecordingError(
        kind: .header, path: path, message: error.description)
    }
    while let sample = try reader.next() {
      for event in analyzer.add(sample) { onEvent(event, analyzer.status) }
      onStatus?(analyzer.status)
    }
    for event in analyzer.finish() { onEvent(event, analyzer.status) }
    return AnalyzedRecording(
      path: path, header: header, statistics: reader.statistics,
      hasGyro: reader.hasGyro, configuration: configuration,
      analysis: analyzer.summary)
  }
}

extension SessionAnalyzer.Configuration {
  /// The analysis of a recording with this header: the one place a
  /// header becomes a configuration, so that `analyze`, `replay` and
  /// `live` analyse the same samples the same way.
  ///
  /// - Parameters:
  ///   - header: The recording's header.
  ///   - hasGyroscope: Whether the recording has angular rates.
  ///   - exercise: Exercise id; the header's when `nil` ("unknown" when
  ///     neither says).
  ///   - side: Working side; the header's when `nil`.
  public init(
    header: RecordingHeader, hasGyroscope: Bool, exercise: String? = nil,
    side: Side? = nil
  ) {
    self.init(
      exerciseName: exercise ?? header.exercise ?? "unknown",
      side: side ?? header.side.flatMap(Side.init(rawValue:)),
      axes: header.axes, placement: header.placement,
      rateHz: header.rateHz, hasGyroscope: hasGyroscope)
  }
}
