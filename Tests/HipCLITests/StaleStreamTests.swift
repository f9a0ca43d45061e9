import Foundation
import HipDevice
import HipTestSupport
import Testing

/// Streams that are not a live sensor's, and simulators left sending.
///
/// A device whose samples arrive far faster than its rate is not a live
/// sensor: `record` says so, and so does the file. A simulator whose
/// reader went away stops instead of piling up a backlog for the next.
struct StaleStreamTests {
  /// `--speed max` sends a 36 s recording as fast as it is read: the
  /// burst a backlog would make.
  @Test func aBurstFarFasterThanTheRateIsWarnedOfInTheFile() throws {
    let directory = try TemporaryDirectory()
    let run = try DeviceCommandTests.session(
      DeviceCommandTests.wires[0], in: directory)
    #expect(run.reader.termination == .exited(0), "\(run.reader.standardError)")
    let errors = run.reader.standardError
    #expect(errors.contains("warning: "), "\(errors)")
    #expect(errors.contains("times the device's 100 Hz"), "\(errors)")
    let text = try String(contentsOfFile: run.output, encoding: .utf8)
    let comments = text.split(separator: "\n").filter {
      $0.hasPrefix("# warning: ")
    }
    #expect(comments.contains { $0.contains("times the device's 100 Hz") })
    #expect(comments.contains { $0.contains("beyond any clock's drift") })
  }

  @Test func theSimulatorStopsWhenItsReaderGoesAway() throws {
    let directory = try TemporaryDirectory()
    let errors = directory.file("simulate.stderr")
    // 134 s of samples: far more than a pseudo-terminal buffers.
    let source = URL(fileURLWithPath: DeviceCommandTests.source)
      .deletingLastPathComponent().appendingPathComponent(
        "bridge-sacrum-100hz.csv"
      ).path
    let simulator = try Simulator.start(
      ["simulate", source, "--protocol", "hipform", "--speed", "50"],
      standardError: errors)
    // A reader opens and configures the port, which starts the sending,
    // and goes away without reading.
    do {
      let port = try SerialPort(path: simulator.port)
      _ = port
    }
    #expect(try waitForExit(simulator.pid) == .exited(1))
    let text = try String(contentsOfFile: errors, encoding: .utf8)
    #expect(text.contains("it went away or stopped reading"), "\(text)")
  }
}
