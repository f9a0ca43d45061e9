import Foundation
import HipCore
import HipRecording
import HipTestSupport

/// The lines, each ended by `\n` as in a file.
func fileText(_ lines: [String]) -> String {
  lines.map { $0 + "\n" }.joined()
}

/// Every sample of the recording at `path`.
func readSamples(_ path: String) throws -> [Sample] {
  let reader = try RecordingReader(path: path)
  var samples: [Sample] = []
  while let sample = try reader.next() { samples.append(sample) }
  return samples
}

/// A failed system call in a test's own plumbing.
struct PlumbingError: Error, CustomStringConvertible {
  var description: String
}

/// How a child process ended.
enum Termination: Equatable, CustomStringConvertible {
  case exited(Int32)
  case signaled(Int32)

  var description: String {
    switch self {
    case .exited(let status): "exited with status \(status)"
    case .signaled(let signal): "killed by signal \(signal)"
    }
  }
}

/// The built `hipform` executable, run as a user would run it.
enum Hipform {
  /// What one run of `hipform` did.
  struct Run {
    var termination: Termination
    var standardOutput: String
    var standardError: String
  }

  /// The `hipform` that `swift build --build-tests` (or `swift test`) built
  /// beside this test bundle.
  ///
  /// SwiftPM puts every product of the package in one directory: on Linux
  /// the test runner is itself an executable there (`Bundle.main`); on
  /// macOS it is the parent of the `.xctest` bundle. swift-argument-parser's
  /// example tests find their executables the same way.
  static func executable() throws -> String {
    var directories = [Bundle.main.bundleURL]
    directories += Bundle.allBundles.filter {
      $0.bundlePath.hasSuffix(".xctest")
    }.map { $0.bundleURL.deletingLastPathComponent() }
    for directory in directories {
      let candidate = directory.appendingPathComponent("hipform").path
      if FileManager.default.isExecutableFile(atPath: candidate) {
        return candidate
      }
    }
    throw PlumbingError(
      description:
        "no built hipform in \(directories.map(\.path)); "
        + "run 'swift build --build-tests' first")
  }

  /// Runs `hipform` with `arguments`, standard input read from
  /// `standardInput` (or empty), and waits for it to end.
  static func run(
    _ arguments: [String], standardInput: String? = nil,
    environment: [String: String] = [:], workingDirectory: String? = nil,
    in directory: TemporaryDirectory
  ) throws -> Run {
    let name = UUID().uuidString
    let outPath = directory.file("\(name).stdout")
    let errPath = directory.file("\(name).stderr")
    let input = try openFile(standardInput ?? "/dev/null", O_RDONLY)
    defer { close(input) }
    let output = try openFile(outPath, O_WRONLY | O_CREAT | O_TRUNC)
    defer { close(output) }
    let error = try openFile(errPath, O_WRONLY | O_CREAT | O_TRUNC)
    defer { close(error) }
    var executable = try executable()
    var arguments = arguments
    if let workingDirectory {
      // glibc's posix_spawn cannot change directory; env(1) can.
      arguments = ["-C", workingDirectory, executable] + arguments
      executable = "/usr/bin/env"
    }
    let pid = try spawnLock.withLock {
      try spawn(
        executable, arguments, standardInput: input, standardOutput: output,
        standardError: error, environment: environment)
    }
    let termination = try waitForExit(pid)
    return Run(
      termination: termination,
      standardOutput: try String(contentsOfFile: outPath, encoding: .utf8),
      standardError: try String(contentsOfFile: errPath, encoding: .utf8))
  }
}

extension Hipform {
  /// Starts `hipform` in the background: standard input from /dev/null,
  /// standard output and error both to a new file at `logPath`.
  ///
  /// - Parameters:
  ///   - arguments: The arguments after `hipform`.
  ///   - logPath: Where its output goes.
  /// - Returns: The child's process ID; wait for it with `waitForExit`.
  /// - Throws: `PlumbingError` when it cannot be started.
  static func start(_ arguments: [String], log logPath: String) throws
    -> pid_t
  {
    let log = try openFile(logPath, O_WRONLY | O_CREAT | O_TRUNC)
    defer { close(log) }
    let input = try openFile("/dev/null", O_RDONLY)
    defer { close(input) }
    let executable = try executable()
    return try spawnLock.withLock {
      try spawn(
        executable, arguments, standardInput: input, standardOutput: log,
        standardError: log)
    }
  }
}

/// Opens `path` with `flags` and close-on-exec, so that no other test's
/// child inherits it.
func openFile(_ path: String, _ flags: Int32) throws -> Int32 {
  let fd = open(path, flags | O_CLOEXEC, 0o644)
  guard fd >= 0 else {
    throw PlumbingError(description: "open \(path): errno \(errno)")
  }
  return fd
}

/// Held while a test creates descriptors that are not yet close-on-exec,
/// and by every spawn, so that children inherit only their three streams.
let spawnLock = NSLock()

/// Starts `executable` with its standard streams on the given descriptors.
///
/// The child starts with no signal blocked and the default action for the
/// signals that stop a program, as from a shell: the test runner's threads block signals and
/// some tests ignore SIGPIPE, and a child would inherit both (a Ctrl-C
/// test's SIGINT would then never arrive).
func spawn(
  _ executable: String, _ arguments: [String], standardInput: Int32,
  standardOutput: Int32, standardError: Int32,
  environment extra: [String: String] = [:]
) throws -> pid_t {
  var actions = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&actions)
  defer { posix_spawn_file_actions_destroy(&actions) }
  posix_spawn_file_actions_adddup2(&actions, standardInput, 0)
  posix_spawn_file_actions_adddup2(&actions, standardOutput, 1)
  posix_spawn_file_actions_adddup2(&actions, standardError, 2)
  var attributes = posix_spawnattr_t()
  posix_spawnattr_init(&attributes)
  defer { posix_spawnattr_destroy(&attributes) }
  var noSignals = sigset_t()
  sigemptyset(&noSignals)
  var stopSignals = sigset_t()
  sigemptyset(&stopSignals)
  for signal in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE] {
    sigaddset(&stopSignals, signal)
  }
  posix_spawnattr_setsigmask(&attributes, &noSignals)
  posix_spawnattr_setsigdefault(&attributes, &stopSignals)
  posix_spawnattr_setflags(
    &attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
  let argv = ([executable] + arguments).map { strdup($0) } + [nil]
  let environment =
    ProcessInfo.processInfo.environment.merging(extra) { $1 }
    .map { strdup("\($0)=\($1)") } + [nil]
  defer { for pointer in argv + environment { free(pointer) } }
  var pid: pid_t = 0
  let result = posix_spawn(
    &pid, executable, &actions, &attributes, argv, environment)
  guard result == 0 else {
    throw PlumbingError(description: "posix_spawn \(executable): \(result)")
  }
  return pid
}

/// Waits for the child `pid` to end.
func waitForExit(_ pid: pid_t) throws -> Termination {
  var status: Int32 = 0
  while waitpid(pid, &status, 0) < 0 {
    guard errno == EINTR else {
      throw PlumbingError(description: "waitpid \(pid): errno \(errno)")
    }
  }
  // The <sys/wait.h> macros, which Swift does not import.
  let signal = status & 0x7F
  return signal == 0 ? .exited((status >> 8) & 0xFF) : .signaled(signal)
}

/// Which output stream of a process a pipe takes.
enum PipedStream {
  case standardOutput, standardError
}

/// Starts `hipform` with standard input from `/dev/null`, one output stream
/// into a new pipe and the other into `otherOutput`.
///
/// - Returns: The process and the pipe's read end (close-on-exec), which
///   the caller closes.
func spawnHipform(
  _ arguments: [String], piping piped: PipedStream, otherOutput: Int32
) throws -> (pid: pid_t, readEnd: Int32) {
  let executable = try Hipform.executable()
  let input = try openFile("/dev/null", O_RDONLY)
  defer { close(input) }
  var ends: [Int32] = [-1, -1]
  let pid = try spawnLock.withLock {
    guard pipe(&ends) == 0 else {
      throw PlumbingError(description: "pipe: errno \(errno)")
    }
    _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
    _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
    defer { close(ends[1]) }
    return try spawn(
      executable, arguments, standardInput: input,
      standardOutput: piped == .standardOutput ? ends[1] : otherOutput,
      standardError: piped == .standardError ? ends[1] : otherOutput)
  }
  return (pid, ends[0])
}

/// The metadata lines of a small test recording with gyro.
let standardHeader = [
  "# hipform-recording: 1",
  "# rate_hz: 100",
  "# accel_unit: g",
  "# gyro_unit: dps",
  "# axes: x=right,y=up,z=back",
]

/// A `hipform` run in the background whose standard error is read line
/// by line as it comes.
final class RunningHipform {
  let pid: pid_t
  private let errorPipe: Int32
  private var text = ""
  private var consumed = 0

  init(_ arguments: [String]) throws {
    let output = try openFile("/dev/null", O_WRONLY)
    defer { close(output) }
    (pid, errorPipe) = try spawnHipform(
      arguments, piping: .standardError, otherOutput: output)
  }

  private var exited = false

  /// A test that failed half-way leaves no `hipform` behind.
  deinit {
    if !exited {
      kill(pid, SIGKILL)
      _ = try? waitForExit(pid)
    }
    close(errorPipe)
  }

  /// Reads standard error until a line after the last one matched contains
  /// `fragment`.
  func waitForLine(containing fragment: String) throws {
    while true {
      let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
      let complete = lines.dropLast()
      if let index = complete.indices.first(where: {
        $0 >= consumed && complete[$0].contains(fragment)
      }) {
        consumed = index + 1
        return
      }
      guard readMore() else {
        throw PlumbingError(
          description: "hipform ended without printing '\(fragment)':\n\(text)")
      }
    }
  }

  /// Waits for the process to end.
  ///
  /// - Returns: How it ended and its standard error from the last line
  ///   matched on.
  func finish() throws -> (Termination, String) {
    while readMore() {}
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let termination = try waitForExit(pid)
    exited = true
    return (termination, lines.dropFirst(consumed).joined(separator: "\n"))
  }

  private func readMore() -> Bool {
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
      let count = read(errorPipe, &buffer, buffer.count)
      if count < 0, errno == EINTR { continue }
      guard count > 0 else { return false }
      text += String(decoding: buffer[..<count], as: UTF8.self)
      return true
    }
  }
}
