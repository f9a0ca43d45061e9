import Foundation
import HipCore
import HipDevice
import HipRecording
import HipTestSupport
import Testing

/// WitMotion baud detection: the decision, fed what a port at each rate
/// would read (a pseudo-terminal ignores the rate, so only a made-up port
/// can answer differently at each), and once end to end over a
/// pseudo-terminal.
struct BaudDetectionTests {
  /// A device heard through a made-up port.
  ///
  /// For each rate, the chunks the reads at that rate return; after the
  /// last one the time for the rate is up. A rate left out hears nothing.
  struct ScriptedPort: BaudRateListener {
    var chunksByBaud: [Int: [[UInt8]]]
    /// The rates listened at, in order.
    private(set) var listenedAt: [Int] = []
    private var pending: [[UInt8]] = []

    init(_ chunksByBaud: [Int: [[UInt8]]]) {
      self.chunksByBaud = chunksByBaud
    }

    mutating func listen(at baud: Int) {
      listenedAt.append(baud)
      pending = chunksByBaud[baud] ?? []
    }

    mutating func nextBytes() -> [UInt8]? {
      pending.isEmpty ? nil : pending.removeFirst()
    }
  }

  /// The frames a WitMotion sends for `count` samples with angular rate:
  /// two 11-byte frames each.
  static func frames(count: Int) -> [UInt8] {
    var bytes: [UInt8] = []
    for i in 0..<count {
      let t = Double(i) / 100
      WitMotionEncoder.append(
        Sample(
          time: t, acceleration: Vector3(0.1 * sin(t), -0.98, 0.2),
          angularRate: Vector3(20 * cos(t), 5, -3)),
        to: &bytes)
    }
    return bytes
  }

  /// What a UART at the wrong rate delivers: seeded noise, with the `0x55`
  /// header byte and whole frames with spoiled checksums sprinkled in.
  static func garbage(count: Int, seed: UInt64) -> [UInt8] {
    var state = seed
    var bytes: [UInt8] = []
    while bytes.count < count {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let byte = UInt8(truncatingIfNeeded: state >> 33)
      switch byte % 64 {
      case 0: bytes.append(WitMotionDecoder.header)
      case 1:
        var frame = frames(count: 1)
        frame[WitMotionDecoder.frameLength - 1] ^= 0x5A
        bytes += frame
      default: bytes.append(byte)
      }
    }
    return bytes
  }

  /// `bytes` cut into reads of odd sizes, as a port returns them.
  static func chunks(_ bytes: [UInt8], sizes: [Int] = [1, 7, 64, 3, 200])
    -> [[UInt8]]
  {
    var result: [[UInt8]] = []
    var start = 0
    var index = 0
    while start < bytes.count {
      let end = min(bytes.count, start + sizes[index % sizes.count])
      result.append(Array(bytes[start..<end]))
      start = end
      index += 1
    }
    return result
  }

  @Test func framesOnlyAt115200ChooseIt() throws {
    let heard = Self.frames(count: 20)
    var port = ScriptedPort([
      9600: [], 115_200: Self.chunks(heard), 230_400: Self.chunks(heard),
    ])
    let found = try #require(try BaudDetection().detect(using: &port))
    #expect(found.baud == 115_200)
    // It stops listening as soon as six frames in a row prove the rate,
    // and keeps every byte read so far for the decoder.
    #expect(port.listenedAt == [9600, 115_200])
    #expect(!found.bytes.isEmpty && heard.starts(with: found.bytes))
    #expect(BaudDetection.longestRun(in: found.bytes) == 6)
  }

  @Test func garbageAt9600AndFramesAt230400Choose230400() throws {
    var port = ScriptedPort([
      9600: Self.chunks(Self.garbage(count: 3000, seed: 9600)),
      230_400: Self.chunks(
        Self.garbage(count: 5, seed: 1) + Self.frames(count: 10)),
    ])
    let found = try #require(try BaudDetection().detect(using: &port))
    #expect(found.baud == 230_400)
    #expect(port.listenedAt == [9600, 115_200, 230_400])
    // The noise read before the frames is handed on too: the decoder
    // skips and counts it.
    #expect(found.bytes.starts(with: Self.garbage(count: 5, seed: 1)))
  }

  @Test func nothingValidAnywhereFindsNoRate() throws {
    // Five good frames in a row are one short of proof.
    let almost = Self.frames(count: 3).dropLast(WitMotionDecoder.frameLength)
    var port = ScriptedPort([
      9600: Self.chunks(Self.garbage(count: 2000, seed: 3) + almost),
      115_200: Self.chunks(Self.garbage(count: 2000, seed: 4)),
      230_400: Self.chunks(Array(almost) + Self.garbage(count: 100, seed: 5)),
    ])
    #expect(try BaudDetection().detect(using: &port) == nil)
    #expect(port.listenedAt == [9600, 115_200, 230_400])
  }

  @Test func recordFindsTheRateOverAPseudoTerminalAndLosesNoSample() throws {
    let directory = try TemporaryDirectory()
    let wire = try #require(
      DeviceCommandTests.wires.first { $0.name == "witmotion" })
    #expect(!wire.recordOptions.contains("--baud"))
    let run = try DeviceCommandTests.session(wire, in: directory)
    #expect(run.reader.termination == .exited(0), "\(run.reader.standardError)")
    // A pseudo-terminal carries bytes at any rate, so the first candidate,
    // the bare modules' factory 9600, already shows frames.
    #expect(run.reader.standardError.contains("witmotion: 9600 baud"))
    let source = try DeviceCommandTests.sourceSamples()
    let recorded = try readSamples(run.output)
    #expect(recorded.count == source.count)
    #expect(DeviceCommandTests.compare(recorded, with: source, wire: wire) == 0)
  }

  @Test func recordSaysWhatToDoWhenNoRateShowsFrames() throws {
    let directory = try TemporaryDirectory()
    // Text lines, never a WitMotion frame, paced in real time so that
    // they are still coming at every rate tried.
    let simulatorError = directory.file("simulate.stderr")
    let simulator = try Simulator.start(
      [
        "simulate", DeviceCommandTests.source, "--protocol", "text",
        "--speed", "1",
      ], standardError: simulatorError)
    defer {
      kill(simulator.pid, SIGTERM)
      _ = try? waitForExit(simulator.pid)
    }
    let run = try Hipform.run(
      [
        "record", "--port", simulator.port, "--protocol", "witmotion",
        directory.file("out.csv"),
      ], in: directory)
    #expect(run.termination == .exited(1))
    #expect(
      run.standardError.contains(
        "no WitMotion frames at 9600, 115200 or 230400 baud"),
      "\(run.standardError)")
    #expect(run.standardError.contains("Give --baud"))
    #expect(!FileManager.default.fileExists(atPath: directory.file("out.csv")))
  }
}
