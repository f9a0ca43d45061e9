import CLibUSB

/// The libusb-1.0 library this build is linked against.
public enum LibUSB {
  /// The runtime libusb version, such as `1.0.26`.
  ///
  /// The corresponding C function is `libusb_get_version`.
  public static var version: String {
    guard let v = libusb_get_version()?.pointee else { return "unknown" }
    return "\(v.major).\(v.minor).\(v.micro)"
  }
}
