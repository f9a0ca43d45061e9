import Foundation
import HipCore
import HipRecording
import HipTestSupport
import Testing

/// Seeded mutations of every kind of input hipform reads, run in this
/// process through the reader, the importers, the labels reader, the wire
/// decoders and the analysis.
///
/// CI runs a short budget. A long run (the issue's million inputs):
///
/// ```
/// HIPFORM_FUZZ_INPUTS=1000000 HIPFORM_FUZZ_SEED=7 swift test -c release \
///   -Xswiftc -enable-testing --filter FuzzTests.mutatedInputs
/// ```
///
/// An input that breaks a target is written to `$HIPFORM_FUZZ_FAILURES`
/// (default: the system's temporary folder) as `TARGET-SEED-INDEX.input`;
/// keep it in `Tests/HipFuzzTests/Regressions/`, named `TARGET-*.input`,
/// and `regressions` runs it on every test. A crash ends the process: the
/// last progress line gives the seed and the index to make it again.
struct FuzzTests {
  static let recordings = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Recordings")
  static let regressions = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().appendingPathComponent("Regressions")

  static var environment: [String: String] {
    ProcessInfo.processInfo.environment
  }

  /// Inputs each run gives every target, and the seed.
  static var budget: Int {
    environment["HIPFORM_FUZZ_INPUTS"].flatMap(Int.init) ?? 2_000
  }
  static var seed: UInt64 {
    environment["HIPFORM_FUZZ_SEED"].flatMap { UInt64($0) } ?? 1
  }

  @Test func mutatedInputs() throws {
    let corpus = try FuzzCorpus.make(recordings: Self.recordings.path)
    // The writer syncs every file it closes: in memory that costs nothing.
    let memory = "/dev/shm"
    let scratch = try TemporaryDirectory(
      in: FileManager.default.isWritableFile(atPath: memory) ? memory : nil)
    let failures =
      Self.environment["HIPFORM_FUZZ_FAILURES"]
      ?? FileManager.default.temporaryDirectory.path
    var mutator = Mutator(seed: Self.seed)
    var found: [String] = []
    var counts: [FuzzTarget: Int] = [:]
    let start = ContinuousClock.now
    for index in 0..<Self.budget {
      let target = FuzzTarget.allCases[index % FuzzTarget.allCases.count]
      let seeds = corpus[target] ?? []
      guard !seeds.isEmpty else { continue }
      let input = mutator.mutate(seeds[mutator.below(seeds.count)])
      if index % 100_000 == 0, index > 0 {
        print(
          "fuzz: seed \(Self.seed), input \(index), \(start.duration(to: .now))"
        )
      }
      counts[target, default: 0] += 1
      if let problem = target.run(input, in: scratch.path) {
        let name = "\(target.rawValue)-\(Self.seed)-\(index).input"
        _ = FileManager.default.createFile(
          atPath: failures + "/" + name, contents: Data(input))
        found.append("\(name): \(problem)")
      }
    }
    print(
      "fuzz: \(Self.budget) inputs (seed \(Self.seed)) in "
        + "\(start.duration(to: .now)); \(found.count) broke an invariant; "
        + counts.sorted { $0.key.rawValue < $1.key.rawValue }.map {
          "\($0.key.rawValue) \($0.value)"
        }.joined(separator: ", "))
    #expect(found.isEmpty, "\(found.prefix(10).joined(separator: "\n"))")
  }

  /// Inputs that once crashed hipform or broke an invariant.
  @Test func regressions() throws {
    let scratch = try TemporaryDirectory()
    let names = try FileManager.default.contentsOfDirectory(
      atPath: Self.regressions.path
    ).filter { $0.hasSuffix(".input") }.sorted()
    #expect(!names.isEmpty)
    for name in names {
      let target = try #require(
        FuzzTarget.allCases.sorted { $0.rawValue.count > $1.rawValue.count }
          .first { name.hasPrefix($0.rawValue + "-") },
        "\(name) names no target")
      let input = [UInt8](
        try Data(contentsOf: Self.regressions.appendingPathComponent(name)))
      let problem = target.run(input, in: scratch.path)
      #expect(problem == nil, "\(name): \(problem ?? "")")
    }
  }
}

/// The inputs mutations start from: the start of every bundled recording,
/// each importer's format and each wire protocol made from them, and the
/// labels.
enum FuzzCorpus {
  static func make(recordings: String) throws -> [FuzzTarget: [[UInt8]]] {
    var corpus: [FuzzTarget: [[UInt8]]] = [:]
    let names = try FileManager.default.contentsOfDirectory(atPath: recordings)
      .sorted()
    var sampleSets: [[Sample]] = []
    for name in names where name.hasSuffix(".csv") {
      let path = recordings + "/" + name
      let text = try String(contentsOfFile: path, encoding: .utf8)
      // The header and a few seconds: enough for the analysis to run,
      // short enough for a million inputs.
      let head =
        text.split(separator: "\n", omittingEmptySubsequences: false)
        .prefix(400).joined(separator: "\n") + "\n"
      corpus[.recording, default: []].append(Array(head.utf8))
      let reader = try RecordingReader(path: path)
      var samples: [Sample] = []
      while samples.count < 300, let sample = try reader.next() {
        samples.append(sample)
      }
      sampleSets.append(samples)
    }
    for name in names where name.hasSuffix(".labels.json") {
      corpus[.labels, default: []].append(
        [UInt8](
          try Data(contentsOf: URL(fileURLWithPath: recordings + "/" + name))))
    }
    for samples in sampleSets.prefix(6) {
      corpus[.phyphox, default: []].append(phyphox(samples))
      corpus[.xIMU3, default: []].append(xIMU3(samples))
      corpus[.csv, default: []].append(plainCSV(samples))
      for target in FuzzTarget.allCases where target.rawValue.hasPrefix("wire-")
      {
        corpus[target, default: []].append(wire(samples, target))
      }
    }
    return corpus
  }

  static func phyphox(_ samples: [Sample]) -> [UInt8] {
    var text =
      "\"Time (s)\",\"Acceleration x (m/s^2)\",\"Acceleration y (m/s^2)\","
      + "\"Acceleration z (m/s^2)\",\"Gyroscope x (rad/s)\","
      + "\"Gyroscope y (rad/s)\",\"Gyroscope z (rad/s)\"\n"
    for s in samples {
      let a = s.acceleration * Units.standardGravity
      let w = (s.angularRate ?? .zero) * (1 / Units.degreesPerRadian)
      text += "\(s.time),\(a.x),\(a.y),\(a.z),\(w.x),\(w.y),\(w.z)\n"
    }
    return Array(text.utf8)
  }

  static func xIMU3(_ samples: [Sample]) -> [UInt8] {
    var text =
      "Timestamp (us),Gyroscope X (deg/s),Gyroscope Y (deg/s),"
      + "Gyroscope Z (deg/s),Accelerometer X (g),Accelerometer Y (g),"
      + "Accelerometer Z (g)\n"
    for s in samples {
      let a = s.acceleration
      let w = s.angularRate ?? .zero
      text +=
        "\(Int((s.time * 1e6).rounded())),\(w.x),\(w.y),\(w.z),\(a.x),\(a.y),\(a.z)\n"
    }
    return Array(text.utf8)
  }

  static func plainCSV(_ samples: [Sample]) -> [UInt8] {
    var text = "t;ax;ay;az\n"
    for s in samples {
      let a = s.acceleration * 1000
      text += "\(Int((s.time * 1000).rounded()));\(a.x);\(a.y);\(a.z)\n"
    }
    return Array(text.utf8.map { $0 == 0x2E ? 0x2C : $0 })  // decimal commas
  }

  static func wire(_ samples: [Sample], _ target: FuzzTarget) -> [UInt8] {
    var out: [UInt8] = []
    let start = samples.first?.time ?? 0
    if target == .wireText {
      out += TextLineEncoder.csvPreamble(
        rate: 100, sensor: "fuzz", hasGyro: samples.first?.angularRate != nil)
    }
    var encoder =
      target == .wireHipform
      ? try? HipFrameEncoder(
        info: HipDeviceInfo(
          accelerationFullScale: 16, angularRateFullScale: 2000,
          nominalRate: 100))
      : nil
    for (i, source) in samples.enumerated() {
      var s = source
      s.time -= start
      let micros = UInt64((s.time * 1e6).rounded()) + 1_000_000
      switch target {
      case .wireHipform: encoder?.append(s, to: &out)
      case .wireWitMotion: WitMotionEncoder.append(s, to: &out)
      case .wireXIMU3: XIMU3Encoder.appendBinary(s, timestamp: micros, to: &out)
      case .wireXIMU3ASCII:
        XIMU3Encoder.appendASCII(s, timestamp: micros, to: &out)
      case .wireAdafruit: TextLineEncoder.appendAdafruit(s, to: &out)
      case .wireSparkFun:
        TextLineEncoder.appendSparkFun(s, temperature: 25, to: &out)
      default:
        TextLineEncoder.appendCSV(
          s, sequence: UInt32(i),
          microseconds: UInt32(truncatingIfNeeded: micros),
          to: &out)
      }
    }
    return out
  }
}
