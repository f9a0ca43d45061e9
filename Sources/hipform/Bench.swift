import ArgumentParser
import Foundation
import HipCore
import HipDevice
import HipDeviceSession
import HipRecording
import HipSynth

/// `hipform bench`: speed and memory figures for the README.
struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Measure the speed and memory of reading and analysis (build with -c "
      + "release).",
    subcommands: [Read.self, Analyze.self, Walk.self, Live.self],
    defaultSubcommand: Read.self)

  /// Reading recordings: MB/s, samples/s and peak memory.
  struct Read: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Generate a long 6-axis recording and time reading it.")

    @Option(help: "Length of the generated recording, minutes.")
    var minutes = 60.0

    @Option(help: "Sample rate of the generated recording, Hz.")
    var rate = 400.0

    @Option(help: "Timed reads; the best is reported.")
    var repeats = 3

    @Option(help: "Folder for the generated files (deleted afterwards).")
    var directory = NSTemporaryDirectory()

    func validate() throws {
      try validateNumber(
        minutes, flag: "--minutes", in: 0.01...600, unit: "minutes")
      try validateRate(rate)
    }

    func run() throws {
      let long = (directory as NSString).appendingPathComponent(
        "hipform-bench-\(getpid())-long.csv")
      let short = (directory as NSString).appendingPathComponent(
        "hipform-bench-\(getpid())-short.csv")
      defer {
        try? FileManager.default.removeItem(atPath: long)
        try? FileManager.default.removeItem(atPath: short)
      }
      let samples = Int(minutes * 60 * rate)
      let writeStart = ContinuousClock.now
      try failing {
        try BenchmarkRecording.write(to: long, samples: samples, rate: rate)
      }
      let writeSeconds = (ContinuousClock.now - writeStart).seconds
      try failing {
        try BenchmarkRecording.write(
          to: short, samples: samples / 10, rate: rate)
      }
      let bytes = Double(
        (try FileManager.default.attributesOfItem(atPath: long)[.size] as? Int)
          ?? 0)

      PeakMemory.reset()
      let shortPeak = try failing { try timedRead(short) }.peak
      var best = Double.infinity
      var longPeak = 0
      for _ in 0..<max(1, repeats) {
        PeakMemory.reset()
        let (seconds, count, peak) = try failing { try timedRead(long) }
        precondition(count == samples, "read \(count) of \(samples) samples")
        best = min(best, seconds)
        longPeak = max(longPeak, peak)
      }
      let megabytes = bytes / 1e6
      print(
        "read: \(NumberText.fixed(minutes, 0)) min at \(NumberText.fixed(rate, 0)) Hz, 6 axes: "
          + "\(samples) samples, \(NumberText.fixed(megabytes, 1)) MB")
      print("  write        \(NumberText.fixed(writeSeconds, 2)) s")
      print(
        "  read         \(NumberText.fixed(best, 3)) s, \(NumberText.fixed(megabytes / best, 0)) MB/s, "
          + "\(NumberText.fixed(Double(samples) / best / 1e6, 2)) M samples/s (best of \(repeats))"
      )
      print(
        "  peak memory  \(longPeak / 1024) MB reading it, "
          + "\(shortPeak / 1024) MB reading a file a tenth as long")
    }

    private func timedRead(_ path: String) throws -> (
      seconds: Double, samples: Int, peak: Int
    ) {
      let start = ContinuousClock.now
      let reader = try RecordingReader(path: path)
      var count = 0
      var checksum = 0.0
      while let sample = try reader.next() {
        count += 1
        checksum += sample.acceleration.y
      }
      let seconds = (ContinuousClock.now - start).seconds
      precondition(checksum.isFinite)
      return (seconds, count, PeakMemory.kilobytes())
    }
  }
}

/// The sample rate of a timed analysis and how many runs are timed.
struct AnalysisTiming: ParsableArguments {
  @Option(help: "Sample rate, Hz.")
  var rate = 400.0

  @Option(help: "Timed runs; the best is reported.")
  var repeats = 3

  func validate() throws {
    try validateRate(rate)
  }
}

extension Bench {
  /// The analysis core alone: samples per second on one core.
  struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Time the analysis core on a long in-memory session.")

    @Option(help: "Length of the session, minutes.")
    var minutes = 60.0

    @OptionGroup var timing: AnalysisTiming

    func validate() throws {
      try validateNumber(
        minutes, flag: "--minutes", in: 0.01...600, unit: "minutes")
    }

    func run() throws {
      // The one-hour session of Recordings/README.md, made in memory.
      try Bench.reportAnalysis(
        "analyze", timing: timing,
        settings: { hasGyro in
          try SynthSettings(
            exercise: .bridge, placement: .sacrum, rateHz: timing.rate,
            seed: 100,
            hasGyro: hasGyro, gaps: 5, bumps: 10, minutes: minutes)
        },
        found: { summary, truth in
          "\(summary.reps.filter { !$0.partial }.count) full reps found of "
            + "\(truth.reps.filter { !$0.partial }.count)"
        })
    }
  }
}

extension Bench {
  /// Times the analysis of a simulated session made by `settings`, with a
  /// gyroscope and without, and prints a line for each ("`name` (6-axis):
  /// … M samples/s on one core (`found`; best of …)") and the peak memory.
  static func reportAnalysis(
    _ name: String, timing: AnalysisTiming,
    settings: (_ hasGyro: Bool) throws -> SynthSettings,
    found: (SessionAnalysis, GroundTruth) -> String
  ) throws {
    for hasGyro in [true, false] {
      let session = SynthSession(settings: try settings(hasGyro))
      let samples = session.samples()
      let configuration = SessionAnalyzer.Configuration(
        exerciseName: session.settings.exercise.rawValue, side: .both,
        axes: session.settings.axes, placement: .sacrum,
        rateHz: timing.rate, hasGyroscope: hasGyro)
      PeakMemory.reset()
      let (best, summary) = try timeAnalysis(
        samples, configuration: configuration, repeats: timing.repeats)
      print(
        "\(name) (\(hasGyro ? "6-axis" : "accelerometer only")): "
          + "\(samples.count) samples in \(NumberText.fixed(best, 3)) s = "
          + "\(NumberText.fixed(Double(samples.count) / best / 1e6, 1)) M samples/s on "
          + "one core (\(found(summary, session.truth)); best of \(timing.repeats))"
      )
    }
    print(
      "  peak memory  \(PeakMemory.kilobytes() / 1024) MB (samples held in memory included)"
    )
  }

  /// The best of `repeats` runs of the analysis over `samples`, s, and what
  /// it found.
  static func timeAnalysis(
    _ samples: [Sample], configuration: SessionAnalyzer.Configuration,
    repeats: Int
  ) throws -> (seconds: Double, summary: SessionAnalysis) {
    var best = Double.infinity
    var summary = SessionAnalysis(exercise: configuration.exerciseName)
    for _ in 0..<max(1, repeats) {
      let start = ContinuousClock.now
      var analyzer = try SessionAnalyzer(configuration: configuration)
      var events = 0
      for sample in samples { events += analyzer.add(sample).count }
      events += analyzer.finish().count
      best = min(best, (ContinuousClock.now - start).seconds)
      summary = analyzer.summary
      precondition(events > 0)
    }
    return (best, summary)
  }

  /// Walking analysis alone: samples per second on one core, in the same
  /// class as ``Analyze``.
  struct Walk: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Time the walking analysis on a long in-memory walk.")

    @Option(help: "Walking bouts in the session (each about half a minute).")
    var bouts = 60

    @OptionGroup var timing: AnalysisTiming

    func validate() throws {
      try validateNumber(
        Double(bouts), flag: "--bouts", in: 1...1000, unit: "bouts")
    }

    func run() throws {
      try Bench.reportAnalysis(
        "walk", timing: timing,
        settings: { hasGyro in
          try SynthSettings(
            exercise: .walking, placement: .sacrum, rateHz: timing.rate,
            seed: 100,
            hasGyro: hasGyro, walking: WalkingSettings(bouts: bouts))
        },
        found: { summary, truth in
          "\(summary.steps.count) steps found of \(truth.steps?.count ?? 0)"
        })
    }
  }
}

extension Bench {
  /// One simulated device at 1000 Hz through the `live` pipeline: CPU used
  /// and samples lost.
  struct Live: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Run a simulated 1000 Hz device through 'live' in real time.",
      discussion: """
        Generates a recording, plays it with 'hipform simulate' (a child \
        process, on a pseudo-terminal, paced in real time) and reads it \
        here through the same pipeline as 'hipform live': decoding, \
        timing, the crash-safe writer and the analysis. Reports the CPU \
        time this process used (getrusage) as a share of one core, and \
        the samples lost.
        """)

    @Option(help: "How long to run, seconds of the simulated session.")
    var seconds = 600.0

    @Option(help: "Sample rate of the simulated device, Hz.")
    var rate = 1000.0

    @Option(
      name: .customLong("protocol"), help: "The protocol the device speaks.")
    var wireProtocol: WireProtocol = .hipform

    @Option(help: "Folder for the generated files (deleted afterwards).")
    var directory = NSTemporaryDirectory()

    func validate() throws {
      try validateNumber(
        seconds, flag: "--seconds", in: 1...36_000, unit: "seconds")
      try validateRate(rate)
    }

    func run() throws {
      let base = (directory as NSString).appendingPathComponent(
        "hipform-bench-live-\(getpid())")
      let source = base + "-source.csv"
      let output = base + "-recorded.csv"
      defer {
        try? FileManager.default.removeItem(atPath: source)
        try? FileManager.default.removeItem(atPath: output)
      }
      let count = Int(seconds * rate)
      try failing {
        try BenchmarkRecording.write(to: source, samples: count, rate: rate)
      }
      let simulator = Process()
      simulator.executableURL = URL(fileURLWithPath: "/proc/self/exe")
      simulator.arguments = [
        "simulate", source, "--protocol", wireProtocol.rawValue, "--speed",
        "1",
      ]
      let pipe = Pipe()
      simulator.standardOutput = pipe
      try simulator.run()
      var line = Data()
      while let byte = try pipe.fileHandleForReading.read(upToCount: 1),
        let first = byte.first, first != 0x0A
      {
        line.append(first)
      }
      let port = String(decoding: line, as: UTF8.self)
      var arguments = [
        "--port", port, "--protocol", wireProtocol.rawValue, "--overwrite",
        output,
      ]
      if wireProtocol == .witmotion { arguments += ["--rate", "200"] }
      let options = try DeviceOptions.parse(arguments)
      let live = LiveAnalysis(showEvents: false)

      let cpuStart = ProcessCPU.seconds
      let wallStart = ContinuousClock.now
      let (end, summary) = try recordDeviceSession(options: options) {
        live.attach(to: $0, exercise: nil, side: nil)
      }
      live.finish()
      let cpu = ProcessCPU.seconds - cpuStart
      let wall = (ContinuousClock.now - wallStart).seconds
      simulator.waitUntilExit()
      let simulatorCPU = ProcessCPU.childrenSeconds

      let lost = count - summary.samples
      print(
        "live: \(count) samples at \(NumberText.fixed(rate, 0)) Hz "
          + "(\(wireProtocol.rawValue), \(NumberText.fixed(seconds, 0)) s) in "
          + "\(NumberText.fixed(wall, 1)) s")
      print(
        "  cpu          \(NumberText.fixed(cpu, 2)) s = \(NumberText.fixed(cpu / wall * 100, 2)) % "
          + "of one core (this process: port, decoder, clock, writer, "
          + "analysis)")
      print(
        "  simulator    \(NumberText.fixed(simulatorCPU, 2)) s = "
          + "\(NumberText.fixed(simulatorCPU / wall * 100, 2)) % of one core (not counted)"
      )
      print(
        "  lost         \(lost) samples (\(summary.clock?.gaps ?? 0) gaps "
          + "reported); \(live.events) events")
      if case .failed(let reason) = end { printError("error: \(reason)") }
    }
  }
}

/// A long, deterministic recording that looks like a sensor's output:
/// slowly changing posture, small motion and noise, values with the
/// decimals a real device prints (5 for g, 3 for dps).
enum BenchmarkRecording {
  static func write(to path: String, samples: Int, rate: Double) throws {
    var header = RecordingHeader(
      rateHz: rate, axes: try AxesMapping(x: .right, y: .up, z: .back))
    header["sensor"] = "hipform bench generator"
    let writer = try RecordingWriter(
      path: path, header: header, hasGyro: true, overwrite: true)
    var random: UInt64 = 0x9E37_79B9_7F4A_7C15
    func noise() -> Double {
      random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Double(Int64(bitPattern: random >> 11) % 2001 - 1000) / 1000
    }
    func round(_ v: Double, _ decimals: Double) -> Double {
      (v * decimals).rounded() / decimals
    }
    for i in 0..<samples {
      let t = Double(i) / rate
      let angle = 0.3 * sin(t * 0.8) + 0.05 * sin(t * 7)
      let a = Vector3(
        round(0.02 * noise(), 1e5), round(-cos(angle) + 0.01 * noise(), 1e5),
        round(sin(angle) + 0.01 * noise(), 1e5))
      let g = Vector3(
        round(0.3 * 0.8 * cos(t * 0.8) * 57.3 + noise(), 1e3),
        round(0.5 * noise(), 1e3), round(0.5 * noise(), 1e3))
      try writer.append(
        Sample(time: round(t, 1e6), acceleration: a, angularRate: g))
    }
    try writer.close()
  }

}

/// The process's peak resident memory, from Linux's `/proc`.
enum PeakMemory {
  /// `VmHWM` in kB.
  static func kilobytes() -> Int {
    guard
      let status = try? String(
        contentsOfFile: "/proc/self/status", encoding: .utf8)
    else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
      return Int(line.split(separator: " ")[1]) ?? 0
    }
    return 0
  }

  /// Resets the peak to the current size (Linux `clear_refs` value 5).
  static func reset() {
    try? "5".write(
      toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
  }
}
