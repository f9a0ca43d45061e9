import Foundation
import HipCore
import HipDevice
import HipRecording
import HipTestSupport
import Testing

/// `record` never writes a file that `info` refuses, whatever the device
/// sends: every protocol and fault the simulator makes, and bytes no
/// device should send.
struct RecordReadBackTests {
  /// Each wire with heavy faults, and cut off early.
  static let cases: [(DeviceCommandTests.Wire, [String])] =
    (DeviceCommandTests.wires + DeviceCommandTests.sketchWires).flatMap {
      wire in
      [
        (wire, ["--garbage", "0.3", "--drop", "0.05", "--seed", "3"]),
        (wire, ["--garbage", "0.5", "--unplug-after", "4", "--seed", "11"]),
      ]
    }

  /// What `info` says of a file `record` wrote: it must read it.
  static func expectInfoReads(
    _ path: String, in directory: TemporaryDirectory, _ context: String
  ) throws {
    let info = try Hipform.run(["info", path], in: directory)
    #expect(info.termination == .exited(0), "\(context): \(info.standardError)")
    let reader = try RecordingReader(path: path)
    var previous = -Double.infinity
    while let sample = try reader.next() {
      #expect(sample.time > previous, "\(context)")
      previous = sample.time
    }
    #expect(reader.statistics.invalidSamples == 0, "\(context)")
  }

  @Test(arguments: 0..<cases.count)
  func everyFileRecordWritesFromTheSimulatorIsRead(index: Int) throws {
    let (wire, faults) = Self.cases[index]
    let directory = try TemporaryDirectory()
    let run = try DeviceCommandTests.session(
      wire, faults: faults, in: directory)
    #expect(run.reader.termination == .exited(0), "\(run.reader.standardError)")
    try Self.expectInfoReads(run.output, in: directory, "\(wire) \(faults)")
  }

  /// `hipform record` reading `bytes` from a pseudo-terminal, to the end.
  static func record(
    _ bytes: [UInt8], wireProtocol: String, options: [String] = [],
    in directory: TemporaryDirectory
  ) throws -> (termination: Termination, log: String, output: String) {
    let terminal = try spawnLock.withLock { try PseudoTerminal() }
    let output = directory.file("\(UUID().uuidString).csv")
    let log = directory.file("\(UUID().uuidString).log")
    let pid = try Hipform.start(
      ["record", "--port", terminal.devicePath, "--protocol", wireProtocol]
        + options + [output], log: log)
    // Sends only once the recorder has set the port up, as the simulator
    // does; the wait is bounded only so that a broken recorder fails.
    let reader = try terminal.waitForReader(timeoutMilliseconds: 60_000)
    #expect(reader.ready)
    try terminal.send(bytes)
    terminal.waitUntilDrained()
    terminal.unplug()
    let termination = try waitForExit(pid)
    return (
      termination, try String(contentsOfFile: log, encoding: .utf8), output
    )
  }

  /// The reproducer: one 3-field line among 4-field lines mixed
  /// two time bases, and `info` then refused the file ("time goes
  /// backwards").
  @Test func textLinesOfMixedFieldCountsGiveAReadableFile() throws {
    let directory = try TemporaryDirectory()
    var text = ""
    for i in 0..<300 {
      text += "\(1_000_000 + i * 10_000),0.01,-0.99,0.05\n"
      if i == 150 { text += "0.01,-0.99,0.05\n" }
    }
    let run = try Self.record(
      Array(text.utf8), wireProtocol: "text", options: ["--rate", "100"],
      in: directory)
    #expect(run.termination == .exited(0), "\(run.log)")
    #expect(run.log.contains("recorded 300 samples"), "\(run.log)")
    #expect(run.log.contains("1 unparsable lines"), "\(run.log)")
    try Self.expectInfoReads(run.output, in: directory, "mixed")
  }

  /// Random digits and commas once became 129 samples of up to 8.6e9 g.
  @Test(arguments: ["text", "hipform", "witmotion", "x-imu3"])
  func noiseOnThePortIsNeverRecordedAsMotion(wireProtocol: String) throws {
    let directory = try TemporaryDirectory()
    var state: UInt64 = 0x5EED
    func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    let alphabet = Array("0123456789,,,.-e\n".utf8)
    var bytes: [UInt8] = []
    for i in 0..<60_000 {
      // Half printable digits and commas, half any byte.
      bytes.append(
        i % 2 == 0
          ? alphabet[Int(next() % UInt64(alphabet.count))]
          : UInt8(truncatingIfNeeded: next()))
    }
    // A fixed baud: detecting it would reopen the port after the test has
    // sent everything.
    let run = try Self.record(
      bytes, wireProtocol: wireProtocol,
      options: ["--rate", "100", "--baud", "115200"], in: directory)
    #expect(run.termination == .exited(0), "\(run.log)")
    guard FileManager.default.fileExists(atPath: run.output) else {
      #expect(run.log.contains("recorded nothing"), "\(run.log)")
      return
    }
    try Self.expectInfoReads(run.output, in: directory, wireProtocol)
  }
}
