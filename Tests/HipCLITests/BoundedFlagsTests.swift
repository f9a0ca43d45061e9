import Foundation
import HipTestSupport
import Testing

/// Every number from a flag or a header is checked where it enters, so the
/// commands refuse it with a message instead of crashing.
struct BoundedFlagsTests {
  /// The reproducer: `rate_hz: 1e19` aborted analyze, replay,
  /// report and `sessions add`; 1e300 trapped.
  @Test(arguments: ["1e19", "1e300"])
  func anImpossibleHeaderRateIsAnErrorNotACrash(rate: String) throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write(
      "a.csv",
      "# hipform-recording: 1\n# rate_hz: \(rate)\n# accel_unit: g\n"
        + "# axes: x=right,y=up,z=back\nt,ax,ay,az\n")
    for command in [
      ["analyze", path], ["replay", path, "--speed", "max"], ["info", path],
      ["report", path, "--output", directory.file("r.html")],
      ["sessions", "add", path, "--db", directory.file("h.sqlite")],
    ] {
      let run = try Hipform.run(command, in: directory)
      #expect(run.termination == .exited(1), "\(command): \(run.standardError)")
      #expect(
        run.standardError.contains("\(path):2: rate_hz must be a rate from 1"),
        "\(command): \(run.standardError)")
    }
  }

  /// Flags that were accepted (`--rate 0|nan|inf|1e19`) or trapped
  /// (`--reader-timeout nan`) or waited forever (`-1`).
  @Test(arguments: [
    ["convert", "in.csv", "out.csv", "--rate", "nan"],
    ["convert", "in.csv", "out.csv", "--rate", "0"],
    ["convert", "in.csv", "out.csv", "--rate", "inf"],
    ["convert", "in.csv", "out.csv", "--rate", "1e19"],
    [
      "record", "--port", "/dev/null", "--protocol", "text", "--rate", "nan",
      "o.csv",
    ],
    [
      "record", "--port", "/dev/null", "--protocol", "text", "--rate", "0.5",
      "o.csv",
    ],
    ["simulate", "in.csv", "--protocol", "text", "--reader-timeout", "nan"],
    ["simulate", "in.csv", "--protocol", "text", "--reader-timeout", "-1"],
    ["simulate", "in.csv", "--protocol", "text", "--unplug-after", "inf"],
    ["replay", "in.csv", "--speed", "1e-300"],
    ["replay", "in.csv", "--from", "nan"],
    ["bench", "read", "--rate", "1e19"],
  ])
  func anImpossibleFlagIsRefusedNamingIt(arguments: [String]) throws {
    let directory = try TemporaryDirectory()
    let run = try Hipform.run(arguments, in: directory)
    #expect(run.termination == .exited(64), "\(run.standardError)")
    let flag = try #require(
      arguments.first {
        $0.hasPrefix("--") && $0 != "--port" && $0 != "--protocol"
      })
    #expect(run.standardError.contains(flag), "\(run.standardError)")
  }
}
