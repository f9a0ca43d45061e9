import Foundation
import HipCore
import HipDevice
import HipRecording
import HipTestSupport
import Testing

/// `hipform simulate` feeding `hipform record` and `hipform live` over a
/// pseudo-terminal, both run as the built binary.
///
/// The simulator prints its port on its first line and starts sending only
/// once the reader has opened and configured the port; at the end (or at
/// `--unplug-after`) it waits until the reader has read everything and
/// hangs up, which ends the reader. So the tests only read a line and wait
/// for processes to exit: no sleeps, no timing thresholds.
struct DeviceCommandTests {
  /// A bundled recording: 36 s at 100 Hz with gyro, five reps, no gaps.
  static let source =
    URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Recordings/sit-to-stand-sacrum-100hz.csv").path

  /// How exactly a protocol carries a sample.
  struct Wire: CustomStringConvertible, Sendable {
    var name: String
    var simulateOptions: [String] = []
    var recordOptions: [String] = []
    /// Largest acceleration error, g, for a value.
    var acceleration: @Sendable (Double) -> Double
    /// Largest angular-rate error, °/s, for a value.
    var angularRate: @Sendable (Double) -> Double
    /// Largest time error, s.
    var time: Double

    var description: String {
      ([name] + simulateOptions).joined(separator: " ")
    }
  }

  /// Half a count of a 16-bit value at the full scale, and a little more
  /// for the decimal round trip of the file.
  static func halfCount(_ fullScale: Double) -> @Sendable (Double) -> Double {
    { _ in fullScale / 32768 / 2 + 1e-9 }
  }

  static let wires: [Wire] = [
    // HipForm: int16 at the simulator's ±16 g and ±2000 °/s; µs stamps.
    Wire(
      name: "hipform", acceleration: halfCount(16),
      angularRate: halfCount(2000), time: 1.01e-6),
    // WitMotion: its fixed int16 scales; t = index / rate, so the source's
    // sub-millisecond jitter is the error.
    Wire(
      name: "witmotion", recordOptions: ["--rate", "100"],
      acceleration: halfCount(16), angularRate: halfCount(2000), time: 1e-3),
    // x-IMU3 binary: Float32 values, µs stamps.
    Wire(
      name: "x-imu3", acceleration: { abs($0) * 6e-8 + 1e-9 },
      angularRate: { abs($0) * 6e-8 + 1e-9 }, time: 1.01e-6),
    // x-IMU3 ASCII: 4 decimals.
    Wire(
      name: "x-imu3", simulateOptions: ["--variant", "ascii"],
      acceleration: { _ in 5e-5 + 1e-9 }, angularRate: { _ in 5e-5 + 1e-9 },
      time: 1.01e-6),
    // Text, HipForm CSV: 5 decimals of g, 3 of °/s, µs stamps.
    Wire(
      name: "text", acceleration: { _ in 5e-6 + 1e-9 },
      angularRate: { _ in 5e-4 + 1e-9 }, time: 1.01e-6),
  ]

  /// Lines of the Adafruit and SparkFun example sketches: no device time
  /// and no sequence numbers, so `--rate` times them (t = index / rate,
  /// and the source's sub-millisecond jitter is the time error) and a lost
  /// line cannot be told from the stream: their tests inject no drops.
  static let sketchWires: [Wire] = [
    // Adafruit plotter.ino: m/s² and rad/s with 2 decimals.
    Wire(
      name: "text", simulateOptions: ["--variant", "adafruit"],
      recordOptions: ["--rate", "100"],
      acceleration: { _ in 0.005 / Units.standardGravity + 1e-9 },
      angularRate: { _ in 0.005 * Units.degreesPerRadian + 1e-9 },
      time: 1e-3),
    // SparkFun ICM-20948 Example1_Basics: mg and °/s with 2 decimals.
    Wire(
      name: "text", simulateOptions: ["--variant", "sparkfun"],
      recordOptions: ["--rate", "100"], acceleration: { _ in 5e-6 + 1e-9 },
      angularRate: { _ in 0.005 + 1e-9 }, time: 1e-3),
  ]

  /// One simulator and one reader, run to the end.
  struct Session {
    var port: String
    var reader: Hipform.Run
    var simulator: Termination
    var simulatorError: String
    var output: String
  }

  /// Runs `hipform simulate SOURCE --protocol P --speed max` and
  /// `hipform COMMAND --port PORT --protocol P OUT.csv` against it.
  static func session(
    _ wire: Wire, faults: [String] = [], command: String = "record",
    readerOptions: [String] = [], in directory: TemporaryDirectory
  ) throws -> Session {
    let name = "\(wire.name)-\(UUID().uuidString)"
    let simulatorError = directory.file("\(name).simulate.stderr")
    let simulator = try Simulator.start(
      [
        "simulate", source, "--protocol", wire.name, "--speed", "max",
      ] + wire.simulateOptions + faults, standardError: simulatorError)
    let output = directory.file("\(name).csv")
    let reader = try Hipform.run(
      [command, "--port", simulator.port, "--protocol", wire.name]
        + wire.recordOptions + readerOptions + [output], in: directory)
    let termination = try waitForExit(simulator.pid)
    return Session(
      port: simulator.port, reader: reader, simulator: termination,
      simulatorError: try String(
        contentsOfFile: simulatorError, encoding: .utf8),
      output: output)
  }

  /// The source recording's samples, time measured from the first.
  static func sourceSamples() throws -> [Sample] {
    let samples = try readSamples(source)
    let start = samples.first?.time ?? 0
    return samples.map {
      var s = $0
      s.time -= start
      return s
    }
  }

  /// Checks every recorded sample against the source sample at its time.
  ///
  /// - Returns: How many source samples have no recorded counterpart.
  static func compare(
    _ recorded: [Sample], with source: [Sample], wire: Wire
  ) -> Int {
    var j = 0
    var matched = 0
    for sample in recorded {
      while j + 1 < source.count,
        abs(source[j + 1].time - sample.time)
          < abs(source[j].time - sample.time)
      {
        j += 1
      }
      let original = source[j]
      #expect(
        abs(original.time - sample.time) <= wire.time,
        "\(wire): t \(sample.time) vs \(original.time)")
      let a = [
        sample.acceleration.x, sample.acceleration.y, sample.acceleration.z,
      ]
      let b = [
        original.acceleration.x, original.acceleration.y,
        original.acceleration.z,
      ]
      for (x, y) in zip(a, b) {
        #expect(abs(x - y) <= wire.acceleration(y), "\(wire): a \(x) vs \(y)")
      }
      if let w = sample.angularRate, let v = original.angularRate {
        for (x, y) in zip([w.x, w.y, w.z], [v.x, v.y, v.z]) {
          #expect(abs(x - y) <= wire.angularRate(y), "\(wire): g \(x) vs \(y)")
        }
      } else {
        Issue.record("\(wire): angular rate missing at t \(sample.time)")
      }
      matched += 1
      j += 1
    }
    return source.count - matched
  }

  /// The number after `label` in a summary, such as `gaps: 3`.
  static func number(after label: String, in text: String) -> Int? {
    guard let range = text.range(of: label) else { return nil }
    let digits = text[range.upperBound...].prefix { $0.isNumber }
    return Int(digits)
  }

  @Test(arguments: wires + sketchWires)
  func recordsEverySampleWithinTheWiresPrecision(_ wire: Wire) throws {
    let directory = try TemporaryDirectory()
    let run = try Self.session(wire, in: directory)
    #expect(run.reader.termination == .exited(0), "\(run.reader.standardError)")
    #expect(run.simulator == .exited(0), "\(run.simulatorError)")
    #expect(run.reader.standardError.contains("the device went away"))
    let source = try Self.sourceSamples()
    let recorded = try readSamples(run.output)
    #expect(recorded.count == source.count, "\(wire)")
    #expect(Self.compare(recorded, with: source, wire: wire) == 0)
    #expect(Self.number(after: "gaps: ", in: run.reader.standardError) == 0)
    let header = try RecordingReader(path: run.output).header
    #expect(header.rateHz == 100)
    #expect(header.axes.description == "x=right,y=up,z=back")
  }

  @Test(arguments: wires)
  func reportsDroppedFramesAsGapsAndLosesNothingElse(_ wire: Wire) throws {
    let directory = try TemporaryDirectory()
    let run = try Self.session(
      wire, faults: ["--garbage", "0.05", "--drop", "0.02", "--seed", "7"],
      in: directory)
    #expect(run.reader.termination == .exited(0), "\(run.reader.standardError)")
    #expect(run.simulator == .exited(0), "\(run.simulatorError)")
    let dropped = try #require(
      Self.number(after: "(", in: run.simulatorError), "\(run.simulatorError)")
    #expect(dropped > 0)
    let source = try Self.sourceSamples()
    let recorded = try readSamples(run.output)
    #expect(Self.compare(recorded, with: source, wire: wire) == dropped)
    let errors = run.reader.standardError
    #expect(
      Self.number(after: "lost samples: ", in: errors) == dropped, "\(errors)")
    let gaps = try #require(Self.number(after: "gaps: ", in: errors))
    #expect(gaps > 0 && gaps <= dropped)
    #expect(
      (Self.number(after: "garbled packets skipped: ", in: errors) ?? 0) > 0)
  }

  @Test(arguments: sketchWires)
  func sketchLinesSkipGarbageAndLoseNoSample(_ wire: Wire) throws {
    let directory = try TemporaryDirectory()
    let run = try Self.session(
      wire, faults: ["--garbage", "0.05", "--seed", "7"], in: directory)
    #expect(run.reader.termination == .exited(0), "\(run.reader.standardError)")
    #expect(run.simulator == .exited(0), "\(run.simulatorError)")
    let bursts = try #require(
      Self.number(after: "dropped, ", in: run.simulatorError))
    #expect(bursts > 0)
    let source = try Self.sourceSamples()
    let recorded = try readSamples(run.output)
    #expect(recorded.count == source.count)
    #expect(Self.compare(recorded, with: source, wire: wire) == 0)
    let errors = run.reader.standardError
    #expect(Self.number(after: "lost samples: ", in: errors) == 0)
    // Each burst is a line of its own; one that happens to be blank or to
    // start with `#` (a comment) is not an error.
    let garbled = try #require(
      Self.number(after: "garbled packets skipped: ", in: errors))
    #expect(garbled > 0 && garbled <= bursts, "\(errors)")
  }

  @Test func xIMU3RecordingNamesTheDeviceFromItsPingReply() throws {
    let directory = try TemporaryDirectory()
    for wire in Self.wires where wire.name == "x-imu3" {
      let run = try Self.session(wire, in: directory)
      #expect(
        run.reader.termination == .exited(0), "\(run.reader.standardError)")
      #expect(
        run.reader.standardError.contains(
          "x-imu3: x-IMU3 serial SIMULATED-0001 over USB"),
        "\(run.reader.standardError)")
      let header = try RecordingReader(path: run.output).header
      #expect(
        header["sensor"]
          == "x-IMU3 serial SIMULATED-0001 over USB on \(run.port)")
      // The samples that streamed in while the ping waited are all there.
      #expect(try readSamples(run.output).count == Self.sourceSamples().count)
    }
  }

  @Test func xIMU3RecordsAnywayWhenNoPingReplyComes() throws {
    let directory = try TemporaryDirectory()
    // A device that streams and never answers, played here on a
    // pseudo-terminal of the test's own.
    let terminal = try XIMU3PingTests.openTerminal()
    let output = directory.file("out.csv")
    let errorPath = directory.file("record.stderr")
    let pid = try Hipform.start(
      [
        "record", "--port", terminal.devicePath, "--protocol", "x-imu3",
        output,
      ], log: errorPath)
    let ready = try terminal.waitForReader(timeoutMilliseconds: 60_000)
    #expect(ready.ready)
    var bytes: [UInt8] = []
    let count = 300
    for i in 0..<count {
      let t = Double(i) / 100
      XIMU3Encoder.appendBinary(
        Sample(
          time: t, acceleration: Vector3(0.1 * sin(t), -0.98, 0.2),
          angularRate: Vector3(1, 2, 3)),
        timestamp: 1_000_000 + UInt64(i) * 10_000, to: &bytes)
    }
    try terminal.send(bytes)
    terminal.waitUntilDrained()
    terminal.unplug()
    let termination = try waitForExit(pid)
    let errors = try String(contentsOfFile: errorPath, encoding: .utf8)
    #expect(termination == .exited(0), "\(errors)")
    #expect(
      errors.contains("warning: no reply to the x-IMU3 ping"), "\(errors)")
    #expect(try readSamples(output).count == count)
    let header = try RecordingReader(path: output).header
    #expect(header["sensor"] == "x-imu3 on \(terminal.devicePath)")
  }

  @Test func anUnplugMidSessionLeavesEverySampleReceived() throws {
    let directory = try TemporaryDirectory()
    let wire = Self.wires[0]
    let run = try Self.session(
      wire, faults: ["--unplug-after", "10"], in: directory)
    #expect(run.reader.termination == .exited(0), "\(run.reader.standardError)")
    #expect(run.reader.standardError.contains("the device went away"))
    #expect(run.simulatorError.contains("hung up early"))
    let source = try Self.sourceSamples().filter { $0.time < 10 }
    let recorded = try readSamples(run.output)
    #expect(recorded.count == source.count)
    #expect(Self.compare(recorded, with: source, wire: wire) == 0)
    let reported = Self.number(
      after: "recorded ", in: run.reader.standardError)
    #expect(reported == recorded.count)
  }

  @Test func liveShowsTheEventsAnalyzeAndReplayFindInTheFile() throws {
    let directory = try TemporaryDirectory()
    let run = try Self.session(
      Self.wires[0], command: "live",
      readerOptions: ["--exercise", "sit-to-stand"], in: directory)
    #expect(run.reader.termination == .exited(0), "\(run.reader.standardError)")
    let live = run.reader.standardOutput
    let replay = try Hipform.run(
      ["replay", "--speed", "max", run.output], in: directory)
    #expect(replay.termination == .exited(0), "\(replay.standardError)")
    #expect(live == replay.standardOutput)

    let analyzed = try RecordingAnalysis.analyze(path: run.output)
    let reps = analyzed.analysis.reps
    #expect(reps.filter { !$0.partial }.count >= 3)
    let repLines = live.split(separator: "\n").filter {
      $0.contains("  rep") || $0.contains("  partial")
    }
    #expect(repLines.count == reps.count, "\(live)")
  }
}

/// A `hipform simulate` started in the background.
struct Simulator {
  var pid: pid_t
  var port: String

  /// Starts it and reads the port path from its first line of output.
  ///
  /// - Parameters:
  ///   - arguments: The arguments after `hipform`.
  ///   - standardError: Where its standard error goes.
  /// - Returns: The running simulator.
  /// - Throws: `PlumbingError` when it cannot be started or printed no
  ///   port.
  static func start(_ arguments: [String], standardError: String) throws
    -> Simulator
  {
    let error = try openFile(standardError, O_WRONLY | O_CREAT | O_TRUNC)
    defer { close(error) }
    let (pid, output) = try spawnHipform(
      arguments, piping: .standardOutput, otherOutput: error)
    defer { close(output) }
    var line: [UInt8] = []
    var byte: UInt8 = 0
    while read(output, &byte, 1) == 1, byte != 0x0A { line.append(byte) }
    guard !line.isEmpty else {
      _ = try waitForExit(pid)
      let text = (try? String(contentsOfFile: standardError, encoding: .utf8))
      throw PlumbingError(
        description: "simulate printed no port: \(text ?? "")")
    }
    return Simulator(pid: pid, port: String(decoding: line, as: UTF8.self))
  }
}
