/// Reads a v1 recording and writes it again in this package's own form:
/// g and dps, the shortest exact decimals, the same samples and metadata,
/// unknown columns carried through.
public enum RecordingRewrite {
  /// Returns the input's statistics.
  public static func rewrite(
    _ inputPath: String, to outputPath: String, overwrite: Bool = false
  ) throws(RecordingError) -> RecordingStatistics {
    let reader = try RecordingReader(path: inputPath)
    let writer = try RecordingWriter(
      path: outputPath, header: reader.header, hasGyro: reader.hasGyro,
      extraColumnNames: reader.extraColumnNames, overwrite: overwrite)
    while let sample = try reader.next() {
      try writer.append(sample, extraFields: reader.extraFields)
    }
    try writer.close()
    return reader.statistics
  }

  /// Whether the file at `path` starts like a format-v1 recording.
  ///
  /// Always `false` for `-`: looking at standard input would consume what
  /// it looks at, so a caller must decide what `-` holds without peeking.
  public static func isRecording(_ path: String) -> Bool {
    guard path != "-", let lines = try? LineReader(path: path),
      let first = try? lines.next()
    else { return false }
    let text = String(decoding: first.bytes, as: UTF8.self)
    return HeaderParser.metadataPair(
      text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)?.0
      == "hipform-recording"
  }
}
