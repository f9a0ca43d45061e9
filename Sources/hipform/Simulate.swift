import ArgumentParser
import Foundation
import HipCore
import HipDevice
import HipRecording

/// `hipform simulate RECORDING --protocol NAME`: a recording played as a
/// sensor on a pseudo-terminal.
struct Simulate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Play a recording as a serial sensor on a pseudo-terminal.",
    discussion: """
      Prints the port's path as the first line of standard output; give it \
      to 'hipform live --port PATH' or 'hipform record --port PATH'. \
      Sending starts once a reader has opened and configured the port: \
      the simulator watches the pseudo-terminal in packet mode for the \
      input flush that ends a reader's setup, so nothing is lost even at \
      '--speed max'. At the end of the recording, or after \
      --unplug-after seconds of it, the simulator waits until the reader \
      has taken every byte and hangs up, as an unplugged cable would.

      As x-imu3 the simulator answers the host's {"ping":null} with \
      {"ping":{"interface":"USB","name":"x-IMU3","sn":"SIMULATED-0001"}}, \
      between two messages, as the device does.

      Faults are seeded, so a run can be repeated: --garbage puts a burst \
      of random bytes before a frame (ended so that the reader can resync: \
      a 0x00 delimiter for hipform, LF for x-imu3 and text, at most 5 \
      bytes for witmotion), --drop leaves a sample out (its sequence \
      number or timestamp shows the gap; for witmotion, which has neither, \
      the cycle is sent with bad checksums, as a line glitch would). The \
      first 10 samples are sent clean and the last is never dropped.
      """)

  /// Wire variants for the protocols that have several.
  enum Variant: String, ExpressibleByArgument, CaseIterable {
    case binary, ascii, csv, adafruit, sparkfun
  }

  /// Samples sent clean before faults start, so that the reader can learn
  /// the stream's structure (a WitMotion reader learns how many frames
  /// make one output cycle from the first clean cycle).
  static let cleanStart = 10

  @Argument(help: "A format-v1 recording (.csv).")
  var recording: String

  @Option(
    name: .customLong("protocol"),
    help: "What to send: hipform, witmotion, x-imu3 or text.")
  var wireProtocol: WireProtocol

  @Option(help: "Playback speed: 1, 4, ... or 'max' (as fast as read).")
  var speed = "1"

  @Option(help: "Chance per frame of a burst of garbage bytes before it.")
  var garbage = 0.0

  @Option(help: "Chance per sample that it is dropped.")
  var drop = 0.0

  @Option(help: "Hang up after this many seconds of the recording.")
  var unplugAfter: Double?

  @Option(help: "Seed for the injected faults.")
  var seed: UInt64 = 1

  @Option(
    help: """
      x-imu3: binary (default) or ascii; text: csv (default), adafruit or \
      sparkfun.
      """)
  var variant: Variant?

  @Option(help: "Give up waiting for a reader after this many seconds.")
  var readerTimeout: Double?

  func validate() throws {
    try validateSpeed(speed)
    guard (0...1).contains(garbage), (0...1).contains(drop) else {
      throw ValidationError("--garbage and --drop take a chance, 0 to 1.")
    }
    try validateNumber(
      unplugAfter, flag: "--unplug-after", in: 0...1e9, unit: "seconds")
    // A day at most: the wait is handed to poll(2) in milliseconds.
    try validateNumber(
      readerTimeout, flag: "--reader-timeout", in: 0.001...86_400,
      unit: "seconds")
    if let variant {
      let allowed: [Variant] =
        switch wireProtocol {
        case .ximu3: [.binary, .ascii]
        case .text: [.csv, .adafruit, .sparkfun]
        case .hipform, .witmotion: []
        }
      guard allowed.contains(variant) else {
        throw ValidationError(
          "--variant \(variant.rawValue) is not one of \(wireProtocol.rawValue)'s"
        )
      }
    }
  }

  func run() throws {
    let (samples, header, hasGyro) = try failing {
      let reader = try RecordingReader(path: recording)
      var samples: [Sample] = []
      while let sample = try reader.next() { samples.append(sample) }
      return (samples, reader.header, reader.hasGyro)
    }
    guard let first = samples.first else {
      printError("error: \(recording) holds no samples")
      throw ExitCode.failure
    }
    var device = try SimulatedDevice(
      wireProtocol: wireProtocol, variant: variant, rateHz: header.rateHz,
      hasGyro: hasGyro)
    let terminal: PseudoTerminal
    var out: [UInt8] = []
    do {
      terminal = try PseudoTerminal()
      let timeout = readerTimeout.map { Int32(min($0 * 1000, 2e9)) } ?? -1
      let path = terminal.devicePath
      let reader = try terminal.waitForReader(
        timeoutMilliseconds: timeout,
        announce: {
          FileHandle.standardOutput.write(Data((path + "\n").utf8))
        })
      device.answer(reader.received, to: &out)
      guard reader.ready else {
        printError("simulate: no reader opened \(terminal.devicePath)")
        throw ExitCode.failure
      }
    } catch let error as SerialError {
      printError("error: \(error)")
      throw ExitCode.failure
    }

    var random = SplitMix64(seed: seed)
    let pace = Double(speed)
    let clock = ContinuousClock()
    let start = clock.now
    out += device.preamble()
    var sent = 0
    var dropped = 0
    var bursts = 0
    var unplugged = false
    do {
      for (index, source) in samples.enumerated() {
        var sample = source
        sample.time -= first.time
        if let unplugAfter, sample.time >= unplugAfter {
          unplugged = true
          break
        }
        if let pace {
          let due = start + .seconds(sample.time / pace)
          if due > clock.now {
            device.answerCommands(from: terminal, to: &out)
            try terminal.send(out)
            out.removeAll(keepingCapacity: true)
            Thread.sleep(until: due)
          }
        }
        if index >= Self.cleanStart, random.unit() < garbage {
          device.appendGarbage(using: &random, to: &out)
          bursts += 1
        }
        if index >= Self.cleanStart, index < samples.count - 1,
          random.unit() < drop
        {
          dropped += 1
          var frames: [UInt8] = []
          device.append(sample, to: &frames)
          if wireProtocol == .witmotion {
            out += SimulatedDevice.garbled(frames)
          }
        } else {
          device.append(sample, to: &out)
          sent += 1
        }
        if out.count >= 4096 {
          device.answerCommands(from: terminal, to: &out)
          try terminal.send(out)
          out.removeAll(keepingCapacity: true)
        }
      }
      try terminal.send(out)
    } catch {
      printError("simulate: \(error)")
      throw ExitCode.failure
    }
    let drained = terminal.waitUntilDrained()
    terminal.unplug()
    printError(
      "simulate: sent \(sent) samples as \(wireProtocol.rawValue)"
        + " (\(dropped) dropped, \(bursts) garbage bursts); hung up "
        + (unplugged ? "early (--unplug-after)" : "at the end")
        + (drained ? "" : "; the reader had not read everything"))
  }
}

/// The byte stream of one simulated sensor.
struct SimulatedDevice {
  let wireProtocol: WireProtocol
  let variant: Simulate.Variant
  let rateHz: Double
  let hasGyro: Bool
  private var hipEncoder: HipFrameEncoder?
  private var commands = XIMU3CommandReader()

  /// The serial number a simulated x-IMU3 gives in its ping reply.
  static let serialNumber = "SIMULATED-0001"

  /// Sets up the encoder for a protocol.
  ///
  /// - Parameters:
  ///   - wireProtocol: The protocol to speak.
  ///   - variant: The protocol's variant, or `nil` for its default.
  ///   - rateHz: The nominal rate, declared where the protocol can.
  ///   - hasGyro: Whether the samples have angular rate.
  /// - Throws: `ValidationError` when the rate cannot be declared.
  init(
    wireProtocol: WireProtocol, variant: Simulate.Variant?, rateHz: Double,
    hasGyro: Bool
  ) throws {
    self.wireProtocol = wireProtocol
    self.rateHz = rateHz
    self.hasGyro = hasGyro
    switch wireProtocol {
    case .ximu3: self.variant = variant ?? .binary
    case .text: self.variant = variant ?? .csv
    case .hipform, .witmotion: self.variant = .binary
    }
    if wireProtocol == .hipform {
      do {
        hipEncoder = HipFrameEncoder(
          info: try HipDeviceInfo(
            accelerationFullScale: 16,
            angularRateFullScale: hasGyro ? 2000 : 0, nominalRate: rateHz,
            sensor: .icm42688p, deviceID: 0x51_4D))
      } catch {
        throw ValidationError("cannot declare \(rateHz) Hz: \(error)")
      }
    }
  }

  /// What the device prints before its first sample.
  ///
  /// - Returns: The bytes.
  func preamble() -> [UInt8] {
    guard wireProtocol == .text, variant == .csv else { return [] }
    return TextLineEncoder.csvPreamble(
      rate: rateHz, sensor: "hipform simulate", hasGyro: hasGyro)
  }

  /// Appends one sample's frames.
  ///
  /// - Parameters:
  ///   - sample: The sample, time in seconds from the first.
  ///   - out: Receives the bytes.
  mutating func append(_ sample: Sample, to out: inout [UInt8]) {
    let micros = Self.microseconds(sample.time)
    switch wireProtocol {
    case .hipform:
      hipEncoder?.append(sample, to: &out)
    case .witmotion:
      WitMotionEncoder.append(sample, to: &out)
    case .ximu3:
      if variant == .ascii {
        XIMU3Encoder.appendASCII(sample, timestamp: micros, to: &out)
      } else {
        XIMU3Encoder.appendBinary(sample, timestamp: micros, to: &out)
      }
    case .text:
      switch variant {
      case .adafruit: TextLineEncoder.appendAdafruit(sample, to: &out)
      case .sparkfun:
        TextLineEncoder.appendSparkFun(sample, temperature: 25, to: &out)
      default:
        let sequence = (sample.time * rateHz).rounded()
        TextLineEncoder.appendCSV(
          sample,
          sequence: UInt32(truncatingIfNeeded: Int64(sequence)),
          microseconds: UInt32(truncatingIfNeeded: micros), to: &out)
      }
    }
  }

  /// Answers what the host sent, as the device would: an x-IMU3 replies to
  /// each ping; the other protocols' commands need no answer.
  ///
  /// - Parameters:
  ///   - heard: Bytes the host wrote to the device.
  ///   - out: Receives the replies, after the whole messages it holds.
  mutating func answer(_ heard: [UInt8], to out: inout [UInt8]) {
    guard wireProtocol == .ximu3, !heard.isEmpty else { return }
    for keys in commands.commands(in: heard[...]) where keys.contains("ping") {
      out += XIMU3Encoder.pingReply(serialNumber: Self.serialNumber)
    }
  }

  /// Answers what the host has sent since the last call, without waiting.
  ///
  /// Only an x-IMU3 is asked anything that needs an answer, so the other
  /// protocols cost no system call here.
  ///
  /// - Parameters:
  ///   - terminal: The pseudo-terminal the host writes to.
  ///   - out: Receives the replies, after the whole messages it holds.
  mutating func answerCommands(
    from terminal: PseudoTerminal, to out: inout [UInt8]
  ) {
    guard wireProtocol == .ximu3 else { return }
    answer(terminal.receive(timeoutMilliseconds: 0), to: &out)
  }

  /// A device clock that starts at 1 s, so that it never reads negative.
  private static func microseconds(_ seconds: Double) -> UInt64 {
    let micros = (seconds * 1e6).rounded()
    return UInt64(max(0, min(micros + 1e6, 1e18)))
  }

  /// Appends a burst of line noise that the protocol's reader can step
  /// over without losing the next frame.
  ///
  /// - Parameters:
  ///   - random: The seeded generator.
  ///   - out: Receives the bytes.
  func appendGarbage(using random: inout SplitMix64, to out: inout [UInt8]) {
    let maximum = wireProtocol == .witmotion ? 5 : 16
    let count = 1 + Int(random.next() % UInt64(maximum))
    for _ in 0..<count {
      var byte = UInt8(truncatingIfNeeded: random.next())
      switch wireProtocol {
      case .hipform where byte == 0: byte = 0xA5
      case .witmotion where byte == WitMotionDecoder.header: byte = 0xA5
      case .ximu3 where byte == 0x0A, .text where byte == 0x0A: byte = 0xA5
      default: break
      }
      out.append(byte)
    }
    switch wireProtocol {
    case .hipform: out.append(0)
    case .ximu3, .text: out.append(0x0A)
    case .witmotion: break
    }
  }

  /// WitMotion frames with their checksums spoiled: a cycle lost to a line
  /// glitch, which the reader counts as a gap.
  ///
  /// - Parameter frames: Whole 11-byte frames.
  /// - Returns: The same bytes, every checksum wrong.
  static func garbled(_ frames: [UInt8]) -> [UInt8] {
    var bytes = frames
    var index = WitMotionDecoder.frameLength - 1
    while index < bytes.count {
      bytes[index] ^= 0xFF
      index += WitMotionDecoder.frameLength
    }
    return bytes
  }
}

/// A small seeded generator (SplitMix64), the same on every platform.
struct SplitMix64 {
  private var state: UInt64

  /// Creates a generator.
  ///
  /// - Parameter seed: The seed.
  init(seed: UInt64) { state = seed }

  /// The next 64 random bits.
  ///
  /// - Returns: The bits.
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A number in `0..<1`.
  ///
  /// - Returns: The number.
  mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
