import Foundation
import HipCore
import HipRecording
import HipTestSupport
import Testing

/// `hipform convert`, run as the built binary.
struct ConvertCommandTests {
  /// A phyphox 'Acceleration with g' export: 250 rows at 100 Hz.
  static let phyphox = fileText(
    [
      "\"Time (s)\",\"Acceleration x (m/s^2)\",\"Acceleration y (m/s^2)\","
        + "\"Acceleration z (m/s^2)\",\"Absolute acceleration (m/s^2)\""
    ]
      + (0..<250).map { k in
        "\(Double(k) / 100 + 0.0042),1.2E-1,9.79E0,-\(k % 10).5E-1,9.8E0"
      })

  @Test func importsPhyphoxIntoAFileInfoReads() throws {
    let directory = try TemporaryDirectory()
    let input = try directory.write("Accelerometer.csv", Self.phyphox)
    let output = directory.file("bridge.csv")
    let convert = try Hipform.run(
      [
        "convert", input, output, "--axes", "x=right,y=up,z=back",
        "--exercise", "bridge", "--side", "both",
      ], in: directory)
    #expect(convert.termination == .exited(0), "\(convert.standardError)")
    #expect(
      convert.standardError.contains(
        "imported 250 samples (phyphox, 100.0 Hz, gyro: no) to \(output)"))

    let info = try Hipform.run(["info", "--json", output], in: directory)
    #expect(info.termination == .exited(0), "\(info.standardError)")
    let object = try JSONSerialization.jsonObject(
      with: Data(info.standardOutput.utf8))
    let json = try #require(object as? [String: Any])
    #expect(json["samples"] as? Int == 250)
    #expect(json["invalid_samples"] as? Int == 0)
    #expect(json["has_gyro"] as? Bool == false)
    #expect(json["rate_hz"] as? Double == 100)
    let metadata = try #require(json["metadata"] as? [String: String])
    #expect(metadata["exercise"] == "bridge")
    #expect(metadata["side"] == "both")

    let reader = try RecordingReader(path: output)
    let first = try #require(try reader.next())
    #expect(first.time == 0)
    #expect(abs(first.acceleration.y - 9.79 / Units.standardGravity) < 1e-12)
  }

  @Test func importingNeedsAxes() throws {
    let directory = try TemporaryDirectory()
    let input = try directory.write("Accelerometer.csv", Self.phyphox)
    let run = try Hipform.run(
      ["convert", input, directory.file("out.csv")], in: directory)
    #expect(run.termination != .exited(0))
    #expect(run.standardError.contains("Importing needs --axes"))
    #expect(!FileManager.default.fileExists(atPath: directory.file("out.csv")))
  }

  /// A small v1 file in SI units with an extra column.
  static let v1 = fileText(
    [
      "# hipform-recording: 1", "# rate_hz: 100", "# accel_unit: m/s2",
      "# gyro_unit: rad/s", "# axes: x=right,y=up,z=back",
      "# subject: S01", "t,ax,ay,az,gx,gy,gz,temp_c",
    ]
      + (0..<300).map { k in
        "\(Double(k) / 100),0.1,9.8,-0.2,0.01,\(k % 7)e-2,-0.03,30.\(k % 10)"
      })

  @Test func rewritesAV1File() throws {
    let directory = try TemporaryDirectory()
    let input = try directory.write("in.csv", Self.v1)
    let output = directory.file("out.csv")
    let run = try Hipform.run(["convert", input, output], in: directory)
    #expect(run.termination == .exited(0), "\(run.standardError)")
    #expect(run.standardError.contains("rewrote 300 samples"))
    #expect(try readSamples(output) == readSamples(input))
  }

  @Test func rewritesAV1FileFromStandardInput() throws {
    let directory = try TemporaryDirectory()
    let input = try directory.write("in.csv", Self.v1)
    let output = directory.file("out.csv")
    let run = try Hipform.run(
      ["convert", "-", output], standardInput: input, in: directory)
    #expect(run.termination == .exited(0), "\(run.standardError)")
    #expect(try readSamples(output) == readSamples(input))
    #expect(try RecordingReader(path: output).header["subject"] == "S01")
  }

  @Test func refusesToReplaceAnExistingOutputWithoutForce() throws {
    let directory = try TemporaryDirectory()
    let input = try directory.write("in.csv", Self.v1)
    let output = try directory.write("out.csv", "keep me\n")
    let refused = try Hipform.run(["convert", input, output], in: directory)
    // A usage error (64), naming the flag that would replace it.
    #expect(refused.termination == .exited(64))
    #expect(
      refused.standardError.contains(
        "\(output) already exists; give --force to replace it."))
    #expect(refused.standardError.contains("Usage: hipform convert"))
    #expect(try String(contentsOfFile: output, encoding: .utf8) == "keep me\n")

    let forced = try Hipform.run(
      ["convert", input, output, "--force"], in: directory)
    #expect(forced.termination == .exited(0), "\(forced.standardError)")
    #expect(try readSamples(output).count == 300)
  }

  @Test func aBadInputFailsNamingTheFileAndLine() throws {
    let directory = try TemporaryDirectory()
    let v1 = try directory.write(
      "back.csv",
      fileText(
        standardHeader + ["t,ax,ay,az", "0,0,1,0", "0.02,0,1,0", "0.01,0,1,0"]))
    let phyphox = try directory.write(
      "phyphox-back.csv",
      fileText([
        "\"Time (s)\",\"Acceleration x (m/s^2)\",\"Acceleration y (m/s^2)\","
          + "\"Acceleration z (m/s^2)\"",
        "0.5,0,9.8,0", "0.51,0,9.8,0", "0.49,0,9.8,0",
      ]))
    for (input, line) in [(v1, 9), (phyphox, 4)] {
      let run = try Hipform.run(
        [
          "convert", input, directory.file("out-\(line).csv"), "--axes",
          "x=right,y=up,z=back",
        ], in: directory)
      #expect(run.termination == .exited(1))
      #expect(
        run.standardError.hasPrefix("error: \(input):\(line): "),
        "\(run.standardError)")
      #expect(run.standardError.contains("time goes backwards"))
    }
  }
}
