import Foundation
import HipCore
import HipRecording

/// What a device session needs to know: where the sensor is, what it
/// speaks, how it is worn and where the recording goes.
///
/// Plain values, already checked: `hipform record` and `live` build it from
/// their flags and say what is wrong with those.
public struct DeviceSessionSettings: Sendable {
  /// How the sensor is named.
  public enum Sensor: Sendable, Equatable {
    /// A serial port's path.
    case port(String)
    /// A USB device: auto (the one sensor plugged in), VID:PID or its
    /// serial number.
    case usbDevice(String)
  }

  public var sensor: Sensor
  /// Whether an unplug waits for the device to come back and continues the
  /// same recording.
  public var waitsForReturn: Bool
  /// Seconds without data from a USB device before the session fails.
  public var timeoutSeconds: Double
  public var wireProtocol: WireProtocol
  /// The serial baud rate; `nil` for 115200, or detected for WitMotion.
  public var baud: Int?
  /// The sample rate to set and record; `nil` to take the device's.
  public var rateHz: Double?
  public var axes: AxesMapping
  public var placement: Placement
  public var exercise: String?
  public var side: Side?
  /// Timing for protocols without device time.
  public var timeBase: DeviceClock.TimeBase
  /// Whether DTR is raised after opening (some boards reset on it).
  public var assertsDTR: Bool
  /// Whether an existing recording at `outputPath` is replaced.
  public var overwrites: Bool
  /// The recording to write.
  public var outputPath: String

  /// Creates settings; the defaults are the command line's.
  public init(
    sensor: Sensor, wireProtocol: WireProtocol, axes: AxesMapping,
    outputPath: String, waitsForReturn: Bool = false,
    timeoutSeconds: Double = 5, baud: Int? = nil, rateHz: Double? = nil,
    placement: Placement = .sacrum,
    exercise: String? = nil, side: Side? = nil,
    timeBase: DeviceClock.TimeBase = .nominalRate, assertsDTR: Bool = true,
    overwrites: Bool = false
  ) {
    self.sensor = sensor
    self.wireProtocol = wireProtocol
    self.outputPath = outputPath
    self.waitsForReturn = waitsForReturn
    self.timeoutSeconds = timeoutSeconds
    self.baud = baud
    self.rateHz = rateHz
    self.axes = axes
    self.placement = placement
    self.exercise = exercise
    self.side = side
    self.timeBase = timeBase
    self.assertsDTR = assertsDTR
    self.overwrites = overwrites
  }

  /// The header fields known before the device has said anything.
  ///
  /// - Parameters:
  ///   - rateHz: The sample rate decided on.
  ///   - source: Where the bytes come from, such as the port's path.
  /// - Returns: The header to write.
  func header(rateHz: Double, source: String) -> RecordingHeader {
    var header = RecordingHeader(
      rateHz: rateHz, axes: axes, placement: placement)
    header["sensor"] = "\(wireProtocol.rawValue) on \(source)"
    header["started"] = ISO8601DateFormatter().string(from: Date())
    header["exercise"] = exercise
    header["side"] = side?.rawValue
    return header
  }
}
