import ArgumentParser
import Foundation
import HipCore
import HipDevice
import HipRecording

enum LibUSBVersionText {
  static var current: String { LibUSB.version }
}

/// Writes a line to standard error, where messages go so that standard
/// output holds only the command's result.
func printError(_ message: String) {
  FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Turns a library error into the CLI's failure: the message on standard
/// error and exit status 1.
func failing<T>(_ body: () throws -> T) throws -> T {
  do {
    return try body()
  } catch let error as RecordingError {
    printError("error: \(error)")
    throw ExitCode.failure
  } catch let error as SessionAnalyzer.SettingsError {
    printError("error: \(error)")
    throw ExitCode.failure
  }
}

extension RecordingHeader.Placement: ExpressibleByArgument {}
extension RecordingHeader.AngularRateUnit: ExpressibleByArgument {}
extension CSVImport.AccelerationUnit: ExpressibleByArgument {}
extension CSVImport.TimeUnit: ExpressibleByArgument {}

/// Fixed-point text for a number, the way people read measurements.
func fixed(_ value: Double, _ decimals: Int) -> String {
  guard value.isFinite else { return value.isNaN ? "nan" : "inf" }
  return String(format: "%.\(decimals)f", value)
}
