import Foundation
import HipCore
import HipRecording
import HipTestSupport
import Testing

/// `hipform convert - OUT` killed while samples still stream in: what it
/// wrote must read back, as a prefix of the input missing at most what
/// the pipe and the last second held.
struct KilledConvertTests {
  static let rate = 100
  static let sampleCount = 20_000

  /// One sample line per index; the values change from line to line so a
  /// line out of place would show.
  static func line(_ k: Int) -> String {
    let t = "\(k / 100).\(k % 100 < 10 ? "0" : "")\(k % 100)"
    return "\(t),0.0\(k % 97),-0.99\(k % 89),0.04\(k % 83),"
      + "\(k % 13).5,-0.0\(k % 7),\(k % 101)e-3\n"
  }

  /// The sample a line holds, parsed by the standard library.
  static func sample(_ line: String) throws -> Sample {
    let values = try line.dropLast().split(separator: ",").map {
      try #require(Double(String($0)))
    }
    return Sample(
      time: values[0], acceleration: Vector3(values[1], values[2], values[3]),
      angularRate: Vector3(values[4], values[5], values[6]))
  }

  @Test func aKilledConvertLeavesAReadablePrefix() throws {
    // A child that dies early must fail this test, not kill the runner.
    signal(SIGPIPE, SIG_IGN)
    let directory = try TemporaryDirectory()
    let output = directory.file("OUT.csv")
    let errorPath = directory.file("stderr")
    let errorFile = try openFile(errorPath, O_WRONLY | O_CREAT | O_TRUNC)
    defer { close(errorFile) }
    let executable = try Hipform.executable()
    let (pid, writeEnd) = try spawnLock.withLock {
      // Under the lock, so no other test's child inherits the pipe before
      // its ends are close-on-exec.
      let (readEnd, writeEnd) = try closeOnExecPipe()
      defer { close(readEnd) }
      let pid = try spawn(
        executable, ["convert", "-", output], standardInput: readEnd,
        standardOutput: errorFile, standardError: errorFile)
      return (pid, writeEnd)
    }
    defer { close(writeEnd) }
    let queried = fcntl(writeEnd, linuxGetPipeSize)
    let capacity = queried > 0 ? Int(queried) : 65_536

    let header = fileText(
      standardHeader + ["# note: killed mid-stream", "t,ax,ay,az,gx,gy,gz"])
    let lines = (0..<Self.sampleCount).map(Self.line)
    var sampleBytes = 0
    var failure: Int32?
    // The header, then blocks of 100 lines; each write returns once its
    // bytes are in the pipe, so no more than one pipe's worth waits there.
    let blocks =
      [header]
      + stride(from: 0, to: lines.count, by: 100).map {
        lines[$0..<min($0 + 100, lines.count)].joined()
      }
    for (index, block) in blocks.enumerated() where failure == nil {
      failure = writeAll(Array(block.utf8), to: writeEnd)
      if failure == nil && index > 0 { sampleBytes += block.utf8.count }
    }
    kill(pid, SIGKILL)
    let termination = try waitForExit(pid)
    let childErrors = try String(contentsOfFile: errorPath, encoding: .utf8)
    #expect(
      failure == nil, "write failed (errno \(failure ?? 0)): \(childErrors)")
    #expect(termination == .signaled(SIGKILL), "\(childErrors)")

    let reader = try RecordingReader(path: output)
    var samples: [Sample] = []
    while let sample = try reader.next() { samples.append(sample) }
    let expected = try lines.prefix(samples.count).map(Self.sample)
    #expect(samples == expected)
    #expect(reader.header["note"] == "killed mid-stream")
    #expect(reader.statistics.invalidSamples == 0)

    // Bytes still in the pipe, plus the child's last read not yet
    // converted (a read takes at most what the pipe holds), plus the
    // writer's unflushed block of under one second.
    let longestLine = lines.map(\.utf8.count).max() ?? 1
    let bound = (sampleBytes - 2 * capacity) / longestLine - Self.rate
    #expect(
      samples.count >= bound,
      "\(samples.count) on disk, \(sampleBytes) B written, pipe \(capacity) B")
  }
}

/// `F_GETPIPE_SZ` (Linux), which Glibc's Swift module does not export.
private let linuxGetPipeSize: Int32 = 1032

/// A pipe whose two ends are close-on-exec; call it under ``spawnLock``.
private func closeOnExecPipe() throws -> (read: Int32, write: Int32) {
  var ends: [Int32] = [-1, -1]
  guard pipe(&ends) == 0 else {
    throw PlumbingError(description: "pipe: errno \(errno)")
  }
  for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
  return (ends[0], ends[1])
}

/// Writes all of `bytes` to `fd`; the errno of a failed write, else `nil`.
private func writeAll(_ bytes: [UInt8], to fd: Int32) -> Int32? {
  var written = 0
  while written < bytes.count {
    let n = bytes.withUnsafeBytes { raw in
      write(fd, raw.baseAddress.map { $0 + written }, raw.count - written)
    }
    if n < 0 {
      if errno == EINTR { continue }
      return errno
    }
    written += n
  }
  return nil
}
