import Foundation
import HipCore
import USBEmulator

/// A USB device as the emulator presents it: descriptors for libusb and
/// sysfs attributes (strings, a tty) for enumeration, in umockdev's text
/// format.
public struct EmulatedUSBDevice: Sendable {
  /// An endpoint: address (bit 7 for IN), transfer type (2 bulk,
  /// 3 interrupt) and packet size.
  public struct Endpoint: Sendable {
    public var address: UInt8
    public var type: UInt8
    public var maxPacket: UInt16
  }

  /// An interface's class, subclass and endpoints.
  public struct Interface: Sendable {
    public var interfaceClass: UInt8
    public var subclass: UInt8
    public var endpoints: [Endpoint]
  }

  public var vendorID: UInt16
  public var productID: UInt16
  public var manufacturer: String
  public var product: String
  public var serial: String
  /// The hub port, as in the sysfs name `1-<port>`.
  public var port: Int
  public var address: Int
  public var interfaces: [Interface]
  /// A tty the kernel driver made for interface 0, such as `ttyUSB0`.
  public var tty: String?

  /// The device's sysfs path, as umockdev's uevents name it.
  public var syspath: String {
    "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-\(port)"
  }

  /// The usbfs node libusb opens.
  public var devnode: String { "/dev/bus/usb/001/" + pad3(address) }

  /// The HipForm reference device: vendor interface, bulk IN 0x81 and
  /// bulk OUT 0x01, as Firmware-notes/hipform-usb.md specifies.
  public static let hipformReference = EmulatedUSBDevice(
    vendorID: 0x1209, productID: 0x0001, manufacturer: "HipForm",
    product: "HipForm IMU", serial: "HF-TEST-0001", port: 1, address: 2,
    interfaces: [
      Interface(
        interfaceClass: 0xFF, subclass: 0,
        endpoints: [
          Endpoint(address: 0x81, type: 2, maxPacket: 64),
          Endpoint(address: 0x01, type: 2, maxPacket: 64),
        ])
    ])

  /// An RP2040 board with a CDC-ACM pair and no tty driver bound.
  public static let cdcBoard = EmulatedUSBDevice(
    vendorID: 0x2e8a, productID: 0x000a, manufacturer: "Raspberry Pi",
    product: "Pico", serial: "E660TEST", port: 2, address: 3,
    interfaces: [
      Interface(
        interfaceClass: 0x02, subclass: 0x02,
        endpoints: [Endpoint(address: 0x81, type: 3, maxPacket: 8)]),
      Interface(
        interfaceClass: 0x0A, subclass: 0,
        endpoints: [
          Endpoint(address: 0x02, type: 2, maxPacket: 64),
          Endpoint(address: 0x82, type: 2, maxPacket: 64),
        ]),
    ])

  /// A CH340 USB-serial bridge whose kernel driver made `ttyUSB0`.
  public static let serialBridge = EmulatedUSBDevice(
    vendorID: 0x1a86, productID: 0x7523, manufacturer: "QinHeng",
    product: "USB Serial", serial: "", port: 3, address: 4,
    interfaces: [
      Interface(
        interfaceClass: 0xFF, subclass: 1,
        endpoints: [Endpoint(address: 0x82, type: 3, maxPacket: 8)])
    ], tty: "ttyUSB0")

  /// The device in umockdev's text format.
  public var umockdevDescription: String {
    let descriptors = hex(deviceDescriptor + configurationDescriptor)
    let node = "bus/usb/001/" + pad3(address)
    let sys = String(syspath.dropFirst(4))
    var text = ""
    if let tty {
      text += """
        P: \(sys)/1-\(port):1.0/\(tty)/tty/\(tty)
        N: \(tty)
        E: DEVNAME=/dev/\(tty)
        E: SUBSYSTEM=tty
        E: MAJOR=188
        E: MINOR=0
        A: dev=188:0\\n

        P: \(sys)/1-\(port):1.0
        E: DEVTYPE=usb_interface
        E: SUBSYSTEM=usb
        A: bInterfaceClass=\(hex([interfaces[0].interfaceClass]))\\n
        A: bInterfaceNumber=00\\n


        """
    }
    text += """
      P: \(sys)
      N: \(node)=\(descriptors)
      E: DEVNAME=/dev/\(node)
      E: DEVTYPE=usb_device
      E: DRIVER=usb
      E: SUBSYSTEM=usb
      E: BUSNUM=001
      E: DEVNUM=\(pad3(address))
      E: MAJOR=189
      E: MINOR=\(address - 1)
      A: bConfigurationValue=1\\n
      A: bDeviceClass=00\\n
      A: bNumConfigurations=1\\n
      A: busnum=1\\n
      A: devnum=\(address)\\n
      A: dev=189:\(address - 1)\\n
      A: devpath=\(port)\\n
      A: idVendor=\(hex(vendorID))\\n
      A: idProduct=\(hex(productID))\\n
      A: speed=12\\n
      A: manufacturer=\(manufacturer)\\n
      A: product=\(product)\\n

      """
    if !serial.isEmpty { text += "A: serial=\(serial)\\n\n" }
    text += "H: descriptors=\(descriptors)\n"
    return text
  }

  private var deviceDescriptor: [UInt8] {
    [
      18, 1, 0x00, 0x02, 0, 0, 0, 64, UInt8(vendorID & 0xFF),
      UInt8(vendorID >> 8), UInt8(productID & 0xFF), UInt8(productID >> 8),
      0x00, 0x01, 1, 2, serial.isEmpty ? 0 : 3, 1,
    ]
  }

  private var configurationDescriptor: [UInt8] {
    var body: [UInt8] = []
    for (number, interface) in interfaces.enumerated() {
      body += [
        9, 4, UInt8(number), 0, UInt8(interface.endpoints.count),
        interface.interfaceClass, interface.subclass, 0, 0,
      ]
      for endpoint in interface.endpoints {
        body += [
          7, 5, endpoint.address, endpoint.type,
          UInt8(endpoint.maxPacket & 0xFF), UInt8(endpoint.maxPacket >> 8),
          endpoint.type == 3 ? 10 : 0,
        ]
      }
    }
    let total = 9 + body.count
    return [
      9, 2, UInt8(total & 0xFF), UInt8(total >> 8), UInt8(interfaces.count), 1,
      0, 0x80, 50,
    ] + body
  }
}

private func pad3(_ value: Int) -> String {
  let digits = String(value)
  return String(repeating: "0", count: max(0, 3 - digits.count)) + digits
}

private func hex(_ value: UInt16) -> String {
  hex([UInt8(value >> 8), UInt8(value & 0xFF)]).lowercased()
}

private func hex(_ bytes: [UInt8]) -> String {
  let digits = Array("0123456789ABCDEF")
  return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
}

/// A umockdev testbed holding emulated USB devices, one at a time per
/// process: the testbed sets `UMOCKDEV_DIR` for the whole process, so
/// tests that use it take turns (``run(_:)``).
public final class USBEmulation: @unchecked Sendable {
  private let emulator: OpaquePointer

  /// Whether the process runs under umockdev's preload, without which
  /// libusb sees the real system.
  public static var isActive: Bool { usb_emulator_available() != 0 }

  /// Whether the test command demands the emulated tests run
  /// (`HIPFORM_REQUIRE_USB_EMULATION=1`), so they fail rather than skip
  /// when the preload is missing.
  public static var isRequired: Bool {
    ProcessInfo.processInfo.environment["HIPFORM_REQUIRE_USB_EMULATION"] == "1"
  }

  private static let turn = NSLock()

  /// Runs `body` with a fresh testbed, after any other test's has gone.
  ///
  /// - Parameter body: The test.
  /// - Returns: What `body` returns.
  /// - Throws: What `body` throws.
  public static func run<T>(_ body: (USBEmulation) throws -> T) throws -> T {
    try turn.withLock {
      let emulation = USBEmulation()
      return try body(emulation)
    }
  }

  private init() {
    emulator = usb_emulator_new()
  }

  deinit { usb_emulator_free(emulator) }

  /// The testbed's root, which `UMOCKDEV_DIR` names for child processes.
  public var root: String {
    guard let pointer = usb_emulator_root(emulator) else { return "" }
    defer { free(pointer) }
    return String(cString: pointer)
  }

  /// Adds `device`; with `answering`, its usbfs requests are served (only
  /// one device at a time can stream).
  ///
  /// - Parameters:
  ///   - device: The device.
  ///   - answering: Whether this device's usbfs node is emulated.
  /// - Throws: `EmulationError` when umockdev rejects the description.
  public func plug(_ device: EmulatedUSBDevice, answering: Bool = true) throws {
    var message: UnsafeMutablePointer<CChar>?
    let result = device.umockdevDescription.withCString { description in
      guard answering else {
        return usb_emulator_plug(emulator, description, nil, &message)
      }
      return device.devnode.withCString {
        usb_emulator_plug(emulator, description, $0, &message)
      }
    }
    guard result == 0 else {
      let text = message.map { String(cString: $0) } ?? "unknown"
      free(message)
      throw EmulationError(description: "umockdev: \(text)")
    }
  }

  /// Sends the remove uevent and removes the device.
  ///
  /// - Parameter device: A plugged device.
  public func unplug(_ device: EmulatedUSBDevice) {
    usb_emulator_unplug(emulator, device.syspath)
  }

  /// Unplugs `device` as soon as every fed byte has been delivered.
  ///
  /// - Parameter device: The streaming device.
  public func unplugWhenDrained(_ device: EmulatedUSBDevice) {
    usb_emulator_set_drained_action(
      emulator, usb_emulator_when_drained_unplug, device.syspath)
  }

  /// Queues bytes for the bulk IN endpoint.
  ///
  /// - Parameter bytes: What the device sends next.
  public func feed(_ bytes: [UInt8]) {
    usb_emulator_feed(emulator, bytes, bytes.count)
  }

  /// The most bytes one IN transfer gets (0: as many as fit), to cut the
  /// stream at odd places.
  public func setChunk(_ bytes: Int) {
    usb_emulator_set_chunk(emulator, bytes)
  }

  /// Bytes fed but not yet delivered.
  public var pending: Int { usb_emulator_pending(emulator) }

  /// The control OUT requests seen: setup packet and data.
  public var controlRequests: [(setup: [UInt8], data: [UInt8])] {
    let count = min(16, Int(usb_emulator_control_count(emulator)))
    return (0..<count).map { index in
      var setup = [UInt8](repeating: 0, count: 8)
      var data = [UInt8](repeating: 0, count: 64)
      let length = usb_emulator_control(
        emulator, Int32(index), &setup, &data, 64)
      return (setup, Array(data[..<length]))
    }
  }

  /// The bytes the host sent on bulk OUT endpoints.
  public var bulkOut: [UInt8] {
    var data = [UInt8](repeating: 0, count: 4096)
    let length = usb_emulator_bulk_out(emulator, &data, data.count)
    return Array(data[..<length])
  }
}

/// The emulator could not set a device up.
public struct EmulationError: Error, CustomStringConvertible {
  public var description: String

  public init(description: String) {
    self.description = description
  }
}

/// A known sample sequence and its HipForm frame encoding: what an
/// emulated reference device sends.
public enum KnownStream {
  /// `count` samples at `rateHz`, a slow tilt and turn with a gyroscope.
  ///
  /// Decoding the bytes gives the samples back within the wire's
  /// resolution (±4 g in 16 bits: 1.2e-4 g).
  ///
  /// - Parameters:
  ///   - count: How many samples.
  ///   - rateHz: The sample rate.
  ///   - startMicroseconds: The device clock at the first sample.
  /// - Returns: The bytes a device sends (device-info frames included) and
  ///   the samples they carry.
  /// - Throws: `HipDeviceInfo.ValidationError` for a rate the protocol
  ///   cannot carry.
  public static func hipform(
    count: Int, rateHz: Double = 1000, startMicroseconds: UInt32 = 0
  ) throws -> (bytes: [UInt8], samples: [Sample]) {
    let info = try HipDeviceInfo(
      accelerationFullScale: 4, angularRateFullScale: 500, nominalRate: rateHz,
      sensor: .icm42688p, deviceID: 0x0001_0203)
    var encoder = HipFrameEncoder(
      info: info, startMicroseconds: startMicroseconds)
    var bytes: [UInt8] = []
    var samples: [Sample] = []
    for index in 0..<count {
      let t = Double(index) / rateHz
      let phase = 2 * Double.pi * 0.5 * t
      let sample = Sample(
        time: t,
        acceleration: Vector3(0.2 * sin(phase), 0.98, 0.1 * cos(phase)),
        angularRate: Vector3(30 * cos(phase), -5, 12 * sin(phase)))
      encoder.append(sample, to: &bytes)
      samples.append(sample)
    }
    return (bytes, samples)
  }
}
