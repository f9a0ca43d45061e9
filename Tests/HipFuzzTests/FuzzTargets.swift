import Foundation
import HipCore
import HipRecording

/// What a fuzzed input goes through, and what must hold whatever it is.
///
/// Every target must end without a crash or a hang, and then:
/// - every sample that comes out is one a sensor can report, with a time
///   later than the one before;
/// - a file the writer writes from them reads back as the same samples
///   (`record` and `convert` never write what `info` refuses);
/// - an error names its file and quotes it short and visibly.
enum FuzzTarget: String, CaseIterable, Sendable {
  case recording, phyphox
  case xIMU3 = "x-imu3"
  case csv, labels
  case wireHipform = "wire-hipform"
  case wireWitMotion = "wire-witmotion"
  case wireXIMU3 = "wire-x-imu3"
  case wireXIMU3ASCII = "wire-x-imu3-ascii"
  case wireText = "wire-text"
  case wireAdafruit = "wire-adafruit"
  case wireSparkFun = "wire-sparkfun"

  /// Runs one input; returns what broke, or `nil`.
  func run(_ input: [UInt8], in scratch: String) -> String? {
    switch self {
    case .recording: return FuzzChecks.recording(input, in: scratch)
    case .phyphox, .xIMU3:
      return FuzzChecks.importing(input, layout: nil, in: scratch)
    case .csv:
      return FuzzChecks.importing(
        input,
        layout: CSVImport.Layout(
          timeColumn: "t", timeUnit: .milliseconds,
          accelerationColumns: ["ax", "ay", "az"], accelerationUnit: .milliG),
        in: scratch)
    case .labels: return FuzzChecks.labels(input, in: scratch)
    case .wireHipform: return FuzzChecks.wire(input, .hipform, in: scratch)
    case .wireWitMotion: return FuzzChecks.wire(input, .witmotion, in: scratch)
    case .wireXIMU3, .wireXIMU3ASCII:
      return FuzzChecks.wire(input, .ximu3, in: scratch)
    case .wireText, .wireAdafruit, .wireSparkFun:
      return FuzzChecks.wire(input, .text, in: scratch)
    }
  }
}

enum FuzzChecks {
  static var axes: AxesMapping {
    get throws { try AxesMapping(x: .right, y: .up, z: .back) }
  }

  /// Samples come out possible and in time order.
  static func samplesProblem(_ samples: [Sample]) -> String? {
    var previous = -Double.infinity
    for (i, sample) in samples.enumerated() {
      guard PhysicalLimits.isPossible(sample) else {
        return "sample \(i) is impossible: \(sample)"
      }
      guard sample.time > previous else {
        return "sample \(i) at t=\(sample.time) after t=\(previous)"
      }
      previous = sample.time
    }
    return nil
  }

  /// An error a person reads: short, and nothing in it reaches the
  /// terminal as a control character.
  static func errorProblem(_ error: RecordingError) -> String? {
    let text = error.description
    if text.utf8.count > 2_000 { return "error of \(text.utf8.count) bytes" }
    if case .system = error.kind { return nil }
    if text.unicodeScalars.contains(where: {
      $0.value < 0x20 || (0x7F...0x9F).contains($0.value)
    }) {
      return "control character in the error: \(VisibleText.quoted(text))"
    }
    return nil
  }

  /// Writes `samples` as a recording and reads them back.
  static func roundTripProblem(
    _ samples: [Sample], header: RecordingHeader, hasGyro: Bool,
    in scratch: String
  ) -> String? {
    let path = scratch + "/written.csv"
    do {
      let writer = try RecordingWriter(
        path: path, header: header, hasGyro: hasGyro, overwrite: true)
      for sample in samples { try writer.append(sample) }
      try writer.close()
      let reader = try RecordingReader(path: path)
      var read: [Sample] = []
      while let sample = try reader.next() { read.append(sample) }
      if read != samples {
        return "wrote \(samples.count) samples, read \(read.count) back"
      }
      return nil
    } catch {
      return "a written file is refused: \(error)"
    }
  }

  static func recording(_ input: [UInt8], in scratch: String) -> String? {
    let path = scratch + "/input.csv"
    _ = FileManager.default.createFile(atPath: path, contents: Data(input))
    do {
      let reader = try RecordingReader(path: path)
      let header = reader.header
      // Every header the reader takes, the analysis takes too.
      guard
        var analyzer = try? SessionAnalyzer(
          configuration: .init(header: header, hasGyroscope: reader.hasGyro))
      else {
        return "the analysis refuses a header the reader accepted "
          + "(rate \(header.rateHz) Hz)"
      }
      var samples: [Sample] = []
      while let sample = try reader.next() {
        samples.append(sample)
        _ = analyzer.add(sample)
      }
      _ = analyzer.finish()
      _ = analyzer.summary
      if let problem = samplesProblem(samples) { return problem }
      return roundTripProblem(
        samples, header: header, hasGyro: reader.hasGyro, in: scratch)
    } catch {
      return errorProblem(error)
    }
  }

  static func importing(
    _ input: [UInt8], layout: CSVImport.Layout?, in scratch: String
  ) -> String? {
    let path = scratch + "/import.csv"
    let output = scratch + "/imported.csv"
    _ = FileManager.default.createFile(atPath: path, contents: Data(input))
    guard var options = try? CSVImport.Options(axes: axes) else {
      return "no axes"
    }
    options.overwrite = true
    do {
      let summary = try CSVImport.importFile(
        path, to: output, layout: layout, options: options)
      let reader = try RecordingReader(path: output)
      var samples: [Sample] = []
      while let sample = try reader.next() { samples.append(sample) }
      if samples.count != summary.samples {
        return "imported \(summary.samples) samples, read \(samples.count)"
      }
      return samplesProblem(samples)
    } catch {
      if error.path == output, error.kind != .layout {
        return "an imported file is refused: \(error)"
      }
      return errorProblem(error)
    }
  }

  static func labels(_ input: [UInt8], in scratch: String) -> String? {
    let path = scratch + "/input.labels.json"
    _ = FileManager.default.createFile(atPath: path, contents: Data(input))
    do {
      _ = try LabelsFile.read(path)
      return nil
    } catch {
      return error.description.utf8.count > 4_000
        ? "labels error of \(error.description.utf8.count) bytes" : nil
    }
  }

  /// Decodes `input` in chunks of varying size, as a port delivers it,
  /// then writes what came out as `record` does.
  static func wire(
    _ input: [UInt8], _ wireProtocol: WireProtocol, in scratch: String
  ) -> String? {
    var chunking = Mutator(seed: UInt64(input.count))
    for timeBase in DeviceClock.TimeBase.allCases {
      guard
        let clock = try? DeviceClock(
          settings: .init(nominalRate: 100, timeBase: timeBase))
      else { return "no clock" }
      var reader = WireReader(decoder: wireProtocol.makeDecoder(), clock: clock)
      var samples: [Sample] = []
      var offset = 0
      var host = 0.0
      while offset < input.count {
        let end = min(input.count, offset + 1 + chunking.below(700))
        reader.read(input[offset..<end], hostTime: host, into: &samples)
        host += Double(chunking.below(50)) / 1000
        offset = end
      }
      reader.finish(hostTime: host, into: &samples)
      if let problem = samplesProblem(samples) {
        return "\(timeBase): \(problem)"
      }
      let hasGyro = samples.first?.angularRate != nil
      if samples.contains(where: { ($0.angularRate != nil) != hasGyro }) {
        // The recorder writes gyro columns by the first sample; a later
        // one without is written as nan and skipped by the reader.
        continue
      }
      guard let axes = try? axes else { return "no axes" }
      if let problem = roundTripProblem(
        samples, header: RecordingHeader(rateHz: 100, axes: axes),
        hasGyro: hasGyro, in: scratch)
      {
        return "\(timeBase): \(problem)"
      }
    }
    return nil
  }
}
