import Foundation
import HipCore
import HipRecording
import HipTestSupport
import Testing

/// Ctrl-C during `hipform record`: the recording is closed intact and
/// holds the source's samples from the first on, none missing.
struct RecordInterruptTests {
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
    let recorder = try RunningHipform(
      ["record", "--port", simulator.port, "--protocol", "text", output])
    // Said when the first sample is written: the session is under way.
    try recorder.waitForLine(containing: "recording to \(output)")

    kill(recorder.pid, SIGINT)
    let (termination, errors) = try recorder.finish()
    #expect(termination == .exited(0), "\(errors)")
    #expect(
      errors.contains(
        "stopped: Ctrl-C; the recording is complete and closed."),
      "\(errors)")

    let reader = try RecordingReader(path: output)
    var recorded: [Sample] = []
    while let sample = try reader.next() { recorded.append(sample) }
    #expect(reader.statistics.invalidSamples == 0)
    #expect(!recorded.isEmpty)
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
