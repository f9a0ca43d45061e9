import Foundation
import HipCore
import HipDeviceSession
import HipRecording
import HipTestSupport
import Testing

/// The path from a device's bytes to a recording, fed from memory: the
/// bytes a simulated sensor sends, the file written, the summary and the
/// messages a person reads.
struct DeviceRecorderTests {
  /// Hip motion a sensor could report, `count` samples at `rate`.
  static func motion(count: Int, rate: Double, gyro: Bool = true) -> [Sample] {
    (0..<count).map { i in
      let t = Double(i) / rate
      let a = Vector3(
        0.3 * sin(2 * .pi * 0.7 * t), -0.95 + 0.05 * cos(3 * t),
        0.2 * cos(2 * .pi * 0.4 * t))
      let w = Vector3(
        40 * cos(2 * .pi * 0.7 * t), -25 * sin(1.3 * t), 90 * sin(0.5 * t))
      return Sample(time: t, acceleration: a, angularRate: gyro ? w : nil)
    }
  }

  /// The bytes a simulated device sends for each of `samples`, preamble
  /// first.
  static func chunks(
    _ wire: WireProtocol, _ samples: [Sample], rate: Double,
    variant: SimulatedDevice.Variant? = nil, gyro: Bool = true
  ) throws -> [[UInt8]] {
    var device = try SimulatedDevice(
      wireProtocol: wire, variant: variant, rateHz: rate, hasGyro: gyro)
    var result = [device.preamble()]
    for sample in samples {
      var bytes: [UInt8] = []
      device.append(sample, to: &bytes)
      result.append(bytes)
    }
    return result
  }

  /// Collects a recorder's messages, as standard error would show them.
  final class Messages: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    func add(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
  }

  static func settings(
    _ wire: WireProtocol, output: String, rateHz: Double? = nil
  ) throws -> DeviceSessionSettings {
    DeviceSessionSettings(
      sensor: .port("/dev/ttyTEST0"), wireProtocol: wire,
      axes: try AxesMapping(parsing: "x=right,y=up,z=back"),
      outputPath: output, rateHz: rateHz, exercise: "bridge", side: .left)
  }

  static func readBack(_ path: String) throws -> (RecordingReader, [Sample]) {
    let reader = try RecordingReader(path: path)
    var samples: [Sample] = []
    while let sample = try reader.next() { samples.append(sample) }
    return (reader, samples)
  }

  @Test func aHipFormDeviceIsRecordedAtTheRateItDeclares() throws {
    let directory = try TemporaryDirectory()
    let output = directory.file("session.csv")
    let messages = Messages()
    let recorder = DeviceRecorder(
      settings: try Self.settings(.hipform, output: output),
      messages: messages.add)
    recorder.source = "/dev/ttyTEST0"
    var opened: [(RecordingHeader, Bool)] = []
    var seen = 0
    recorder.onOpen = { opened.append(($0, $1)) }
    recorder.onSample = { _ in seen += 1 }

    let input = Self.motion(count: 300, rate: 100)
    for (index, bytes) in try Self.chunks(.hipform, input, rate: 100)
      .enumerated()
    {
      recorder.feed(bytes[...], hostTime: Double(index) / 100)
    }
    let summary = try recorder.finish()

    #expect(summary.samples == 300)
    #expect(summary.rateHz == 100)
    #expect(summary.rateSource == "declared by the device")
    #expect(summary.hasGyro)
    #expect(summary.warnings.isEmpty)
    #expect(summary.clock?.gaps == 0)
    #expect(seen == 300)
    #expect(opened.count == 1)
    #expect(opened.first?.1 == true)
    #expect(
      messages.all == [
        "recording to \(output) at 100 Hz (declared by the device); "
          + "Ctrl-C stops and keeps everything"
      ])

    let (reader, samples) = try Self.readBack(output)
    #expect(reader.header.rateHz == 100)
    #expect(reader.header["rate_source"] == "declared by the device")
    #expect(reader.header["exercise"] == "bridge")
    #expect(reader.header["side"] == "left")
    // The device-info frame names the sensor, its firmware and its id.
    #expect(
      reader.header["sensor"]
        == "HipForm icm42688p firmware 1.0.0 id 20813 on /dev/ttyTEST0")
    try #require(samples.count == input.count)
    for (sent, recorded) in zip(input, samples) {
      #expect(abs(sent.acceleration.y - recorded.acceleration.y) < 0.01)
      #expect(abs(sent.time - (recorded.time - samples[0].time)) < 0.001)
    }
  }

  @Test func aWitMotionRateIsMeasuredAndSnappedToOneItCanOutput() throws {
    let directory = try TemporaryDirectory()
    let output = directory.file("witmotion.csv")
    let messages = Messages()
    let recorder = DeviceRecorder(
      settings: try Self.settings(.witmotion, output: output),
      messages: messages.add)
    recorder.source = "/dev/ttyUSB0"
    // Arriving at 190 per second over 3 s: WitMotion's nearest rate is 200.
    let input = Self.motion(count: 570, rate: 200)
    for (index, bytes) in try Self.chunks(.witmotion, input, rate: 200)
      .enumerated()
    {
      recorder.feed(bytes[...], hostTime: Double(index) / 190)
    }
    let summary = try recorder.finish()

    #expect(summary.rateHz == 200)
    #expect(summary.rateSource == "measured from arrival times")
    #expect(summary.samples == 570)
    let (reader, samples) = try Self.readBack(output)
    #expect(reader.header.rateHz == 200)
    #expect(reader.header["sensor"] == "witmotion on /dev/ttyUSB0")
    // Timed by the nominal rate, from the first sample kept while probing.
    #expect(
      abs(
        (samples.last?.time ?? 0) - (samples.first?.time ?? 0)
          - 569.0 / 200) < 1e-6)
  }

  @Test func aBacklogIsWarnedAboutOnceInTheMessagesAndTheFile() throws {
    let directory = try TemporaryDirectory()
    let output = directory.file("backlog.csv")
    let messages = Messages()
    let recorder = DeviceRecorder(
      settings: try Self.settings(.hipform, output: output, rateHz: 100),
      messages: messages.add)
    // Five seconds of samples, all within the first second.
    let input = Self.motion(count: 500, rate: 100)
    for (index, bytes) in try Self.chunks(.hipform, input, rate: 100)
      .enumerated()
    {
      recorder.feed(bytes[...], hostTime: Double(index) / 1000)
    }
    let summary = try recorder.finish()

    let warning =
      "500 samples arrived within 1.0 s, 5 times the device's 100 Hz: a "
      + "backlog sent while nobody read (another reader left the device "
      + "sending?) or a replay, not a live sensor"
    #expect(summary.rateSource == "--rate")
    // The clock check sees the same backlog: five seconds of device time
    // in half a second of the host's.
    let drift =
      "the device's clock and this computer's disagree by +900.0 % "
      + "(+9000000 ppm), far beyond any clock's drift: the samples did not "
      + "arrive as they were taken (a backlog, a replay or a wrong --rate)"
    #expect(summary.warnings == [warning, drift])
    #expect(
      messages.all.filter { $0.hasPrefix("warning:") } == [
        "warning: " + warning, "warning: " + drift,
      ])
    let text = try String(contentsOfFile: output, encoding: .utf8)
    #expect(text.components(separatedBy: "# warning: " + warning).count == 2)
    #expect(try Self.readBack(output).1.count == 500)
  }

  @Test func garbledFramesAreSkippedAndCounted() throws {
    let directory = try TemporaryDirectory()
    let output = directory.file("garbled.csv")
    let recorder = DeviceRecorder(
      settings: try Self.settings(.witmotion, output: output, rateHz: 100),
      messages: { _ in })
    var errorsSeen: [Int] = []
    recorder.onErrors = { errorsSeen.append($0) }
    let chunks = try Self.chunks(
      .witmotion, Self.motion(count: 200, rate: 100), rate: 100)
    for (index, bytes) in chunks.enumerated() {
      // Every 50th sample's frames arrive with their checksums spoiled.
      let sent = index % 50 == 25 ? SimulatedDevice.garbled(bytes) : bytes
      recorder.feed(sent[...], hostTime: Double(index) / 100)
    }
    let summary = try recorder.finish()

    #expect(summary.samples == 196)
    #expect(summary.counters.badChecksums > 0)
    #expect(errorsSeen.last ?? 0 > 0)
    let lines = deviceSummaryLines(
      end: .disconnected, summary: summary, path: output)
    #expect(
      lines.first
        == "stopped: the device went away (unplugged or closed); every "
        + "sample received is in the file.")
    #expect(
      lines[1] == "recorded 196 samples to \(output) at 100 Hz (--rate)")
    #expect(
      lines.contains {
        $0.hasPrefix(
          "  garbled packets skipped: \(summary.counters.badChecksums) "
            + "(\(summary.counters.badChecksums) bad checksums")
      })
    #expect(try Self.readBack(output).1.count == 196)
  }

  @Test func noSampleWritesNoFile() throws {
    let directory = try TemporaryDirectory()
    let output = directory.file("empty.csv")
    let recorder = DeviceRecorder(
      settings: try Self.settings(.text, output: output), messages: { _ in })
    let summary = try recorder.finish()

    #expect(summary.samples == 0)
    #expect(summary.rateSource == "assumed (no samples arrived)")
    #expect(!FileManager.default.fileExists(atPath: output))
    #expect(
      deviceSummaryLines(end: .interrupted, summary: summary, path: output)
        == [
          "stopped: Ctrl-C; the recording is complete and closed.",
          "recorded nothing: no sample arrived, so \(output) was not written",
          "  gaps: 0, lost samples: 0",
          "  garbled packets skipped: 0 (0 bad checksums, 0 malformed, 0 "
            + "truncated, 0 unparsable lines, 0 beyond what a sensor "
            + "reports; 0 bytes skipped)",
          "  clock drift: device period vs nominal n/a, device vs host n/a",
        ])
  }

  @Test func anExistingRecordingIsKeptUnlessReplacing() throws {
    let directory = try TemporaryDirectory()
    let output = try directory.write("kept.csv", "not a recording\n")
    let recorder = DeviceRecorder(
      settings: try Self.settings(.hipform, output: output, rateHz: 100),
      messages: { _ in })
    for bytes in try Self.chunks(
      .hipform, Self.motion(count: 10, rate: 100), rate: 100)
    {
      recorder.feed(bytes[...], hostTime: 0)
    }

    #expect(recorder.failure is RecordingError)
    #expect(throws: RecordingError.self) { try recorder.finish() }
    #expect(
      try String(contentsOfFile: output, encoding: .utf8)
        == "not a recording\n")
  }

  @Test func aRateNoSensorRunsAtStartsNoRecording() throws {
    let directory = try TemporaryDirectory()
    let output = directory.file("fast.csv")
    let recorder = DeviceRecorder(
      settings: try Self.settings(.text, output: output), messages: { _ in })
    // Lines without device time, 50 within 49 µs: measured from their
    // arrival, a million samples a second.
    let input = Self.motion(count: 50, rate: 100)
    for (index, bytes) in try Self.chunks(
      .text, input, rate: 100, variant: .adafruit
    ).enumerated() {
      recorder.feed(bytes[...], hostTime: Double(index) * 1e-6)
    }

    #expect {
      try recorder.finish()
    } throws: { error in
      (error as? DeviceRateError)?.description
        == "the sample rate 1000000.0 Hz (measured from arrival times) is not "
        + "a rate from 1 to 10000 Hz; give the device's rate with --rate"
    }
    #expect(!FileManager.default.fileExists(atPath: output))
  }
}
