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
  typealias Variant = SimulatedDevice.Variant

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
    var device: SimulatedDevice
    do {
      device = try SimulatedDevice(
        wireProtocol: wireProtocol, variant: variant, rateHz: header.rateHz,
        hasGyro: hasGyro)
    } catch {
      throw ValidationError("cannot simulate \(header.rateHz) Hz: \(error)")
    }
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

extension SimulatedDevice.Variant: ExpressibleByArgument {}

extension SimulatedDevice {
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
}
