import HipCore
import HipRecording
import HipTestSupport
import Testing

/// A header that breaks the format is refused with a message a person can
/// act on, naming the line when the problem is on one.
struct HeaderErrorTests {
  /// One broken header: the file's lines, the line the error must name and
  /// words the message must contain.
  struct Case: Sendable, CustomTestStringConvertible {
    var testDescription: String
    var lines: [String]
    var line: Int?
    var fragment: String
  }

  static let cases: [Case] = [
    Case(
      testDescription: "left-handed axes",
      lines: [
        "# hipform-recording: 1", "# rate_hz: 100", "# accel_unit: g",
        "# gyro_unit: dps", "# axes: x=right,y=up,z=forward",
        "t,ax,ay,az", "0,0,1,0",
      ],
      line: 5, fragment: "not a right-handed frame"),
    Case(
      testDescription: "axes naming two directions on one body axis",
      lines: [
        "# hipform-recording: 1", "# rate_hz: 100", "# accel_unit: g",
        "# axes: x=up,y=down,z=back", "t,ax,ay,az",
      ],
      line: 4, fragment: "same body axis"),
    Case(
      testDescription: "no rate_hz",
      lines: [
        "# hipform-recording: 1", "# accel_unit: g",
        "# axes: x=right,y=up,z=back", "t,ax,ay,az",
      ],
      line: nil, fragment: "no '# rate_hz: ...' line"),
    Case(
      testDescription: "no accel_unit",
      lines: [
        "# hipform-recording: 1", "# rate_hz: 100",
        "# axes: x=right,y=up,z=back", "t,ax,ay,az",
      ],
      line: nil, fragment: "no '# accel_unit: ...' line"),
    Case(
      testDescription: "no axes",
      lines: [
        "# hipform-recording: 1", "# rate_hz: 100", "# accel_unit: g",
        "t,ax,ay,az",
      ],
      line: nil, fragment: "no '# axes: ...' line"),
    Case(
      testDescription: "version 2",
      lines: [
        "# hipform-recording: 2", "# rate_hz: 100", "# accel_unit: g",
        "# axes: x=right,y=up,z=back", "t,ax,ay,az",
      ],
      line: 1, fragment: "version '2' is not supported"),
    Case(
      testDescription: "not a recording at all",
      lines: ["t,ax,ay,az", "0,0,1,0"],
      line: 1, fragment: "first line must be '# hipform-recording: 1'"),
    Case(
      testDescription: "an empty file",
      lines: [], line: 1, fragment: "empty"),
    Case(
      testDescription: "gyro columns without gyro_unit",
      lines: [
        "# hipform-recording: 1", "# rate_hz: 100", "# accel_unit: g",
        "# axes: x=right,y=up,z=back", "t,ax,ay,az,gx,gy,gz",
        "0,0,1,0,0,0,0",
      ],
      line: 5, fragment: "gyro columns but no '# gyro_unit"),
    Case(
      testDescription: "two of the three gyro columns",
      lines: standardHeader + ["t,ax,ay,az,gx,gy", "0,0,1,0,0,0"],
      line: 6, fragment: "all of gx, gy, gz or none"),
    Case(
      testDescription: "a gyro column twice",
      lines: standardHeader + ["t,ax,ay,az,gx,gy,gx"],
      line: 6, fragment: "all of gx, gy, gz or none"),
    Case(
      testDescription: "no az column",
      lines: standardHeader + ["t,ax,ay,temp_c"],
      line: 6, fragment: "must name t, ax, ay and az once each"),
    Case(
      testDescription: "ax twice",
      lines: standardHeader + ["t,ax,ay,az,ax"],
      line: 6, fragment: "must name t, ax, ay and az once each"),
    Case(
      testDescription: "an unknown accel_unit",
      lines: [
        "# hipform-recording: 1", "# rate_hz: 100", "# accel_unit: m/s^2",
        "# axes: x=right,y=up,z=back", "t,ax,ay,az",
      ],
      line: 3, fragment: "accel_unit must be 'g' or 'm/s2'"),
    Case(
      testDescription: "an unknown gyro_unit",
      lines: [
        "# hipform-recording: 1", "# rate_hz: 100", "# accel_unit: g",
        "# gyro_unit: deg/s", "# axes: x=right,y=up,z=back", "t,ax,ay,az",
      ],
      line: 4, fragment: "gyro_unit must be 'dps' or 'rad/s'"),
    Case(
      testDescription: "a rate that is not a number",
      lines: [
        "# hipform-recording: 1", "# rate_hz: fast", "# accel_unit: g",
        "# axes: x=right,y=up,z=back", "t,ax,ay,az",
      ],
      line: 2, fragment: "rate_hz must be a rate from 1 to 10000 Hz"),
    Case(
      testDescription: "an unknown placement",
      lines: standardHeader + ["# placement: ankle", "t,ax,ay,az"],
      line: 6, fragment: "placement must be one of"),
    Case(
      testDescription: "no column header",
      lines: standardHeader + ["# sensor: phone"],
      line: nil, fragment: "ends before its column header"),
  ]

  @Test(arguments: cases)
  func refusesWithAClearMessage(_ broken: Case) throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write("broken.csv", fileText(broken.lines))
    let error = try #require(throws: RecordingError.self) {
      _ = try readRecording(path)
    }
    #expect(error.kind == .header)
    #expect(error.path == path)
    #expect(error.line == broken.line)
    #expect(error.message.contains(broken.fragment), "\(error.message)")
    if let line = broken.line {
      #expect(error.description.hasPrefix("\(path):\(line): "))
    } else {
      #expect(error.description.hasPrefix("\(path): "))
    }
  }

  @Test func aLeftHandedAxesErrorSaysWhatZShouldBe() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write(
      "mirrored.csv",
      fileText([
        "# hipform-recording: 1", "# rate_hz: 100", "# accel_unit: g",
        "# axes: x=forward,y=up,z=left", "t,ax,ay,az",
      ]))
    let error = try #require(throws: RecordingError.self) {
      _ = try RecordingReader(path: path)
    }
    #expect(
      error.description
        == "\(path):4: axes x=forward,y=up,z=left is not a right-handed "
        + "frame: with x=forward and y=up, z must be right")
  }

  @Test func aMissingFileIsASystemErrorNamingIt() throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("missing.csv")
    let error = try #require(throws: RecordingError.self) {
      _ = try RecordingReader(path: path)
    }
    guard case .system(let system) = error.kind else {
      Issue.record("expected a system error, got \(error.kind)")
      return
    }
    #expect(system.operation == "open")
    #expect(error.description.hasPrefix("\(path): open failed"))
  }
}
