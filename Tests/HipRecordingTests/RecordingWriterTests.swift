import Foundation
import HipCore
import HipRecording
import HipTestSupport
import Testing

/// Writing recordings: exact round trips, rewriting, crash safety.
struct RecordingWriterTests {
  /// Values whose shortest decimal is easy to get wrong.
  static let awkward: [Double] = [
    0.1 + 0.2, 1e-7, -0.0, 0, .leastNonzeroMagnitude,
    -.leastNormalMagnitude / 3, .greatestFiniteMagnitude,
    .pi, 1.0 / 3, -9.80665, 123_456_789_012_345_680, 1e15, -1e15 + 0.5,
    0.1, 100, -1, 2.220446049250313e-16, 1e22, 1e23,
  ]

  static var awkwardSamples: [Sample] {
    let times = [0, 1e-7, 0.1, 0.1 + 0.2, 1, 12_345.678_901_234_567, 1e6 + 0.1]
    return times.indices.map { i in
      let v = { (k: Int) in awkward[(3 * i + k) % awkward.count] }
      return Sample(
        time: times[i], acceleration: Vector3(v(0), v(1), v(2)),
        angularRate: Vector3(v(3), v(4), v(5)))
    }
  }

  @Test func samplesReadBackBitForBit() throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("roundtrip.csv")
    var header = RecordingHeader(
      rateHz: 104.5, axes: try exampleAxes(), placement: .thighRight,
      metadata: [
        .init(key: "exercise", value: "bridge"),
        .init(key: "lab_id", value: "A-7"),
      ])
    header["note"] = "two\nlines"
    let writer = try RecordingWriter(
      path: path, header: header, hasGyro: true,
      extraColumnNames: ["seq", "label"])
    let samples = Self.awkwardSamples
    for (i, sample) in samples.enumerated() {
      try writer.append(sample, extraFields: ["\(i)", i == 2 ? "" : "x y"])
    }
    try writer.close()
    #expect(writer.samplesWritten == samples.count)

    // Every number is written as the shortest decimal that reads back as
    // the same double, even those no sensor reports...
    let rows = try String(contentsOfFile: path, encoding: .utf8)
      .split(separator: "\n").filter { !$0.hasPrefix("#") }.dropFirst()
    #expect(
      rows.map {
        $0.split(separator: ",").prefix(7).map { Double($0)?.bitPattern }
      }
        == samples.map { bits($0).map(Optional.some) })
    // ...which the reader then skips as garbled.
    let kept = samples.indices.filter { PhysicalLimits.isPossible(samples[$0]) }
    #expect(!kept.isEmpty && kept.count < samples.count)
    let read = try readRecording(path)
    #expect(read.samples.map(bits) == kept.map { bits(samples[$0]) })
    #expect(
      read.statistics.invalidByReason
        == [.impossible: samples.count - kept.count])
    #expect(read.reader.extraColumnNames == ["seq", "label"])
    #expect(read.extraFields == kept.map { ["\($0)", $0 == 2 ? "" : "x y"] })
    let readHeader = read.reader.header
    #expect(readHeader.rateHz == 104.5)
    #expect(readHeader.placement == .thighRight)
    #expect(readHeader.axes == (try exampleAxes()))
    #expect(readHeader.angularRateUnit == .degreesPerSecond)
    #expect(
      readHeader.metadata == [
        .init(key: "exercise", value: "bridge"),
        .init(key: "lab_id", value: "A-7"),
        .init(key: "note", value: "two lines"),
      ])
  }

  @Test func withoutGyroNoGyroColumnsAreWritten() throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("nogyro.csv")
    let writer = try RecordingWriter(
      path: path, header: RecordingHeader(rateHz: 50, axes: try exampleAxes()),
      hasGyro: false)
    let samples = [
      Sample(time: 0, acceleration: Vector3(0.1 + 0.2, 1, 1e-7)),
      Sample(time: 0.02, acceleration: Vector3(-0.0, 0.99, 0)),
    ]
    for sample in samples { try writer.append(sample) }
    try writer.close()
    let read = try readRecording(path)
    #expect(read.reader.columns == ["t", "ax", "ay", "az"])
    #expect(read.reader.hasGyro == false)
    #expect(read.reader.header.angularRateUnit == nil)
    #expect(read.samples.map(bits) == samples.map(bits))
    let text = try String(contentsOfFile: path, encoding: .utf8)
    #expect(!text.contains("gyro_unit"))
  }

  @Test func rewritingAV1FileKeepsSamplesExtrasAndMetadata() throws {
    let directory = try TemporaryDirectory()
    let input = try directory.write(
      "input.csv",
      [
        "# hipform-recording: 1",
        "# rate_hz: 200",
        "# accel_unit: m/s2",
        "# gyro_unit: rad/s",
        "# axes: x=down,y=left,z=forward",
        "# placement: hip-right",
        "# started: 2026-11-21T15:00:00Z",
        "# vendor_thing: kept as is",
        "seq,gz,t,ax,ay,az,gx,gy,temp_c",
        "1,0.1,0,9.80665,0.5,-0.25,0.01,-0.02,31",
        "2,0.2,0.005,9.7,0.6,-0.2,0.011,-0.021,",
        "3,nan,0.01,9.6,0.7,-0.1,0.012,-0.022,31.1",
        "4,0.3,0.015,1e-3,0.1,0.2,1.5e-7,-0.023,31.2",
        "",
      ].joined(separator: "\r\n"))
    let output = directory.file("output.csv")
    let statistics = try RecordingRewrite.rewrite(input, to: output)
    #expect(statistics.samples == 3)
    #expect(statistics.invalidSamples == 1)

    let original = try readRecording(input)
    let rewritten = try readRecording(output)
    #expect(rewritten.samples.map(bits) == original.samples.map(bits))
    #expect(rewritten.extraFields == original.extraFields)
    #expect(
      rewritten.extraFields == [["1", "31"], ["2", ""], ["4", "31.2"]])
    #expect(rewritten.reader.extraColumnNames == ["seq", "temp_c"])
    let before = original.reader.header
    let after = rewritten.reader.header
    #expect(after.metadata == before.metadata)
    #expect(after.axes == before.axes)
    #expect(after.placement == .hipRight)
    #expect(after.rateHz == 200)
    #expect(after.accelerationUnit == .g)
    #expect(after.angularRateUnit == .degreesPerSecond)

    // Rewriting the package's own output changes nothing, byte for byte.
    let again = directory.file("again.csv")
    _ = try RecordingRewrite.rewrite(output, to: again)
    #expect(
      try Data(contentsOf: URL(fileURLWithPath: again))
        == Data(contentsOf: URL(fileURLWithPath: output)))
  }

  /// A writer left open after `count` samples at `rate` Hz, `step` seconds
  /// apart.
  struct OpenWriterCase: Sendable, CustomTestStringConvertible {
    var count: Int
    var rate: Double
    var step: Double

    var testDescription: String {
      "\(count) samples at \(rate) Hz, step \(step) s"
    }
  }

  @Test(
    arguments: [
      OpenWriterCase(count: 250, rate: 100, step: 0.01),
      OpenWriterCase(count: 99, rate: 100, step: 0.01),
      OpenWriterCase(count: 100, rate: 100, step: 0.01),
      OpenWriterCase(count: 1_234, rate: 50, step: 0.02),
      OpenWriterCase(count: 7, rate: 1, step: 1),
      OpenWriterCase(count: 10, rate: 1, step: 2),
      // The clock says one second passes before the count does.
      OpenWriterCase(count: 300, rate: 100, step: 0.3),
      OpenWriterCase(count: 300, rate: 1_000, step: 0.01),
    ])
  func anOpenWriterHasAllButTheLastSecondOnDisk(_ test: OpenWriterCase) throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("open.csv")
    let writer = try RecordingWriter(
      path: path,
      header: RecordingHeader(rateHz: test.rate, axes: try exampleAxes()),
      hasGyro: true, extraColumnNames: ["seq"])
    var samples: [Sample] = []
    for i in 0..<test.count {
      let sample = Sample(
        time: Double(i) * test.step,
        acceleration: Vector3(0.001 * Double(i), -1, 0.5),
        angularRate: Vector3(1, 2, Double(i)))
      samples.append(sample)
      try writer.append(sample, extraFields: ["\(i)"])
    }

    // Read the file as a crash would leave it: the writer is still open.
    let read = try readRecording(path)
    let onDisk = read.samples.count
    #expect(read.samples == Array(samples.prefix(onDisk)))
    #expect(read.statistics.truncatedLastLine == nil)
    #expect(onDisk >= test.count - Int(test.rate.rounded(.up)))
    if onDisk < samples.count, let last = samples.last {
      // What is still in memory spans less than one second.
      #expect(last.time - samples[onDisk].time < 1)
    }
    try writer.close()
    #expect(try readRecording(path).samples == samples)
  }

  @Test func flushWritesEverythingAppendedSoFar() throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("flush.csv")
    let writer = try RecordingWriter(
      path: path, header: RecordingHeader(rateHz: 100, axes: try exampleAxes()),
      hasGyro: false)
    for i in 0..<42 {
      try writer.append(
        Sample(time: Double(i) / 100, acceleration: Vector3(0, 1, 0)))
    }
    #expect(try readRecording(path).samples.count < 42)
    try writer.flush()
    #expect(try readRecording(path).samples.count == 42)
    try writer.close()
  }

  @Test func refusesToReplaceAnExistingFileUnlessAsked() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write("existing.csv", "precious data\n")
    let header = RecordingHeader(rateHz: 100, axes: try exampleAxes())
    let error = try #require(throws: RecordingError.self) {
      _ = try RecordingWriter(path: path, header: header, hasGyro: false)
    }
    guard case .system(let system) = error.kind else {
      Issue.record("expected a system error, got \(error.kind)")
      return
    }
    #expect(system.errno == EEXIST)
    #expect(error.description.hasPrefix(path))
    #expect(
      try String(contentsOfFile: path, encoding: .utf8) == "precious data\n")

    let writer = try RecordingWriter(
      path: path, header: header, hasGyro: false, overwrite: true)
    try writer.append(Sample(time: 0, acceleration: Vector3(0, 1, 0)))
    try writer.close()
    #expect(try readRecording(path).samples.count == 1)
  }
}
