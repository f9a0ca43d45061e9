import CLibUSB

/// One attached USB device, described.
///
/// Its descriptors, its sysfs names and strings, the serial ports the
/// kernel made for it and whether this user may open it. A value: it stays
/// valid after the device goes.
public struct USBDeviceInfo: Sendable, Hashable {
  /// An endpoint of an interface's first alternate setting.
  public struct Endpoint: Sendable, Hashable {
    /// The transfer type, from `bmAttributes`.
    public enum Transfer: String, Sendable, Hashable {
      case control, isochronous, bulk, interrupt
    }

    /// `bEndpointAddress`; bit 7 set for IN (device to host).
    public let address: UInt8
    public let transfer: Transfer
    public let maxPacketSize: Int

    package init(address: UInt8, transfer: Transfer, maxPacketSize: Int) {
      self.address = address
      self.transfer = transfer
      self.maxPacketSize = maxPacketSize
    }
    /// Whether data flows from the device to the host.
    public var isInput: Bool { address & 0x80 != 0 }
  }

  /// An interface, as its first alternate setting describes it.
  public struct Interface: Sendable, Hashable {
    public let number: Int
    public let interfaceClass: UInt8
    public let subclass: UInt8
    public let interfaceProtocol: UInt8
    public let endpoints: [Endpoint]

    package init(
      number: Int, interfaceClass: UInt8, subclass: UInt8 = 0,
      interfaceProtocol: UInt8 = 0, endpoints: [Endpoint]
    ) {
      self.number = number
      self.interfaceClass = interfaceClass
      self.subclass = subclass
      self.interfaceProtocol = interfaceProtocol
      self.endpoints = endpoints
    }

    /// The first bulk IN endpoint.
    public var bulkIn: Endpoint? {
      endpoints.first { $0.transfer == .bulk && $0.isInput }
    }

    /// The first bulk OUT endpoint.
    public var bulkOut: Endpoint? {
      endpoints.first { $0.transfer == .bulk && !$0.isInput }
    }
  }

  public let vendorID: UInt16
  public let productID: UInt16
  public let bus: UInt8
  public let address: UInt8
  /// The sysfs name, such as `1-1.2` (bus, then the hub ports).
  public let portPath: String
  public let deviceClass: UInt8
  public let manufacturer: String?
  public let product: String?
  public let serialNumber: String?
  public let interfaces: [Interface]
  /// The tty nodes the kernel made for it, such as `/dev/ttyACM0`.
  public let serialPorts: [String]
  /// The usbfs node libusb opens, `/dev/bus/usb/BBB/DDD`.
  public let usbNode: String
  /// Whether this user may open the usbfs node.
  public let mayOpenUSB: Bool
  /// Whether this user may open every one of its serial ports.
  public let mayOpenPorts: Bool
  /// What hipform knows it to be.
  public let known: KnownUSBDevice?

  /// `VID:PID` in lower-case hex, as `lsusb` prints it.
  public var idText: String { Self.idText(vendorID, productID) }

  /// How messages name the device: IDs, product and place on the bus.
  public var name: String {
    var text = idText
    if let product { text += " \(product)" }
    return text + " (bus \(bus) address \(address))"
  }

  /// The CDC-ACM pair: the communication interface (class 2) that takes the
  /// line-coding requests and the data interface (class 10) with the bulk
  /// endpoints.
  public var cdcInterfaces: (control: Interface, data: Interface)? {
    guard let control = interfaces.first(where: { $0.interfaceClass == 0x02 }),
      let data = interfaces.first(where: {
        $0.interfaceClass == 0x0A && $0.bulkIn != nil
      })
    else { return nil }
    return (control, data)
  }

  /// A vendor-specific interface (class 255) with a bulk IN endpoint.
  public var vendorBulkInterface: Interface? {
    interfaces.first { $0.interfaceClass == 0xFF && $0.bulkIn != nil }
  }

  /// Whether it could be a sensor.
  ///
  /// Known to hipform, a serial port, CDC, or a vendor interface that
  /// streams. Hubs never are.
  public var couldBeSensor: Bool {
    guard deviceClass != 0x09 else { return false }
    return known != nil || !serialPorts.isEmpty || cdcInterfaces != nil
      || vendorBulkInterface != nil
  }

  /// Formats IDs as `lsusb` does.
  ///
  /// - Parameters:
  ///   - vendor: `idVendor`.
  ///   - product: `idProduct`.
  /// - Returns: `vvvv:pppp` in lower-case hex.
  public static func idText(_ vendor: UInt16, _ product: UInt16) -> String {
    hex4(vendor) + ":" + hex4(product)
  }

  private static func hex4(_ value: UInt16) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 4 - digits.count) + digits
  }

  /// Describes a device from libusb and sysfs; `nil` when its device
  /// descriptor cannot be read.
  init?(device: OpaquePointer) {
    var descriptor = libusb_device_descriptor()
    guard libusb_get_device_descriptor(device, &descriptor) == 0 else {
      return nil
    }
    vendorID = descriptor.idVendor
    productID = descriptor.idProduct
    deviceClass = descriptor.bDeviceClass
    bus = libusb_get_bus_number(device)
    address = libusb_get_device_address(device)
    var ports = [UInt8](repeating: 0, count: 8)
    let depth = libusb_get_port_numbers(device, &ports, Int32(ports.count))
    portPath =
      depth > 0
      ? "\(bus)-" + ports[..<Int(depth)].map(String.init).joined(separator: ".")
      : "usb\(bus)"
    interfaces = Self.interfaces(of: device)
    usbNode =
      "/dev/bus/usb/" + Self.pad3(Int(bus)) + "/" + Self.pad3(Int(address))

    let directory = Self.sysfsDirectory(bus: bus, address: address)
    func string(_ name: String) -> String? {
      guard let directory, let text = Sysfs.attribute("\(directory)/\(name)"),
        !text.isEmpty
      else { return nil }
      return text
    }
    manufacturer = string("manufacturer")
    product = string("product")
    serialNumber = string("serial")
    serialPorts =
      directory.flatMap(Sysfs.resolved).map { Sysfs.serialPorts(under: $0) }
      ?? []
    mayOpenUSB = Sysfs.mayOpen(usbNode)
    mayOpenPorts = serialPorts.allSatisfy(Sysfs.mayOpen)
    known = KnownUSBDevice.identify(
      vendorID: vendorID, productID: productID, product: product)
  }

  /// Describes a device that is not plugged in, for tests of what is
  /// chosen among devices; what hipform knows it to be is looked up as for
  /// a real one.
  package init(
    vendorID: UInt16, productID: UInt16, bus: UInt8 = 1, address: UInt8,
    product: String? = nil, serialNumber: String? = nil,
    interfaces: [Interface] = [], serialPorts: [String] = []
  ) {
    self.vendorID = vendorID
    self.productID = productID
    self.bus = bus
    self.address = address
    portPath = "\(bus)-\(address)"
    deviceClass = 0
    manufacturer = nil
    self.product = product
    self.serialNumber = serialNumber
    self.interfaces = interfaces
    self.serialPorts = serialPorts
    usbNode =
      "/dev/bus/usb/" + Self.pad3(Int(bus)) + "/" + Self.pad3(Int(address))
    mayOpenUSB = true
    mayOpenPorts = true
    known = KnownUSBDevice.identify(
      vendorID: vendorID, productID: productID, product: product)
  }

  private static func pad3(_ value: Int) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, 3 - digits.count)) + digits
  }

  /// The device's directory under `/sys/bus/usb/devices`, found by its bus
  /// number and address (the names there are port paths, not addresses).
  private static func sysfsDirectory(bus: UInt8, address: UInt8) -> String? {
    let root = "/sys/bus/usb/devices"
    return Sysfs.entries(root).lazy.map { "\(root)/\($0)" }.first { path in
      Sysfs.attribute("\(path)/busnum").flatMap { Int($0) } == Int(bus)
        && Sysfs.attribute("\(path)/devnum").flatMap { Int($0) }
          == Int(address)
    }
  }

  private static func interfaces(of device: OpaquePointer) -> [Interface] {
    var config: UnsafeMutablePointer<libusb_config_descriptor>?
    var result = libusb_get_active_config_descriptor(device, &config)
    if result != 0 { result = libusb_get_config_descriptor(device, 0, &config) }
    guard result == 0, let config else { return [] }
    defer { libusb_free_config_descriptor(config) }
    var found: [Interface] = []
    for i in 0..<Int(config.pointee.bNumInterfaces) {
      let interface = config.pointee.interface[i]
      guard interface.num_altsetting > 0 else { continue }
      let setting = interface.altsetting[0]
      let endpoints = (0..<Int(setting.bNumEndpoints)).map { e in
        let endpoint = setting.endpoint[e]
        let transfer: Endpoint.Transfer =
          switch endpoint.bmAttributes & 0x03 {
          case 0: .control
          case 1: .isochronous
          case 2: .bulk
          default: .interrupt
          }
        return Endpoint(
          address: endpoint.bEndpointAddress, transfer: transfer,
          maxPacketSize: Int(endpoint.wMaxPacketSize & 0x07FF))
      }
      found.append(
        Interface(
          number: Int(setting.bInterfaceNumber),
          interfaceClass: setting.bInterfaceClass,
          subclass: setting.bInterfaceSubClass,
          interfaceProtocol: setting.bInterfaceProtocol, endpoints: endpoints))
    }
    return found
  }
}
