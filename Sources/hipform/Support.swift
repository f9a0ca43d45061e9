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
///
/// Messages quote files, devices and databases: control characters in them
/// are shown, never sent to the terminal.
func printError(_ message: String) {
  let visible = VisibleText.escaped(message, keepingLineBreaks: true)
  FileHandle.standardError.write(Data((visible + "\n").utf8))
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

/// Refuses a rate flag no sensor runs at.
func validateRate(_ rate: Double?, flag: String = "--rate") throws {
  if let rate, !PhysicalLimits.isPossibleRate(rate) {
    throw ValidationError(
      "\(flag) takes \(PhysicalLimits.rateDescription) (got \(rate)).")
  }
}

/// Refuses a number flag outside `range` (nan and inf are outside every
/// range), so that no flag reaches a conversion to `Int` or a `Duration`
/// that traps.
func validateNumber(
  _ value: Double?, flag: String, in range: ClosedRange<Double>, unit: String
) throws {
  if let value, !range.contains(value) {
    throw ValidationError(
      "\(flag) takes \(fixedRange(range)) \(unit) (got \(value)).")
  }
}

private func fixedRange(_ range: ClosedRange<Double>) -> String {
  func text(_ x: Double) -> String {
    x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : "\(x)"
  }
  return "\(text(range.lowerBound)) to \(text(range.upperBound))"
}

/// Refuses a playback `--speed` other than 'max' or a pace that a
/// `Duration` can hold (a tiny one would make every wait overflow it).
func validateSpeed(_ speed: String) throws {
  guard
    speed == "max"
      || (Double(speed).map { (0.001...1e6).contains($0) } ?? false)
  else {
    throw ValidationError(
      "--speed takes a number from 0.001 to 1000000 or 'max' (got \(speed)).")
  }
}
