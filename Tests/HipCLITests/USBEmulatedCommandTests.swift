import Foundation
import HipCore
import HipTestSupport
import HipUSBTestSupport
import Testing

/// The USB commands against devices umockdev emulates.
///
/// `hipform devices`, `record --device` and `--wait`, run under
/// `umockdev-wrapper` as Scripts/test.sh does. The `hipform` child inherits
/// the preload and `UMOCKDEV_DIR`, and this process's emulator answers its
/// libusb.
@Suite(.enabled(if: USBEmulation.isActive || USBEmulation.isRequired))
struct USBEmulatedCommandTests {
  init() throws {
    try #require(
      USBEmulation.isActive,
      "run under umockdev-wrapper (LD_PRELOAD=libumockdev-preload.so.0)")
  }

  @Test func devicesListsEachSensorWithItsPortAndKind() throws {
    let directory = try TemporaryDirectory()
    try USBEmulation.run { emulation in
      try emulation.plug(.hipformReference, answering: false)
      try emulation.plug(.serialBridge, answering: false)
      let run = try Hipform.run(["devices", "--json"], in: directory)
      #expect(run.termination == .exited(0), "\(run.standardError)")
      let devices = try #require(
        try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8))
          as? [[String: Any]])
      #expect(
        devices.map { $0["id"] as? String } == ["1209:0001", "1a86:7523"])
      #expect(devices[0]["serial"] as? String == "HF-TEST-0001")
      #expect(devices[0]["serialPorts"] as? [String] == [])
      #expect(devices[1]["serialPorts"] as? [String] == ["/dev/ttyUSB0"])
      let known = devices[0]["known"] as? [String: Any]
      #expect(known?["likelyProtocol"] as? String == "hipform")

      let text = try Hipform.run(["devices"], in: directory)
      #expect(text.standardOutput.contains("known: HipForm reference device"))
      #expect(text.standardOutput.contains("port: /dev/ttyUSB0"))
    }
  }

  @Test func anUnplugEndsTheRecordingWithEverySampleReceived() throws {
    let directory = try TemporaryDirectory()
    let (bytes, expected) = try KnownStream.hipform(count: 1500)
    try USBEmulation.run { emulation in
      try emulation.plug(.hipformReference)
      emulation.setChunk(64)
      emulation.feed(bytes)
      emulation.unplugWhenDrained(.hipformReference)
      let output = directory.file("usb.csv")
      let run = try Hipform.run(
        ["record", "--device", "1209:0001", "--protocol", "hipform", output],
        in: directory)
      #expect(run.termination == .exited(0), "\(run.standardError)")
      #expect(run.standardError.contains("the device went away"))
      let samples = try readSamples(output)
      #expect(samples.count == expected.count)
      #expect(Self.largestError(samples, expected) < 2e-4)
      // The device-info request went out on the bulk OUT endpoint.
      #expect(emulation.bulkOut == HipFrame.requestDeviceInfo)
      let header = try String(contentsOfFile: output, encoding: .utf8)
      #expect(header.contains("on USB 1209:0001"))
    }
  }

  @Test func aDeviceThatGoesQuietTimesOutWithAClearErrorAndKeepsTheFile()
    throws
  {
    let directory = try TemporaryDirectory()
    let (bytes, expected) = try KnownStream.hipform(count: 400)
    try USBEmulation.run { emulation in
      try emulation.plug(.hipformReference)
      emulation.feed(bytes)
      let output = directory.file("quiet.csv")
      let run = try Hipform.run(
        [
          "record", "--device", "auto", "--protocol", "hipform", "--timeout",
          "0.5", output,
        ], in: directory)
      #expect(run.termination == .exited(1))
      #expect(run.standardError.contains("no data from the device for 0.5 s"))
      #expect(try readSamples(output).count == expected.count)
    }
  }

  @Test func withWaitAnUnpluggedDeviceContinuesTheSameRecording() throws {
    let directory = try TemporaryDirectory()
    let first = try KnownStream.hipform(count: 600)
    let second = try KnownStream.hipform(count: 400, startMicroseconds: 7_000)
    try USBEmulation.run { emulation in
      try emulation.plug(.hipformReference)
      emulation.feed(first.bytes)
      emulation.unplugWhenDrained(.hipformReference)
      let output = directory.file("wait.csv")
      let child = try RunningHipform(
        [
          "record", "--device", "HF-TEST-0001", "--protocol", "hipform",
          "--wait", output,
        ])
      try child.waitForLine(containing: "unplugged: waiting")
      try emulation.plug(.hipformReference)
      emulation.feed(second.bytes)
      emulation.unplugWhenDrained(.hipformReference)
      try child.waitForLine(containing: "reconnected")
      try child.waitForLine(containing: "unplugged: waiting")
      kill(child.pid, SIGINT)
      let (termination, rest) = try child.finish()
      #expect(termination == .exited(0), "\(rest)")
      #expect(rest.contains("reconnected 1 time(s)"))

      let samples = try readSamples(output)
      #expect(samples.count == first.samples.count + second.samples.count)
      let split = first.samples.count
      // Times are unchanged within each connection and the gap between
      // them is longer than one period.
      #expect(samples[split].time - samples[split - 1].time > 1.0 / 1000)
      let shifted = second.samples.map {
        var sample = $0
        sample.time += samples[split].time
        return sample
      }
      #expect(Self.largestError(samples, first.samples + shifted) < 2e-4)
    }
  }

  /// The largest difference in time or acceleration between matching
  /// samples.
  static func largestError(_ samples: [Sample], _ expected: [Sample]) -> Double
  {
    zip(samples, expected).map { sample, truth in
      max(
        abs(sample.time - truth.time),
        abs(sample.acceleration.x - truth.acceleration.x),
        abs(sample.acceleration.y - truth.acceleration.y),
        abs(sample.acceleration.z - truth.acceleration.z))
    }.max() ?? .infinity
  }
}

/// A `hipform` run in the background whose standard error is read line
/// by line as it comes.
final class RunningHipform {
  let pid: pid_t
  private let errorPipe: Int32
  private var text = ""
  private var consumed = 0

  init(_ arguments: [String]) throws {
    let executable = try Hipform.executable()
    let input = try openFile("/dev/null", O_RDONLY)
    defer { close(input) }
    let output = try openFile("/dev/null", O_WRONLY)
    defer { close(output) }
    var ends: [Int32] = [-1, -1]
    pid = try spawnLock.withLock {
      guard pipe(&ends) == 0 else {
        throw PlumbingError(description: "pipe: errno \(errno)")
      }
      _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
      _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
      defer { close(ends[1]) }
      return try spawn(
        executable, arguments, standardInput: input, standardOutput: output,
        standardError: ends[1])
    }
    errorPipe = ends[0]
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
