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
