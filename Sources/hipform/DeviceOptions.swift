import ArgumentParser
import Foundation
import HipCore
import HipDevice
import HipDeviceSession
import HipRecording

extension WireProtocol: ExpressibleByArgument {}
extension DeviceClock.TimeBase: ExpressibleByArgument {}

/// The options `record` and `live` share: where the sensor is, what it
/// speaks, how it is worn and where the recording goes.
struct DeviceOptions: ParsableArguments {
  @Option(
    help:
      "The serial port, e.g. /dev/ttyACM0, or the path 'hipform simulate' printed."
  )
  var port: String?

  @Option(
    help: """
      A USB device instead of --port: auto (the one sensor plugged in), \
      VID:PID or its serial number ('hipform devices' lists them). Its \
      serial port is used when it has one, else libusb.
      """)
  var device: String?

  @Flag(
    help: """
      When the device is unplugged, wait for it to come back and continue \
      the same recording, with the gap in t.
      """)
  var wait = false

  @Option(
    help: """
      Seconds without data from a USB device before the session ends with \
      an error.
      """)
  var timeout = 5.0

  @Option(
    name: .customLong("protocol"),
    help: "What the sensor sends: hipform, witmotion, x-imu3 or text.")
  var wireProtocol: WireProtocol

  @Option(
    help: """
      Baud rate (default 115200; for witmotion, detected among 9600, \
      115200 and 230400).
      """)
  var baud: Int?

  @Option(
    help: """
      Sample rate, Hz: set on a WitMotion device (unlock, rate, save) and \
      written as rate_hz. Default: the rate the device declares, else \
      measured over the first 2 s.
      """)
  var rate: Double?

  @Option(help: "Where the sensor axes point on the body.")
  var axes = "x=right,y=up,z=back"

  @Option(help: "Where the sensor is worn.")
  var placement: RecordingHeader.Placement = .sacrum

  @Option(help: "Exercise id, written to the header.")
  var exercise: String?

  @Option(help: "Working side, written to the header.")
  var side: Side?

  @Option(
    help: """
      Timing for protocols without device time (witmotion, Adafruit and \
      SparkFun lines): nominalRate (t = index / rate) or hostReceiveTime.
      """)
  var timeBase: DeviceClock.TimeBase = .nominalRate

  @Flag(
    inversion: .prefixedNo,
    help: "Raise DTR after opening (some boards reset on it).")
  var dtr = true

  @Flag(help: "Replace OUT if it exists.")
  var overwrite = false

  @Argument(help: "The recording to write (.csv, format v1).")
  var output: String

  mutating func validate() throws {
    guard (port == nil) != (device == nil) else {
      throw ValidationError("Give the sensor as --port PATH or --device ID.")
    }
    if let device, device.isEmpty {
      throw ValidationError("--device takes auto, VID:PID or a serial number.")
    }
    guard timeout > 0, timeout.isFinite else {
      throw ValidationError("--timeout takes a positive number of seconds.")
    }
    try validateExercise(&exercise)
    try validateRate(rate)
    if let baud, baud <= 0 {
      throw ValidationError("--baud takes a positive number.")
    }
    do {
      _ = try AxesMapping(parsing: axes)
    } catch {
      throw ValidationError("--axes: \(error)")
    }
  }

  /// The settings the device session runs with.
  var settings: DeviceSessionSettings {
    get throws {
      let sensor: DeviceSessionSettings.Sensor
      if let port {
        sensor = .port(port)
      } else if let device {
        sensor = .usbDevice(device)
      } else {
        throw ValidationError("Give the sensor as --port PATH or --device ID.")
      }
      return DeviceSessionSettings(
        sensor: sensor, wireProtocol: wireProtocol,
        axes: try AxesMapping(parsing: axes), outputPath: output,
        waitsForReturn: wait, timeoutSeconds: timeout, baud: baud,
        rateHz: rate, placement: placement, exercise: exercise, side: side,
        timeBase: timeBase, assertsDTR: dtr, overwrites: overwrite)
    }
  }
}

/// Runs the session of `record` or `live`, its messages on standard error.
///
/// - Parameters:
///   - options: The command's options.
///   - attach: Hooks more onto the recorder before the session starts.
/// - Returns: How it ended and what was recorded.
/// - Throws: `ExitCode.failure` after saying why, when the sensor cannot be
///   found or opened, or the file cannot be written.
func recordDeviceSession(
  options: DeviceOptions, attach: (DeviceRecorder) -> Void = { _ in }
) throws -> (DeviceSessionEnd, DeviceRecorder.Summary) {
  do {
    let recorder = DeviceRecorder(
      settings: try options.settings, messages: printError)
    attach(recorder)
    return try runDeviceSession(recorder: recorder)
  } catch {
    printError("error: \(error)")
    throw ExitCode.failure
  }
}
