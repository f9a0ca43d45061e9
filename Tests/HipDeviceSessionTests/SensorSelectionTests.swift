import HipCore
import HipDevice
import HipDeviceSession
import Testing

/// Which device `--device` picks among those plugged in, and how it is
/// read, without libusb.
struct SensorSelectionTests {
  static let bulkIn = USBDeviceInfo.Endpoint(
    address: 0x81, transfer: .bulk, maxPacketSize: 64)
  /// The HipForm reference device: a vendor bulk interface.
  static let reference = USBDeviceInfo(
    vendorID: 0x1209, productID: 0x0001, address: 4, serialNumber: "HF-1",
    interfaces: [
      .init(number: 0, interfaceClass: 0xFF, endpoints: [bulkIn])
    ])
  /// A CH340 bridge with its kernel driver's port.
  static let bridge = USBDeviceInfo(
    vendorID: 0x1a86, productID: 0x7523, address: 5, serialNumber: "CH-1",
    serialPorts: ["/dev/ttyUSB0"])
  /// A serial board hipform does not know.
  static let unknown = USBDeviceInfo(
    vendorID: 0x1234, productID: 0x5678, address: 6, serialNumber: "X-1",
    serialPorts: ["/dev/ttyACM3"])
  /// A second CH340, for an ambiguous VID:PID.
  static let otherBridge = USBDeviceInfo(
    vendorID: 0x1a86, productID: 0x7523, address: 7, serialNumber: "CH-2",
    serialPorts: ["/dev/ttyUSB1"])

  @Test func autoPrefersTheDevicesHipformKnows() {
    #expect(
      select("auto", from: [Self.unknown, Self.bridge, Self.reference])
        == [Self.bridge, Self.reference])
    #expect(select("auto", from: [Self.unknown]) == [Self.unknown])
  }

  @Test func vendorAndProductIDsOrASerialNumberPick() {
    let all = [Self.reference, Self.bridge, Self.unknown, Self.otherBridge]
    #expect(select("1A86:7523", from: all) == [Self.bridge, Self.otherBridge])
    #expect(select("CH-2", from: all) == [Self.otherBridge])
    #expect(select("ch-2", from: all).isEmpty)
    #expect(select("1a86:zz", from: all).isEmpty)
  }

  @Test func theMatchIsReadThroughItsBestWayIn() throws {
    #expect(
      try resolveTarget("1209:0001", among: [Self.reference, Self.bridge])
        == .usb(Self.reference))
    #expect(
      try resolveTarget("CH-1", among: [Self.reference, Self.bridge])
        == .serial(path: "/dev/ttyUSB0", usb: Self.bridge))
    #expect(
      try resolveTarget("CH-1", among: [Self.bridge]).name
        == "/dev/ttyUSB0 (USB 1a86:7523)")
  }

  @Test func aPortNeedsNoUSB() throws {
    #expect(
      try resolveTarget(.port("/dev/ttyACM0"), context: nil)
        == .serial(path: "/dev/ttyACM0", usb: nil))
  }

  @Test func noMatchListsWhatIsConnected() {
    #expect {
      try resolveTarget("CH-9", among: [Self.bridge])
    } throws: { error in
      "\(error)"
        == "no USB sensor matches --device CH-9. Connected:\n"
        + "  1a86:7523 (bus 1 address 5), serial CH-1"
    }
    #expect {
      try resolveTarget("auto", among: [])
    } throws: { error in
      "\(error)"
        == "no USB sensor matches --device auto: nothing that could be a "
        + "sensor is plugged in."
    }
  }

  @Test func severalMatchesAskForOne() {
    #expect {
      try resolveTarget("1a86:7523", among: [Self.bridge, Self.otherBridge])
    } throws: { error in
      "\(error)"
        == "2 devices match --device 1a86:7523; name one by VID:PID or "
        + "serial number:\n"
        + "  1a86:7523 (bus 1 address 5), serial CH-1\n"
        + "  1a86:7523 (bus 1 address 7), serial CH-2"
    }
  }

  @Test func aDeviceWithNoWayInIsRefused() {
    let silent = USBDeviceInfo(
      vendorID: 0x1a86, productID: 0x7523, address: 8, serialNumber: "CH-3")
    #expect {
      try resolveTarget("CH-3", among: [silent])
    } throws: { error in
      "\(error)".hasPrefix(
        "1a86:7523 (bus 1 address 8) has no serial port and no interface "
          + "libusb can stream from.")
    }
  }
}
