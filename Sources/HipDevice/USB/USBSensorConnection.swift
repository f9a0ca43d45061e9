import CLibUSB

/// A USB sensor opened for streaming through libusb: the HipForm reference
/// device's vendor bulk interface, or a CDC-ACM board read without its
/// kernel tty.
public final class USBSensorConnection: @unchecked Sendable {
  public let handle: USBDeviceHandle
  /// Where the sensor's bytes come from.
  public let inEndpoint: UInt8
  /// Where commands go, if the device takes any.
  public let outEndpoint: UInt8?

  /// Opens `info`, claims what streaming needs and, for CDC-ACM, sets the
  /// line coding and the DTR/RTS lines.
  ///
  /// - Parameters:
  ///   - info: The device.
  ///   - context: The libusb session.
  ///   - baud: The line rate CDC-ACM devices are told (most ignore it).
  ///   - assertDTR: Whether to raise DTR and RTS: many boards send nothing
  ///     until DTR is up.
  /// - Returns: The open connection.
  /// - Throws: ``USBError``: `notSupported` when the device has neither a
  ///   vendor bulk interface nor CDC-ACM, or what opening and claiming met.
  public static func open(
    _ info: USBDeviceInfo, context: USBContext, baud: Int, assertDTR: Bool
  ) throws(USBError) -> USBSensorConnection {
    if let vendor = info.vendorBulkInterface, let input = vendor.bulkIn {
      let handle = try context.open(info)
      try handle.claim(interface: vendor.number, detachingKernelDriver: false)
      return USBSensorConnection(
        handle: handle, inEndpoint: input.address,
        outEndpoint: vendor.bulkOut?.address)
    }
    guard let cdc = info.cdcInterfaces, let input = cdc.data.bulkIn else {
      throw USBError(
        .notSupported, operation: "find a bulk or CDC-ACM interface",
        device: info.name)
    }
    let handle = try context.open(info)
    // The kernel's cdc_acm owns both interfaces; libusb unbinds it for as
    // long as the claims last and it rebinds when they are released.
    try handle.claim(interface: cdc.control.number, detachingKernelDriver: true)
    try handle.claim(interface: cdc.data.number, detachingKernelDriver: true)
    let interface = UInt16(cdc.control.number)
    try handle.controlOut(
      requestType: CDCRequest.classInterfaceOut,
      request: CDCRequest.setLineCoding, value: 0, index: interface,
      data: CDCRequest.lineCoding(baud: baud))
    try handle.controlOut(
      requestType: CDCRequest.classInterfaceOut,
      request: CDCRequest.setControlLineState,
      value: assertDTR ? CDCRequest.dtrAndRTS : 0, index: interface)
    return USBSensorConnection(
      handle: handle, inEndpoint: input.address,
      outEndpoint: cdc.data.bulkOut?.address)
  }

  private init(handle: USBDeviceHandle, inEndpoint: UInt8, outEndpoint: UInt8?)
  {
    self.handle = handle
    self.inEndpoint = inEndpoint
    self.outEndpoint = outEndpoint
  }

  /// Sends a command to the device.
  ///
  /// - Parameter bytes: The command.
  /// - Throws: ``USBError`` `notSupported` when the device has no OUT
  ///   endpoint, or what the transfer met.
  public func write(_ bytes: [UInt8]) throws(USBError) {
    guard let outEndpoint else {
      throw USBError(
        .notSupported, operation: "send a command (no OUT endpoint)",
        device: handle.info.name)
    }
    try handle.write(bytes, endpoint: outEndpoint)
  }

  /// A reader for the IN endpoint.
  ///
  /// - Parameters:
  ///   - onBytes: Each chunk and when it arrived.
  ///   - onEnd: Called once when streaming ends.
  /// - Returns: The reader, not yet started.
  public func makeReader(
    onBytes: @escaping @Sendable (ArraySlice<UInt8>, Double) -> Void,
    onEnd: @escaping @Sendable (USBStreamReader.End) -> Void
  ) -> USBStreamReader {
    USBStreamReader(
      handle: handle, endpoint: inEndpoint, onBytes: onBytes, onEnd: onEnd)
  }

  /// Releases the interfaces (the kernel driver gets them back) and closes.
  public func close() { handle.close() }
}

/// The USB CDC (PSTN) requests that set up a virtual serial line.
public enum CDCRequest {
  /// `bmRequestType`: host to device, class request, to an interface.
  public static let classInterfaceOut: UInt8 = 0x21
  /// `SET_LINE_CODING`: baud, stop bits, parity, data bits.
  public static let setLineCoding: UInt8 = 0x20
  /// `SET_CONTROL_LINE_STATE`: bit 0 DTR, bit 1 RTS.
  public static let setControlLineState: UInt8 = 0x22
  /// `wValue` raising both DTR and RTS.
  public static let dtrAndRTS: UInt16 = 0x0003

  /// The 7-byte `SET_LINE_CODING` data for 8 data bits, no parity, 1 stop
  /// bit.
  ///
  /// - Parameter baud: The line rate.
  /// - Returns: `dwDTERate` (u32 little-endian), `bCharFormat` 0,
  ///   `bParityType` 0, `bDataBits` 8.
  public static func lineCoding(baud: Int) -> [UInt8] {
    let rate = UInt32(clamping: baud)
    return [
      UInt8(rate & 0xFF), UInt8(rate >> 8 & 0xFF), UInt8(rate >> 16 & 0xFF),
      UInt8(rate >> 24), 0, 0, 8,
    ]
  }
}
