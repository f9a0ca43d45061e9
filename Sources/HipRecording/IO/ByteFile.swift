import Glibc

/// A file descriptor opened by path, with every call's result checked.
///
/// The only place in the recording adapter that calls the C library: reading
/// and writing go straight to `read(2)`/`write(2)` so that a written block is
/// in the kernel the moment `write` returns (a killed process loses nothing
/// already written), and `close` can `fsync`.
final class ByteFile {
  enum Mode {
    case read
    /// Create a new file; fail if it exists unless `overwrite`.
    case create(overwrite: Bool)
  }

  let path: String
  private var descriptor: Int32
  private let ownsDescriptor: Bool

  /// Opens `path`, or standard input/output for `-`.
  init(path: String, mode: Mode) throws(SystemError) {
    self.path = path
    if path == "-" {
      switch mode {
      case .read: descriptor = 0
      case .create: descriptor = 1
      }
      ownsDescriptor = false
      return
    }
    var flags: Int32 = O_CLOEXEC
    switch mode {
    case .read:
      flags |= O_RDONLY
    case .create(let overwrite):
      flags |= O_WRONLY | O_CREAT | (overwrite ? O_TRUNC : O_EXCL)
    }
    let fd = retryingInterrupts { open(path, flags, 0o644) }
    guard fd >= 0 else {
      throw SystemError(operation: "open", path: path, errno: errno)
    }
    descriptor = fd
    ownsDescriptor = true
  }

  deinit {
    if ownsDescriptor && descriptor >= 0 { _ = Glibc.close(descriptor) }
  }

  /// The index of the first `\n` in `buffer` at or after `start`, by
  /// `memchr`: the line reader's search, a byte at a time in Swift, was
  /// a tenth of reading a recording.
  static func firstNewline(in buffer: [UInt8], from start: Int) -> Int? {
    guard start < buffer.count else { return nil }
    return buffer.withUnsafeBufferPointer { bytes -> Int? in
      guard let base = bytes.baseAddress,
        let hit = memchr(base + start, 0x0A, bytes.count - start)
      else { return nil }
      return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
    }
  }

  /// Reads up to `count` bytes, appending them to `buffer`; returns how many
  /// were read (0 at the end of the file).
  func read(appendingTo buffer: inout [UInt8], count: Int) throws(SystemError)
    -> Int
  {
    // Read into uninitialized memory: zero-filling `count` bytes first would
    // cost more than the read itself when it returns a pipe's few kilobytes.
    let fd = descriptor
    var n = 0
    var readErrno: Int32 = 0
    let chunk = [UInt8](unsafeUninitializedCapacity: count) {
      raw, initialized in
      n = retryingInterrupts { Glibc.read(fd, raw.baseAddress, count) }
      if n < 0 { readErrno = errno }
      initialized = max(n, 0)
    }
    guard n >= 0 else {
      throw SystemError(operation: "read", path: path, errno: readErrno)
    }
    buffer.append(contentsOf: chunk)
    return n
  }

  /// Writes all of `bytes`.
  func write(_ bytes: [UInt8]) throws(SystemError) {
    var written = 0
    while written < bytes.count {
      let fd = descriptor
      let n = bytes.withUnsafeBytes { raw in
        retryingInterrupts {
          Glibc.write(
            fd, raw.baseAddress.map { $0 + written }, raw.count - written)
        }
      }
      guard n > 0 else {
        throw SystemError(operation: "write", path: path, errno: errno)
      }
      written += n
    }
  }

  /// Asks the kernel to put everything written on the disk.
  func synchronize() throws(SystemError) {
    guard ownsDescriptor else { return }
    guard fsync(descriptor) == 0 else {
      throw SystemError(operation: "fsync", path: path, errno: errno)
    }
  }

  func close() throws(SystemError) {
    guard ownsDescriptor, descriptor >= 0 else { return }
    let fd = descriptor
    descriptor = -1
    guard Glibc.close(fd) == 0 else {
      throw SystemError(operation: "close", path: path, errno: errno)
    }
  }
}

/// A failed system call on a file, with the C error kept.
public struct SystemError: Error, Sendable, Equatable, CustomStringConvertible {
  public let operation: String
  public let path: String
  public let errno: Int32

  public var description: String {
    let reason = String(cString: strerror(errno))
    return "\(path): \(operation) failed: \(reason) (errno \(errno))"
  }
}

private func retryingInterrupts<T: BinaryInteger>(_ call: () -> T) -> T {
  while true {
    let result = call()
    if result == -1 && errno == EINTR { continue }
    return result
  }
}
