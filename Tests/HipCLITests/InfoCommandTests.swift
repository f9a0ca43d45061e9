import Foundation
import HipRecording
import HipTestSupport
import Testing

/// `hipform info` on small files, run as the built binary.
struct InfoCommandTests {
  /// Four valid samples, one `nan`, two gaps, an extra column and a last
  /// line cut short (line 14).
  static let recording =
    fileText(
      standardHeader + [
        "# placement: hip-left",
        "# sensor: test rig",
        "t,ax,ay,az,gx,gy,gz,seq",
        "0,0.01,-0.99,0.04,1,2,3,1",
        "0.01,0.02,-0.98,0.05,1,2,3,2",
        "0.02,nan,-0.98,0.05,1,2,3,3",
        "0.03,0.03,-0.97,0.06,1,2,3,4",
        "0.06,0.04,-0.96,0.07,-1,2,3,5",
      ]) + "0.07,0.05,-0.95,0.08,1,2,3"

  @Test func showsCountsAsText() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write("small.csv", Self.recording)
    let run = try Hipform.run(["info", path], in: directory)
    #expect(run.termination == .exited(0), "\(run.standardError)")
    let lines = run.standardOutput.split(separator: "\n").map(String.init)
    #expect(lines.first == path)
    for expected in [
      "  duration    0.06 s (00:00:00)",
      "  samples     4 valid, 1 invalid",
      "              (1 nan or inf; first on line 11)",
      "  gaps        2 (0.030 s lost)",
      "  last line   line 14 was cut short and skipped",
      "  gyroscope   yes (file in dps)",
      "  axes        x=right,y=up,z=back",
      "  placement   hip-left",
      "  other cols  seq",
      "  sensor      test rig",
    ] {
      #expect(lines.contains(expected), "no line '\(expected)' in \(lines)")
    }
  }

  @Test func showsCountsAsJSON() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write("small.csv", Self.recording)
    let run = try Hipform.run(["info", "--json", path], in: directory)
    #expect(run.termination == .exited(0), "\(run.standardError)")
    let object = try JSONSerialization.jsonObject(
      with: Data(run.standardOutput.utf8))
    let json = try #require(object as? [String: Any])
    #expect(json["file"] as? String == path)
    #expect(json["samples"] as? Int == 4)
    #expect(json["invalid_samples"] as? Int == 1)
    #expect(json["gaps"] as? Int == 2)
    #expect(json["has_gyro"] as? Bool == true)
    #expect(json["truncated_last_line"] as? Int == 14)
    #expect(json["rate_hz"] as? Double == 100)
    #expect(json["duration_s"] as? Double == 0.06)
    #expect(json["axes"] as? String == "x=right,y=up,z=back")
    #expect(json["placement"] as? String == "hip-left")
    #expect(json["extra_columns"] as? [String] == ["seq"])
    #expect(json["metadata"] as? [String: String] == ["sensor": "test rig"])
    let gyro = try #require(json["gyro_range_dps"] as? [String: [Double]])
    #expect(gyro["min"] == [-1, 2, 3])
    #expect(gyro["max"] == [1, 2, 3])
  }

  /// A broken file, and the line the error must name.
  static let broken: [(String, [String], Int, String)] = [
    (
      "backwards.csv",
      standardHeader + [
        "t,ax,ay,az", "0,0,1,0", "0.01,0,1,0", "0.005,0,1,0",
      ], 9, "time goes backwards"
    ),
    (
      "mirrored.csv",
      [
        "# hipform-recording: 1", "# rate_hz: 100", "# accel_unit: g",
        "# axes: x=right,y=up,z=forward", "t,ax,ay,az", "0,0,1,0",
      ], 4, "not a right-handed frame"
    ),
    (
      "partial-gyro.csv", standardHeader + ["t,ax,ay,az,gx,gy", "0,0,1,0,0,0"],
      6, "gx, gy, gz"
    ),
  ]

  @Test(arguments: broken)
  func aBadFileFailsNamingTheFileAndLine(
    name: String, lines: [String], line: Int, words: String
  ) throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write(name, fileText(lines))
    for arguments in [["info", path], ["info", "--json", path]] {
      let run = try Hipform.run(arguments, in: directory)
      #expect(run.termination == .exited(1))
      #expect(run.standardOutput.isEmpty)
      #expect(
        run.standardError.hasPrefix("error: \(path):\(line): "),
        "\(run.standardError)")
      #expect(run.standardError.contains(words))
    }
  }

  @Test func aMissingFileFailsNamingIt() throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("nowhere.csv")
    let run = try Hipform.run(["info", path], in: directory)
    #expect(run.termination == .exited(1))
    #expect(run.standardError.contains("\(path): open failed"))
  }
}
