import ArgumentParser
import Foundation
import HipDevice

/// `hipform devices`: the USB devices that could be a sensor.
struct Devices: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List the USB devices that could be a sensor.",
    discussion: """
      For each: vendor and product IDs and strings, serial number, what \
      hipform knows it to be, the serial port it appears as (from sysfs) and \
      whether you may open it. 'record' and 'live' take \
      '--device auto|VID:PID|SERIAL' to pick one.
      """)

  @Flag(help: "Print JSON instead of text.")
  var json = false

  @Flag(help: "List every USB device, hubs and keyboards too.")
  var all = false

  func run() throws {
    let devices: [USBDeviceInfo]
    do {
      let context = try USBContext()
      defer { context.close() }
      devices = try context.devices().filter { all || $0.couldBeSensor }
    } catch {
      printError("error: \(error)")
      throw ExitCode.failure
    }
    if json {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      let data = try encoder.encode(devices.map(DeviceJSON.init))
      print(String(decoding: data, as: UTF8.self))
      return
    }
    guard !devices.isEmpty else {
      print(
        "No USB device that could be a sensor is connected. Plug one in, or "
          + "try 'hipform simulate' (no hardware needed).")
      return
    }
    for device in devices {
      for line in Self.describe(device) { print(line) }
    }
  }

  /// The lines `devices` prints for one device.
  ///
  /// - Parameter device: The device.
  /// - Returns: A heading and indented details.
  static func describe(_ device: USBDeviceInfo) -> [String] {
    let strings = [device.manufacturer, device.product].compactMap { $0 }
    var lines = [
      "\(device.idText)  \(strings.isEmpty ? "(no name)" : strings.joined(separator: " "))"
        + "  bus \(device.bus) address \(device.address) (port \(device.portPath))"
    ]
    lines.append("  serial: \(device.serialNumber ?? "none")")
    if let known = device.known {
      let speaks =
        known.likelyProtocol.map { ", likely --protocol \($0.rawValue)" } ?? ""
      lines.append("  known: \(known.name) [\(known.link.rawValue)\(speaks)]")
    } else {
      lines.append("  known: no")
    }
    if device.serialPorts.isEmpty {
      let usb =
        device.vendorBulkInterface != nil || device.cdcInterfaces != nil
        ? "read through libusb at \(device.usbNode)" : "no serial port"
      lines.append("  port: none; \(usb)")
    } else {
      lines.append("  port: \(device.serialPorts.joined(separator: ", "))")
    }
    lines.append("  access: \(accessText(device))")
    return lines
  }

  private static func accessText(_ device: USBDeviceInfo) -> String {
    var parts: [String] = []
    if !device.serialPorts.isEmpty {
      parts.append(
        device.mayOpenPorts
          ? "port ok"
          : "port denied (join the 'dialout' group; see "
            + "Firmware-notes/linux-setup.md)")
    }
    parts.append(
      device.mayOpenUSB
        ? "usb ok"
        : "usb denied (install Firmware-notes/70-hipform.rules)")
    return parts.joined(separator: ", ")
  }
}

/// One device in `devices --json`.
private struct DeviceJSON: Encodable {
  struct Known: Encodable {
    let name: String
    let link: String
    let likelyProtocol: String?
  }

  let id: String
  let vendorID: Int
  let productID: Int
  let manufacturer: String?
  let product: String?
  let serial: String?
  let bus: Int
  let address: Int
  let portPath: String
  let usbNode: String
  let serialPorts: [String]
  let known: Known?
  let mayOpenUSB: Bool
  let mayOpenPorts: Bool
  let interfaces: [String]

  init(_ device: USBDeviceInfo) {
    id = device.idText
    vendorID = Int(device.vendorID)
    productID = Int(device.productID)
    manufacturer = device.manufacturer
    product = device.product
    serial = device.serialNumber
    bus = Int(device.bus)
    address = Int(device.address)
    portPath = device.portPath
    usbNode = device.usbNode
    serialPorts = device.serialPorts
    known = device.known.map {
      Known(
        name: $0.name, link: $0.link.rawValue,
        likelyProtocol: $0.likelyProtocol?.rawValue)
    }
    mayOpenUSB = device.mayOpenUSB
    mayOpenPorts = device.mayOpenPorts
    interfaces = device.interfaces.map { interface in
      "\(interface.number): class \(interface.interfaceClass), "
        + interface.endpoints.map {
          "0x" + String($0.address, radix: 16) + " \($0.transfer.rawValue)"
        }.joined(separator: ", ")
    }
  }
}
