/// A serial port failure, with the C error kept and advice a person can
/// act on.
public struct SerialError: Error, Sendable, Equatable, CustomStringConvertible {
  public let port: String
  /// What was being done: `open`, `configure`, `read`...
  public let operation: String
  /// The C `errno`, 0 when the failure is not a system call's.
  public let code: Int32

  public init(port: String, operation: String, code: Int32) {
    self.port = port
    self.operation = operation
    self.code = code
  }

  /// Whether the device went away (unplugged cable, powered off).
  public var isDisconnect: Bool {
    [system_ENODEV, system_EIO, system_ENXIO].contains(code)
  }

  public var description: String {
    let reason = code == 0 ? "failed" : system_describe(code)
    var text = "\(port): \(operation): \(reason)"
    if code != 0 { text += " (errno \(code))" }
    switch code {
    case system_EACCES:
      text +=
        ". You may not open serial ports: add yourself to the 'dialout' "
        + "group (sudo usermod -aG dialout $USER, then log in again) or "
        + "install the udev rule in Firmware-notes/linux-setup.md."
    case system_EBUSY:
      text +=
        ". Another program has the port open (another hipform, a serial "
        + "monitor, or ModemManager probing it: see "
        + "Firmware-notes/linux-setup.md); close it and try again."
    case system_ENOENT:
      text +=
        ". No such port: is the sensor plugged in? 'hipform devices' lists "
        + "what is connected."
    case system_ENODEV, system_EIO, system_ENXIO:
      text += ". The device went away: check the cable."
    default:
      break
    }
    return text
  }
}
