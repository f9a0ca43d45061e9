import Foundation
import HipCore
import HipRecording
import HipTestSupport
import Testing

/// Ctrl-C during `hipform record`: the recording is closed intact and
/// holds the source's samples from the first on, none missing.
struct RecordInterruptTests {
  /// How many times the test looks at the file before giving up on
  /// samples ever reaching it (a limit on looks, not a time the recorder
  /// must meet: at one look per 50 ms it is half a minute).
  static let looksAtTheFile = 600

  @Test func ctrlCStopsCleanlyAndKeepsAnExactPrefixOfTheSource() throws {
    let directory = try TemporaryDirectory()
    // HipForm CSV lines: decimals that the file keeps exactly, and the
    // sketch's microsecond stamps for t. Played in real time, so that the
    // session is still going when Ctrl-C comes.
    let simulator = try Simulator.start(
      [
        "simulate", DeviceCommandTests.source, "--protocol", "text", "--speed",
        "1",
      ], standardError: directory.file("simulate.stderr"))
    defer {
      // It plays on after the recorder has gone; it was only ever a
      // device, so it is simply stopped.
      kill(simulator.pid, SIGTERM)
      _ = try? waitForExit(simulator.pid)
    }
    let output = directory.file("out.csv")
    let errorPath = directory.file("record.stderr")
    let pid = try Hipform.start(
      ["record", "--port", simulator.port, "--protocol", "text", output],
      log: errorPath)

    // The writer flushes at least every second of samples; look until
    // some are on disk (a file still being written reads as a valid
    // recording up to its last whole line).
    var onDisk = 0
    for _ in 0..<Self.looksAtTheFile {
      onDisk = (try? readSamples(output).count) ?? 0
      if onDisk > 0 { break }
      usleep(50_000)
    }
    #expect(onDisk > 0, "no samples reached \(output)")

    kill(pid, SIGINT)
    let termination = try waitForExit(pid)
    let errors = try String(contentsOfFile: errorPath, encoding: .utf8)
    #expect(termination == .exited(0), "\(errors)")
    #expect(
      errors.contains(
        "stopped: Ctrl-C; the recording is complete and closed."),
      "\(errors)")

    let reader = try RecordingReader(path: output)
    var recorded: [Sample] = []
    while let sample = try reader.next() { recorded.append(sample) }
    #expect(reader.statistics.invalidSamples == 0)
    #expect(recorded.count >= onDisk)
    #expect(
      DeviceCommandTests.number(after: "recorded ", in: errors)
        == recorded.count)
    #expect(DeviceCommandTests.number(after: "lost samples: ", in: errors) == 0)

    // Sample for sample from the first: values exactly as the source has
    // them, t to the microsecond the sketch's stamps carry.
    let source = try DeviceCommandTests.sourceSamples()
    try #require(recorded.count <= source.count)
    for (index, (sample, original)) in zip(recorded, source).enumerated() {
      #expect(
        sample.acceleration == original.acceleration
          && sample.angularRate == original.angularRate,
        "sample \(index): \(sample) vs \(original)")
      #expect(
        abs(sample.time - original.time) <= 1.01e-6,
        "sample \(index): t \(sample.time) vs \(original.time)")
    }
  }
}
