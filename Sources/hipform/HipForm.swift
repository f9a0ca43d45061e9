import ArgumentParser

@main
struct HipForm: ParsableCommand {
  static let version = "0.1.0"

  static let configuration = CommandConfiguration(
    commandName: "hipform",
    abstract:
      "Count and judge home hip-rehab exercise and walking from a hip, "
      + "pelvis or thigh sensor.",
    discussion: """
      Recordings are CSV files in HipForm's format (see Firmware-notes/ and
      the README). Start with 'hipform analyze Recordings/<file>.csv'.
      """,
    version: version,
    subcommands: [Analyze.self, Replay.self, Report.self, Info.self],
    groupedSubcommands: [
      CommandGroup(
        name: "Sensors",
        subcommands: [Live.self, Record.self, Devices.self, Convert.self]),
      CommandGroup(
        name: "History", subcommands: [Sessions.self, Trend.self]),
      CommandGroup(
        name: "Development",
        subcommands: [
          Synth.self, Eval.self, Bench.self, Simulate.self, Version.self,
        ]),
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
