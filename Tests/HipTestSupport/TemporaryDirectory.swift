import Foundation

/// A fresh directory for one test's files, removed when the value goes away.
public final class TemporaryDirectory {
  public let path: String

  /// Creates the directory.
  ///
  /// - Parameter parent: Where; the system's temporary folder by default
  ///   (a fuzzer that syncs a file per input asks for memory, `/dev/shm`).
  /// - Throws: When the directory cannot be created.
  public init(in parent: String? = nil) throws {
    path =
      (parent ?? FileManager.default.temporaryDirectory.path)
      + "/hipform-tests-\(UUID().uuidString)"
    try FileManager.default.createDirectory(
      atPath: path, withIntermediateDirectories: false)
  }

  deinit {
    try? FileManager.default.removeItem(atPath: path)
  }

  /// The path of `name` inside the directory.
  public func file(_ name: String) -> String { path + "/" + name }

  /// Writes `text` to `name` and returns its path.
  public func write(_ name: String, _ text: String) throws -> String {
    try write(name, bytes: Array(text.utf8))
  }

  /// Writes `bytes` to `name` and returns its path.
  public func write(_ name: String, bytes: [UInt8]) throws -> String {
    let path = file(name)
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
  }
}
