import CLibUSB
import Foundation

/// A libusb session: the library context and the one thread that runs its
/// events (transfer completions, hotplug callbacks).
///
/// The event thread starts when something first needs it and is stopped
/// and joined in ``close()``, before `libusb_exit`: libusb requires that no
/// thread is still handling events when the context goes.
public final class USBContext: @unchecked Sendable {
  let pointer: OpaquePointer
  private let lock = NSLock()
  private var eventThread: Thread?
  private var closed = false
  /// libusb reads this flag from the event thread between waits.
  private let stopEvents = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
  private let eventsEnded = DispatchSemaphore(value: 0)

  /// Initialises libusb.
  ///
  /// - Throws: ``USBError`` when libusb cannot start (no usbfs, no memory).
  public init() throws(USBError) {
    var context: OpaquePointer?
    try USBError.check(libusb_init(&context), "start libusb", device: "libusb")
    guard let context else {
      throw USBError(.other, operation: "start libusb", device: "libusb")
    }
    pointer = context
    stopEvents.initialize(to: 0)
  }

  deinit {
    close()
    stopEvents.deallocate()
  }

  /// Whether this libusb can report devices arriving and leaving.
  public var supportsHotplug: Bool {
    libusb_has_capability(UInt32(LIBUSB_CAP_HAS_HOTPLUG.rawValue)) != 0
  }

  /// Starts the event thread if it is not running.
  func startEvents() {
    lock.withLock {
      guard eventThread == nil, !closed else { return }
      let thread = Thread { [self] in handleEvents() }
      thread.name = "hipform libusb events"
      eventThread = thread
      thread.start()
    }
  }

  private func handleEvents() {
    var wait = timeval(tv_sec: 0, tv_usec: 100_000)
    while stopEvents.pointee == 0 {
      libusb_handle_events_timeout_completed(pointer, &wait, stopEvents)
    }
    eventsEnded.signal()
  }

  /// Stops the event thread and ends the libusb session.
  ///
  /// Every handle and stream from this context must be closed first.
  public func close() {
    let (first, thread) = lock.withLock { () -> (Bool, Thread?) in
      guard !closed else { return (false, nil) }
      closed = true
      return (true, eventThread)
    }
    guard first else { return }
    if thread != nil {
      stopEvents.pointee = 1
      libusb_interrupt_event_handler(pointer)
      eventsEnded.wait()
    }
    libusb_exit(pointer)
  }

  /// Every USB device attached, described from its descriptors and sysfs.
  ///
  /// - Returns: The devices, in bus and address order.
  /// - Throws: ``USBError`` when the device list cannot be read.
  public func devices() throws(USBError) -> [USBDeviceInfo] {
    try withDeviceList { list in
      list.compactMap { USBDeviceInfo(device: $0) }
        .sorted { ($0.bus, $0.address) < ($1.bus, $1.address) }
    }
  }

  /// Opens the device `info` describes.
  ///
  /// - Parameter info: A device from ``devices()``.
  /// - Returns: An open handle.
  /// - Throws: ``USBError``: `noDevice` when it has gone, `access` without
  ///   permission.
  public func open(_ info: USBDeviceInfo) throws(USBError) -> USBDeviceHandle {
    let device: OpaquePointer? = try withDeviceList { list in
      guard
        let match = list.first(where: {
          libusb_get_bus_number($0) == info.bus
            && libusb_get_device_address($0) == info.address
        })
      else { return nil }
      return libusb_ref_device(match)
    }
    guard let device else {
      throw USBError(.noDevice, operation: "open", device: info.name)
    }
    defer { libusb_unref_device(device) }
    return try USBDeviceHandle(context: self, device: device, info: info)
  }

  private func withDeviceList<T>(
    _ body: ([OpaquePointer]) throws(USBError) -> T
  ) throws(USBError) -> T {
    var list: UnsafeMutablePointer<OpaquePointer?>?
    let count = libusb_get_device_list(pointer, &list)
    guard count >= 0, let list else {
      throw USBError(
        .init(libusbCode: Int32(truncatingIfNeeded: count)),
        operation: "list devices", device: "libusb")
    }
    defer { libusb_free_device_list(list, 1) }
    let devices = (0..<count).compactMap { list[$0] }
    return try body(devices)
  }

  /// Calls `onEvent` on the event thread whenever a device with these IDs
  /// arrives or leaves, until the watch is cancelled.
  ///
  /// - Parameters:
  ///   - vendorID: `idVendor` to match.
  ///   - productID: `idProduct` to match.
  ///   - onEvent: Gets `true` for an arrival and `false` for a departure,
  ///     with the device's bus and address. It must not block.
  /// - Returns: The watch; cancel it before closing the context.
  /// - Throws: ``USBError`` `notSupported` without hotplug support.
  public func watch(
    vendorID: UInt16, productID: UInt16,
    onEvent:
      @escaping @Sendable (_ arrived: Bool, _ bus: UInt8, _ address: UInt8)
      -> Void
  ) throws(USBError) -> USBHotplugWatch {
    let watch = USBHotplugWatch(context: self, onEvent: onEvent)
    try watch.register(vendorID: vendorID, productID: productID)
    startEvents()
    return watch
  }
}

/// A registered hotplug callback; ``cancel()`` deregisters it.
public final class USBHotplugWatch: @unchecked Sendable {
  private let context: USBContext
  private let onEvent: @Sendable (Bool, UInt8, UInt8) -> Void
  private var handle: libusb_hotplug_callback_handle = 0
  private var registered = false
  private var retained: Unmanaged<USBHotplugWatch>?

  fileprivate init(
    context: USBContext,
    onEvent: @escaping @Sendable (Bool, UInt8, UInt8) -> Void
  ) {
    self.context = context
    self.onEvent = onEvent
  }

  fileprivate func register(vendorID: UInt16, productID: UInt16)
    throws(USBError)
  {
    let events =
      LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED.rawValue
      | LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT.rawValue
    let box = Unmanaged.passRetained(self)
    let result = libusb_hotplug_register_callback(
      context.pointer, Int32(events), 0, Int32(vendorID), Int32(productID),
      LIBUSB_HOTPLUG_MATCH_ANY, hotplugCallback, box.toOpaque(), &handle)
    guard result == 0 else {
      box.release()
      try USBError.check(
        result, "watch for devices arriving",
        device: USBDeviceInfo.idText(vendorID, productID))
      return
    }
    retained = box
    registered = true
  }

  fileprivate func deliver(_ arrived: Bool, bus: UInt8, address: UInt8) {
    onEvent(arrived, bus, address)
  }

  /// Stops the callbacks.
  public func cancel() {
    guard registered else { return }
    registered = false
    libusb_hotplug_deregister_callback(context.pointer, handle)
    retained?.release()
    retained = nil
  }
}

/// libusb's hotplug callback: hands the event to the watch in `user`.
private let hotplugCallback: libusb_hotplug_callback_fn = {
  _, device, event, user in
  guard let user, let device else { return 0 }
  let watch = Unmanaged<USBHotplugWatch>.fromOpaque(user).takeUnretainedValue()
  watch.deliver(
    event == LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED,
    bus: libusb_get_bus_number(device),
    address: libusb_get_device_address(device))
  return 0
}
