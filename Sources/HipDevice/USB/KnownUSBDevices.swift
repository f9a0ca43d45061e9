import HipCore

/// A USB device hipform recognizes, and how to reach it.
public struct KnownUSBDevice: Sendable, Hashable {
  /// How the sensor's bytes reach the host.
  public enum Link: String, Sendable, Hashable {
    /// The HipForm reference device's vendor bulk interface, through libusb.
    case vendorBulk = "usb-bulk"
    /// A USB CDC-ACM board: the kernel's ttyACM port, or libusb when no tty
    /// driver is bound.
    case cdcACM = "cdc-acm"
    /// A USB-to-UART bridge chip: only through its kernel tty driver, since
    /// each chip needs its own vendor requests.
    case serialBridge = "serial-bridge"
  }

  /// What it is, as a person would say it.
  public let name: String
  public let link: Link
  /// The wire protocol it most likely speaks, when that can be known.
  public let likelyProtocol: WireProtocol?

  /// The devices recognized by vendor and product ID.
  ///
  /// The bridge IDs are the chips', not WitMotion's, so a bridge may carry
  /// any UART sensor; the IDs were checked against Debian's usb.ids except
  /// RP2040 and ESP32 native USB (see Firmware-notes/linux-setup.md).
  static let byID: [UInt32: KnownUSBDevice] = [
    id(0x1209, 0x0001): KnownUSBDevice(
      name: "HipForm reference device", link: .vendorBulk,
      likelyProtocol: .hipform),
    id(0x1a86, 0x7523): KnownUSBDevice(
      name: "CH340 USB-serial bridge (WitMotion modules, Arduino clones)",
      link: .serialBridge, likelyProtocol: .witmotion),
    id(0x1a86, 0x55d4): KnownUSBDevice(
      name: "CH9102 USB-serial bridge (WitMotion modules)",
      link: .serialBridge, likelyProtocol: .witmotion),
    id(0x10c4, 0xea60): KnownUSBDevice(
      name: "CP210x USB-serial bridge (WitMotion modules, ESP32 boards)",
      link: .serialBridge, likelyProtocol: .witmotion),
    id(0x0403, 0x6001): KnownUSBDevice(
      name: "FTDI FT232 USB-serial bridge", link: .serialBridge,
      likelyProtocol: nil),
    id(0x0403, 0x6015): KnownUSBDevice(
      name: "FTDI FT231X USB-serial bridge", link: .serialBridge,
      likelyProtocol: nil),
    id(0x2341, 0x0043): KnownUSBDevice(
      name: "Arduino Uno R3", link: .cdcACM, likelyProtocol: .text),
    id(0x2341, 0x8036): KnownUSBDevice(
      name: "Arduino Leonardo", link: .cdcACM, likelyProtocol: .text),
    id(0x2341, 0x0058): KnownUSBDevice(
      name: "Arduino Nano Every", link: .cdcACM, likelyProtocol: .text),
    id(0x2e8a, 0x000a): KnownUSBDevice(
      name: "Raspberry Pi RP2040 board (Pico SDK USB serial)", link: .cdcACM,
      likelyProtocol: .text),
    id(0x303a, 0x1001): KnownUSBDevice(
      name: "ESP32-S3/C3 native USB serial", link: .cdcACM,
      likelyProtocol: .text),
  ]

  /// The device known by these IDs, or by its product string.
  ///
  /// x-IMU3's USB IDs are not published; it names itself in its product
  /// string.
  ///
  /// - Parameters:
  ///   - vendorID: `idVendor`.
  ///   - productID: `idProduct`.
  ///   - product: The product string, if any.
  /// - Returns: What it is, or `nil` when hipform does not know it.
  public static func identify(
    vendorID: UInt16, productID: UInt16, product: String?
  ) -> KnownUSBDevice? {
    if let known = byID[id(vendorID, productID)] { return known }
    if let product, product.lowercased().contains("x-imu3") {
      return KnownUSBDevice(
        name: "x-io Technologies x-IMU3", link: .cdcACM,
        likelyProtocol: .ximu3)
    }
    return nil
  }

  private static func id(_ vendor: UInt16, _ product: UInt16) -> UInt32 {
    UInt32(vendor) << 16 | UInt32(product)
  }
}
