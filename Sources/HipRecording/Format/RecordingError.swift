/// Why a recording could not be read or written, and where.
///
/// The description names the file and, where there is one, the line, so a
/// person can open the file at the spot: `session.csv:14: time goes
/// backwards (3.2 s after 3.5 s)`.
public struct RecordingError: Error, Sendable, Equatable,
  CustomStringConvertible
{
  public enum Kind: Sendable, Equatable {
    /// The file could not be opened, read or written.
    case system(SystemError)
    /// A metadata line or the column header breaks the format.
    case header
    /// A timestamp is earlier than the one before it.
    case timeGoesBackwards
    /// An imported file's layout is not what its importer expects.
    case layout
    /// A line is longer than any recording or export has.
    case lineTooLong
  }

  public var kind: Kind
  public var path: String
  /// 1-based line number, when the problem is on one line.
  public var line: Int?
  public var message: String

  public init(kind: Kind, path: String, line: Int? = nil, message: String) {
    self.kind = kind
    self.path = path
    self.line = line
    self.message = message
  }

  init(_ error: SystemError) {
    self.init(
      kind: .system(error), path: error.path, message: error.description)
  }

  public var description: String {
    if case .system(let error) = kind { return error.description }
    if let line { return "\(path):\(line): \(message)" }
    return "\(path): \(message)"
  }
}
