import CLibUSB

/// A libusb failure, with what was being done, to which device, and advice
/// a person can act on.
///
/// Every `LIBUSB_ERROR_*` code and every failed transfer status is mapped
/// here and nowhere else.
public struct USBError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The libusb error codes, one case each.
  public enum Code: Int32, Sendable, CaseIterable {
    case io = -1
    case invalidParameter = -2
    case access = -3
    case noDevice = -4
    case notFound = -5
    case busy = -6
    case timeout = -7
    case overflow = -8
    case pipe = -9
    case interrupted = -10
    case noMemory = -11
    case notSupported = -12
    case other = -99

    /// The code libusb returned; anything unknown is `other`.
    ///
    /// - Parameter libusbCode: A negative `libusb_error` value.
    public init(libusbCode: Int32) {
      self = Code(rawValue: libusbCode) ?? .other
    }

    /// The code a failed transfer's status stands for.
    ///
    /// - Parameter status: A `libusb_transfer_status` other than completed.
    public init(transferStatus status: libusb_transfer_status) {
      switch status {
      case LIBUSB_TRANSFER_TIMED_OUT: self = .timeout
      case LIBUSB_TRANSFER_STALL: self = .pipe
      case LIBUSB_TRANSFER_NO_DEVICE: self = .noDevice
      case LIBUSB_TRANSFER_OVERFLOW: self = .overflow
      case LIBUSB_TRANSFER_CANCELLED: self = .interrupted
      case LIBUSB_TRANSFER_ERROR: self = .io
      default: self = .other
      }
    }

    /// libusb's own name for the code, such as `LIBUSB_ERROR_ACCESS`.
    public var name: String {
      String(cString: libusb_error_name(rawValue))
    }
  }

  public let code: Code
  /// What was being done: `open`, `claim interface 1`, `bulk read 0x81`...
  public let operation: String
  /// The device, as `1209:0001 (bus 1 address 2)`, or the library.
  public let device: String
  /// Programs holding the device, named when the device is busy.
  public var holders: [String] = []

  /// Creates the error for a libusb return code.
  ///
  /// - Parameters:
  ///   - code: What went wrong.
  ///   - operation: What was being done.
  ///   - device: Which device, as a person would name it.
  public init(_ code: Code, operation: String, device: String) {
    self.code = code
    self.operation = operation
    self.device = device
  }

  /// Whether the device went away (unplugged, powered off, reset).
  public var isDisconnect: Bool { code == .noDevice }

  public var description: String {
    "\(device): \(operation): \(code.name). \(advice)"
  }

  /// What a person can do about it.
  public var advice: String {
    switch code {
    case .access:
      return
        "You may not open this USB device: install the udev rule in "
        + "Firmware-notes/70-hipform.rules (see Firmware-notes/linux-setup.md), "
        + "then unplug and replug the sensor."
    case .busy:
      let who =
        holders.isEmpty
        ? "another program (another hipform, a serial monitor) or a kernel "
          + "driver"
        : holders.joined(separator: ", ")
      return "The device is in use by \(who); close it and try again."
    case .noDevice:
      return "The device went away: check the cable and that it is powered."
    case .notFound:
      return
        "The device has no such interface or endpoint, or it is not plugged "
        + "in: 'hipform devices' lists what is connected."
    case .timeout:
      return
        "The device did not answer in time: is it powered and streaming? "
        + "Replug it, and check it speaks the protocol chosen."
    case .pipe:
      return
        "The device refused the request (endpoint stalled): it may not speak "
        + "this protocol or needs a reset; replug it."
    case .overflow:
      return
        "The device sent more than was asked for: a firmware bug or the wrong "
        + "endpoint; replug it."
    case .io:
      return "The transfer failed on the bus: try another cable or port."
    case .interrupted:
      return "The call was interrupted; try again."
    case .noMemory:
      return "The system is out of memory for USB buffers."
    case .notSupported:
      return
        "This system's USB stack cannot do this (libusb without usbfs); use "
        + "the serial port the device appears as instead (--port)."
    case .invalidParameter:
      return "hipform asked libusb for something invalid: please report it."
    case .other:
      return "libusb failed for an unknown reason; replug the device."
    }
  }
}

extension USBError {
  /// Throws for a negative libusb return value and passes others through.
  ///
  /// - Parameters:
  ///   - result: What the libusb call returned.
  ///   - operation: What was being done.
  ///   - device: Which device.
  /// - Returns: `result`, when it is not an error.
  /// - Throws: ``USBError`` for a negative `result`.
  @discardableResult
  static func check(_ result: Int32, _ operation: String, device: String)
    throws(USBError) -> Int32
  {
    guard result < 0 else { return result }
    throw USBError(
      Code(libusbCode: result), operation: operation, device: device)
  }
}
