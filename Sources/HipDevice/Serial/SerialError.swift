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
    [Syscall.noDevice, Syscall.ioError, Syscall.noSuchDevice].contains(code)
  }

  public var description: String {
    let reason = code == 0 ? "failed" : Syscall.describe(code)
    var text = "\(port): \(operation): \(reason)"
    if code != 0 { text += " (errno \(code))" }
    switch code {
    case Syscall.permissionDenied:
      text +=
        ". You may not open serial ports: add yourself to the 'dialout' "
        + "group (sudo usermod -aG dialout $USER, then log in again) or "
        + "install the udev rule in Firmware-notes/linux-setup.md."
    case Syscall.busy:
      text +=
        ". Another program has the port open (another hipform, a serial "
        + "monitor, or ModemManager probing it: see "
        + "Firmware-notes/linux-setup.md); close it and try again."
    case Syscall.noEntry:
      text +=
        ". No such port: is the sensor plugged in? 'hipform devices' lists "
        + "what is connected."
    case Syscall.noDevice, Syscall.ioError, Syscall.noSuchDevice:
      text += ". The device went away: check the cable."
    case Syscall.notATerminal:
      text =
        "\(port) is not a serial port (a file or another kind of device): "
        + "give the sensor's port, such as /dev/ttyUSB0 or /dev/ttyACM0; "
        + "'hipform devices' lists what is connected."
    default:
      break
    }
    return text
  }
}
