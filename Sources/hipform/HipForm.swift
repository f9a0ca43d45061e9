import ArgumentParser

@main
struct HipForm: ParsableCommand {
  static let version = "0.1.0"

  static let configuration = CommandConfiguration(
    commandName: "hipform",
    abstract: "Measure home hip-rehab exercise with a hip-worn IMU.",
    discussion: """
      Recordings are format-v1 CSV files (see Firmware-notes/ and the
      README). Start with 'hipform info Recordings/<file>.csv'.
      """,
    version: version,
    subcommands: [
      Info.self, Analyze.self, Replay.self, Convert.self, Synth.self, Eval.self,
      Bench.self, Report.self, Sessions.self, Trend.self, Record.self,
      Live.self, Simulate.self, Devices.self,
      Version.self,
    ]
  )
}

/// Prints the tool's and the linked libusb's versions.
struct Version: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Show the versions of hipform and of the libusb it uses.")

  func run() {
    print("hipform \(HipForm.version)")
    print("libusb \(LibUSBVersionText.current)")
  }
}
