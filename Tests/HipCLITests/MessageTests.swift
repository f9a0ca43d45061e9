import Foundation
import HipTestSupport
import Testing

/// Errors in plain words: they name the file, flag or port, say what was
/// wrong and what to do, and come with the command's own usage.
struct MessageTests {
  static let bridge = ReplayCommandTests.bundled("bridge-sacrum-100hz.csv")

  static func failure(_ arguments: [String]) throws -> String {
    let directory = try TemporaryDirectory()
    let run = try Hipform.run(arguments, in: directory)
    #expect(run.termination != .exited(0), "\(arguments)")
    return run.standardError
  }

  @Test func aReportIntoAMissingFolderNamesTheFolder() throws {
    let directory = try TemporaryDirectory()
    let target = directory.file("missing/dir/r.html")
    let message = try Self.failure(["report", Self.bridge, "-o", target])
    #expect(
      message.contains(
        "the folder \(directory.file("missing/dir")) does not exist"))
    #expect(!message.contains("NSCocoaErrorDomain"))
  }

  @Test func aFileIsNotASerialPort() throws {
    let directory = try TemporaryDirectory()
    let notes = try directory.write("notes.txt", "not a port\n")
    let message = try Self.failure([
      "live", "--port", notes, "--protocol", "hipform", directory.file("o.csv"),
    ])
    #expect(message.contains("\(notes) is not a serial port"))
    #expect(!message.contains("TIOCEXCL"))
  }

  @Test func aNegativeNumberIsRefusedForWhatItIsNotMissing() throws {
    let speed = try Self.failure(["replay", Self.bridge, "--speed", "-2"])
    #expect(
      speed.contains(
        "--speed takes a number from 0.001 to 1000000 or 'max' (got -2)."))
    let pain = try Self.failure([
      "analyze", Self.bridge, "--save", "--pain", "-1",
    ])
    #expect(pain.contains("--pain takes a rating from 0 (none) to 10"))
    #expect(!(speed + pain).contains("Missing value"))
  }

  @Test func aSynthErrorComesWithSynthsUsage() throws {
    let directory = try TemporaryDirectory()
    let message = try Self.failure([
      "synth", "--exercise", "nope", directory.file("x.csv"),
    ])
    #expect(message.contains("Usage: hipform synth"))
    #expect(!message.contains("Usage: hipform <subcommand>"))
  }

  @Test func evalOfAMissingFolderSaysItDoesNotExist() throws {
    let message = try Self.failure(["eval", "/nonexistent/recordings"])
    #expect(
      message.contains(
        "cannot read the folder /nonexistent/recordings: it does not exist"))
  }
}
