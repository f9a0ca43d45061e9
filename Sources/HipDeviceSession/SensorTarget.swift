import HipDevice

/// Where `record` and `live` read from, resolved from `--port` or
/// `--device`.
public enum SensorTarget: Sendable, Equatable {
  /// A serial port; `usb` is the USB device it belongs to, when chosen by
  /// `--device`.
  case serial(path: String, usb: USBDeviceInfo?)
  /// A USB device read through libusb (vendor bulk or CDC-ACM).
  case usb(USBDeviceInfo)

  /// How the header and messages name it.
  public var name: String {
    switch self {
    case .serial(let path, let usb):
      return path + (usb.map { " (USB \($0.idText))" } ?? "")
    case .usb(let info):
      return "USB \(info.idText) bus \(info.bus) address \(info.address)"
    }
  }

  /// The USB device behind it, if known.
  public var usbDevice: USBDeviceInfo? {
    switch self {
    case .serial(_, let usb): return usb
    case .usb(let info): return info
    }
  }
}

/// Why `--device` found nothing to read.
public struct DeviceSelectionError: Error, CustomStringConvertible {
  public let description: String
}

/// Finds the sensor the settings name.
///
/// - Parameters:
///   - sensor: The port, or the USB device's selector.
///   - context: The libusb session, for a USB device.
/// - Returns: The target.
/// - Throws: ``DeviceSelectionError`` or ``USBError`` when no single device
///   matches or it has no way in.
public func resolveTarget(
  _ sensor: DeviceSessionSettings.Sensor, context: USBContext?
) throws -> SensorTarget {
  switch sensor {
  case .port(let path):
    return .serial(path: path, usb: nil)
  case .usbDevice(let selector):
    guard let context else {
      throw DeviceSelectionError(description: "libusb is not open")
    }
    return try resolveTarget(
      selector, among: context.devices().filter(\.couldBeSensor))
  }
}

/// Picks the one device `selector` names among the connected ones.
///
/// - Parameters:
///   - selector: auto, VID:PID or a serial number.
///   - candidates: The devices that could be sensors.
/// - Returns: The target.
/// - Throws: ``DeviceSelectionError`` when none or several match, listing
///   them, or the match has no way in.
public func resolveTarget(
  _ selector: String, among candidates: [USBDeviceInfo]
) throws -> SensorTarget {
  let matches = select(selector, from: candidates)
  guard matches.count == 1, let device = matches.first else {
    let listing = candidates.map {
      "  \($0.name), serial \($0.serialNumber ?? "none")"
    }
    if matches.isEmpty {
      throw DeviceSelectionError(
        description: "no USB sensor matches --device \(selector)"
          + (listing.isEmpty
            ? ": nothing that could be a sensor is plugged in."
            : ". Connected:\n" + listing.joined(separator: "\n")))
    }
    throw DeviceSelectionError(
      description: "\(matches.count) devices match --device \(selector); "
        + "name one by VID:PID or serial number:\n"
        + matches.map { "  \($0.name), serial \($0.serialNumber ?? "none")" }
        .joined(separator: "\n"))
  }
  return try target(for: device)
}

/// The devices `selector` (auto, VID:PID or a serial number) picks.
///
/// - Parameters:
///   - selector: What `--device` says.
///   - candidates: The devices that could be sensors.
/// - Returns: The matches; `auto` prefers devices hipform knows.
public func select(_ selector: String, from candidates: [USBDeviceInfo])
  -> [USBDeviceInfo]
{
  if selector == "auto" {
    let known = candidates.filter { $0.known != nil }
    return known.isEmpty ? candidates : known
  }
  let parts = selector.lowercased().split(separator: ":")
  if parts.count == 2, let vendor = UInt16(parts[0], radix: 16),
    let product = UInt16(parts[1], radix: 16)
  {
    return candidates.filter {
      $0.vendorID == vendor && $0.productID == product
    }
  }
  return candidates.filter { $0.serialNumber == selector }
}

/// How to read a device: its vendor bulk interface through libusb, else
/// its serial port, else CDC-ACM through libusb.
private func target(for device: USBDeviceInfo) throws -> SensorTarget {
  if device.vendorBulkInterface != nil { return .usb(device) }
  if let port = device.serialPorts.first {
    return .serial(path: port, usb: device)
  }
  if device.cdcInterfaces != nil { return .usb(device) }
  throw DeviceSelectionError(
    description: "\(device.name) has no serial port and no interface "
      + "libusb can stream from. A USB-serial bridge needs its kernel "
      + "driver (ch341, cp210x, ftdi_sio): see Firmware-notes/linux-setup.md.")
}
