import ArgumentParser
import HipCore
import HipDeviceSession

/// `hipform record --port PATH --protocol NAME OUT.csv`: a sensor to a
/// recording.
struct Record: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Record a sensor on a serial port to a format-v1 file.",
    discussion: """
      Reads until Ctrl-C or until the device goes away; either way the file \
      is closed, synced and holds every sample received. The summary on \
      standard error gives the samples, gaps and lost frames, garbled \
      packets skipped and the clock drift. Try it without a sensor: \
      'hipform simulate Recordings/<file>.csv --protocol hipform' prints a \
      port to record from.
      """)

  @OptionGroup var device: DeviceOptions

  func run() throws {
    if device.exercise == nil { printError(LiveView.noExerciseWarning) }
    let (end, summary) = try recordDeviceSession(options: device)
    for line in deviceSummaryLines(
      end: end, summary: summary, path: device.output)
    {
      printError(line)
    }
    if case .failed = end { throw ExitCode.failure }
  }
}
