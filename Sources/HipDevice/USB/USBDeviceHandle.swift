import CLibUSB
import Foundation

/// An open USB device.
///
/// Interfaces claimed through it are released in the reverse order of
/// claiming, and the handle closed, by ``close()`` (or when the handle
/// goes), so the kernel driver a claim displaced gets its interface back.
public final class USBDeviceHandle: @unchecked Sendable {
  public let info: USBDeviceInfo
  let context: USBContext
  let pointer: OpaquePointer
  private let lock = NSLock()
  private var claimed: [Int32] = []
  private var isOpen = true

  init(context: USBContext, device: OpaquePointer, info: USBDeviceInfo)
    throws(USBError)
  {
    var handle: OpaquePointer?
    try Self.check(libusb_open(device, &handle), "open", info: info)
    guard let handle else {
      throw USBError(.other, operation: "open", device: info.name)
    }
    self.context = context
    self.info = info
    pointer = handle
  }

  deinit { close() }

  /// Claims an interface for this process.
  ///
  /// - Parameters:
  ///   - number: `bInterfaceNumber`.
  ///   - detachingKernelDriver: Whether to let libusb unbind a kernel
  ///     driver (`cdc_acm`) for as long as the claim lasts.
  /// - Throws: ``USBError``; `busy` names the processes holding the device.
  public func claim(interface number: Int, detachingKernelDriver: Bool)
    throws(USBError)
  {
    if detachingKernelDriver {
      // Not supported on every platform; the claim then says why.
      _ = libusb_set_auto_detach_kernel_driver(pointer, 1)
    }
    try Self.check(
      libusb_claim_interface(pointer, Int32(number)),
      "claim interface \(number)", info: info)
    lock.withLock { claimed.append(Int32(number)) }
  }

  /// Sends a control request with data to the device (host to device).
  ///
  /// - Parameters:
  ///   - requestType: `bmRequestType`, such as `0x21` (class, interface).
  ///   - request: `bRequest`.
  ///   - value: `wValue`.
  ///   - index: `wIndex`.
  ///   - data: The data stage.
  ///   - timeoutMilliseconds: How long the device may take.
  /// - Throws: ``USBError`` when the request fails or times out.
  public func controlOut(
    requestType: UInt8, request: UInt8, value: UInt16, index: UInt16,
    data: [UInt8] = [], timeoutMilliseconds: UInt32 = 1000
  ) throws(USBError) {
    var bytes = data
    let result = bytes.withUnsafeMutableBufferPointer {
      libusb_control_transfer(
        pointer, requestType, request, value, index, $0.baseAddress,
        UInt16($0.count), timeoutMilliseconds)
    }
    try Self.check(
      result, "control request 0x" + String(request, radix: 16), info: info)
  }

  /// Writes bytes to a bulk OUT endpoint, waiting until they are sent.
  ///
  /// - Parameters:
  ///   - bytes: What to send.
  ///   - endpoint: The OUT endpoint's address.
  ///   - timeoutMilliseconds: How long the device may take.
  /// - Throws: ``USBError`` when the transfer fails or is short.
  public func write(
    _ bytes: [UInt8], endpoint: UInt8, timeoutMilliseconds: UInt32 = 1000
  ) throws(USBError) {
    var data = bytes
    var sent: Int32 = 0
    let result = data.withUnsafeMutableBufferPointer {
      libusb_bulk_transfer(
        pointer, endpoint, $0.baseAddress, Int32($0.count), &sent,
        timeoutMilliseconds)
    }
    let operation = "bulk write 0x" + String(endpoint, radix: 16)
    try Self.check(result, operation, info: info)
    guard Int(sent) == bytes.count else {
      throw USBError(.timeout, operation: operation, device: info.name)
    }
  }

  /// Releases the claimed interfaces, last claimed first, and closes.
  ///
  /// Safe to call more than once.
  public func close() {
    let interfaces: [Int32]? = lock.withLock {
      guard isOpen else { return nil }
      isOpen = false
      defer { claimed = [] }
      return claimed
    }
    guard let interfaces else { return }
    // A device that went away cannot release; closing still frees the
    // handle, so the results are not errors worth reporting.
    for number in interfaces.reversed() {
      _ = libusb_release_interface(pointer, number)
    }
    libusb_close(pointer)
  }

  /// ``USBError/check(_:_:device:)`` with the busy device's holders named.
  static func check(_ result: Int32, _ operation: String, info: USBDeviceInfo)
    throws(USBError)
  {
    guard result < 0 else { return }
    var error = USBError(
      .init(libusbCode: result), operation: operation, device: info.name)
    if error.code == .busy {
      error.holders = ([info.usbNode] + info.serialPorts).flatMap(
        Sysfs.processesHolding)
    }
    throw error
  }
}
