import HipCore

/// Writes a format-v1 recording so that a crash loses at most one second.
///
/// Samples are buffered and written with one `write(2)` per block; a block
/// never holds more than one second of samples (by their timestamps, and by
/// count at the nominal rate), so a process killed mid-session leaves a file
/// that reads back with every sample up to the last block. The header is
/// written at once. ``close()`` writes the rest and syncs the file to disk.
///
/// Values are written in g and degrees per second as the shortest decimal
/// that reads back as the same double, so reading a file and writing it
/// again gives the same samples.
public final class RecordingWriter {
  public let path: String
  public let header: RecordingHeader
  public let hasGyro: Bool
  public let extraColumnNames: [String]
  /// Samples written so far (flushed or not).
  public private(set) var samplesWritten = 0

  private let file: ByteFile
  private var buffer: [UInt8] = []
  private var unflushedSamples = 0
  private var firstUnflushedTime: Double?
  private let samplesPerBlock: Int
  private var isClosed = false

  /// Creates `path` and writes the header.
  ///
  /// - Parameters:
  ///   - path: The file to create (`-` for standard output).
  ///   - header: Units in it are replaced by g and dps, the units written.
  ///   - hasGyro: Whether to write `gx,gy,gz`.
  ///   - extraColumnNames: Columns carried through after the format's own.
  ///   - overwrite: Replace an existing file; by default an existing file is
  ///     an error, so a recording is never lost to a mistyped name.
  /// - Throws: ``RecordingError`` when the file cannot be created or
  ///   written, or the header's rate is outside ``PhysicalLimits/rateHz``.
  public init(
    path: String, header: RecordingHeader, hasGyro: Bool,
    extraColumnNames: [String] = [], overwrite: Bool = false
  ) throws(RecordingError) {
    self.path = path
    guard PhysicalLimits.isPossibleRate(header.rateHz) else {
      // Checked here too so that no writer makes a file its reader refuses.
      throw RecordingError(
        kind: .header, path: path,
        message:
          "rate_hz must be \(PhysicalLimits.rateDescription) "
          + "(got \(header.rateHz))")
    }
    var header = header
    header.accelerationUnit = .g
    header.angularRateUnit = hasGyro ? .degreesPerSecond : nil
    self.header = header
    self.hasGyro = hasGyro
    self.extraColumnNames = extraColumnNames
    samplesPerBlock = max(1, Int(header.rateHz.rounded(.down)))
    do {
      file = try ByteFile(path: path, mode: .create(overwrite: overwrite))
    } catch {
      throw RecordingError(error)
    }
    var text = header.formattedLines(hasGyro: hasGyro).joined(separator: "\n")
    text += "\nt,ax,ay,az"
    if hasGyro { text += ",gx,gy,gz" }
    for name in extraColumnNames { text += "," + name }
    text += "\n"
    buffer.append(contentsOf: text.utf8)
    try flush()
  }

  deinit {
    // A writer dropped without close() keeps what it has: the remaining
    // block is written, as a crash would not allow but a forgotten close
    // should.
    if !isClosed { try? flush() }
  }

  /// Adds one sample (in g and dps), with the extra columns' fields.
  public func append(_ sample: Sample, extraFields: [String] = [])
    throws(RecordingError)
  {
    precondition(!isClosed, "append after close")
    appendNumber(sample.time)
    let a = sample.acceleration
    for value in [a.x, a.y, a.z] {
      buffer.append(0x2C)
      appendNumber(value)
    }
    if hasGyro {
      let g = sample.angularRate ?? Vector3(.nan, .nan, .nan)
      for value in [g.x, g.y, g.z] {
        buffer.append(0x2C)
        appendNumber(value)
      }
    }
    for index in extraColumnNames.indices {
      buffer.append(0x2C)
      if index < extraFields.count {
        // A comma or a line end would split the row.
        buffer.append(
          contentsOf: extraFields[index].utf8.filter {
            $0 != 0x2C && $0 != 0x0A && $0 != 0x0D
          })
      }
    }
    buffer.append(0x0A)
    samplesWritten += 1
    unflushedSamples += 1
    if firstUnflushedTime == nil { firstUnflushedTime = sample.time }
    if unflushedSamples >= samplesPerBlock
      || sample.time - (firstUnflushedTime ?? sample.time) >= 1
    {
      try flush()
    }
  }

  /// Adds a comment line, `# text`, after the samples so far, and writes
  /// it at once.
  ///
  /// Readers skip it; a person opening the file sees it where it happened,
  /// as when a recorder finds its samples are not a live sensor's.
  public func appendComment(_ text: String) throws(RecordingError) {
    precondition(!isClosed, "comment after close")
    buffer.append(contentsOf: "# ".utf8)
    buffer.append(
      contentsOf: text.utf8.map { $0 == 0x0A || $0 == 0x0D ? 0x20 : $0 })
    buffer.append(0x0A)
    try flush()
  }

  /// Writes every buffered sample to the file now.
  ///
  /// A live recorder calls this when the device goes quiet, so that samples
  /// do not wait in memory for the next block.
  public func flush() throws(RecordingError) {
    guard !buffer.isEmpty else { return }
    do {
      try file.write(buffer)
    } catch {
      throw RecordingError(error)
    }
    buffer.removeAll(keepingCapacity: true)
    unflushedSamples = 0
    firstUnflushedTime = nil
  }

  /// Writes the rest, syncs the file to disk and closes it.
  public func close() throws(RecordingError) {
    guard !isClosed else { return }
    try flush()
    isClosed = true
    do {
      try file.synchronize()
      try file.close()
    } catch {
      throw RecordingError(error)
    }
  }

  private func appendNumber(_ value: Double) {
    if value.isNaN {
      buffer.append(contentsOf: "nan".utf8)
    } else {
      buffer.append(contentsOf: formatNumber(value).utf8)
    }
  }
}
