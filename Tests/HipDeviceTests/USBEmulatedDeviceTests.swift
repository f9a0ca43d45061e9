import Foundation
import HipCore
import HipUSBTestSupport
import Testing

@testable import HipDevice

/// libusb for real, against devices umockdev emulates: run under
/// `umockdev-wrapper` (Scripts/test.sh does; it sets
/// HIPFORM_REQUIRE_USB_EMULATION=1 so that these fail there rather than
/// skip).
@Suite(.enabled(if: USBEmulation.isActive || USBEmulation.isRequired))
struct USBEmulatedDeviceTests {
  init() throws {
    try #require(
      USBEmulation.isActive,
      "run under umockdev-wrapper (LD_PRELOAD=libumockdev-preload.so.0)")
  }

  @Test func enumerationShowsEachDeviceWithItsStringsPortsAndKind() throws {
    try USBEmulation.run { emulation in
      try emulation.plug(.hipformReference)
      try emulation.plug(.cdcBoard, answering: false)
      try emulation.plug(.serialBridge, answering: false)
      let context = try USBContext()
      defer { context.close() }
      let devices = try context.devices()
      #expect(devices.map(\.idText) == ["1209:0001", "2e8a:000a", "1a86:7523"])

      let reference = try #require(devices.first)
      #expect(reference.manufacturer == "HipForm")
      #expect(reference.product == "HipForm IMU")
      #expect(reference.serialNumber == "HF-TEST-0001")
      #expect(reference.usbNode == "/dev/bus/usb/001/002")
      #expect(reference.portPath == "1-1")
      #expect(reference.known?.link == .vendorBulk)
      #expect(reference.vendorBulkInterface?.bulkIn?.address == 0x81)
      #expect(reference.vendorBulkInterface?.bulkOut?.address == 0x01)
      #expect(reference.serialPorts.isEmpty)

      let board = devices[1]
      #expect(board.cdcInterfaces?.control.number == 0)
      #expect(board.cdcInterfaces?.data.bulkIn?.address == 0x82)
      #expect(board.known?.link == .cdcACM)

      let bridge = devices[2]
      #expect(bridge.serialPorts == ["/dev/ttyUSB0"])
      #expect(bridge.serialNumber == nil)
      #expect(bridge.known?.link == .serialBridge)
      #expect(devices.allSatisfy { $0.couldBeSensor })
    }
  }

  @Test func aSessionStreamsAndDecodesAKnownSequenceWithoutLoss() throws {
    let (bytes, expected) = try KnownStream.hipform(count: 3000)
    try USBEmulation.run { emulation in
      try emulation.plug(.hipformReference)
      // 61 bytes per transfer: frames are cut at every possible place.
      emulation.setChunk(61)
      emulation.feed(bytes)
      let received = try stream(
        from: .hipformReference, byteCount: bytes.count)
      #expect(received.bytes == bytes)
      #expect(received.end == .stopped)

      var decoder = HipFrameDecoder()
      var decoded: [DecodedSample] = []
      decoder.decode(received.bytes[...], into: &decoded)
      #expect(decoded.count == expected.count)
      #expect(decoder.counters.badChecksums == 0)
      #expect(decoder.counters.bytesSkipped == 0)
      for (sample, truth) in zip(decoded, expected) {
        #expect(abs(sample.acceleration.y - truth.acceleration.y) < 2e-4)
      }
    }
  }

  @Test func anUnplugEndsTheStreamAfterEveryByteSent() throws {
    let (bytes, _) = try KnownStream.hipform(count: 500)
    try USBEmulation.run { emulation in
      try emulation.plug(.hipformReference)
      emulation.feed(bytes)
      emulation.unplugWhenDrained(.hipformReference)
      let received = try stream(from: .hipformReference, byteCount: nil)
      #expect(received.end == .disconnected)
      #expect(received.bytes == bytes)
    }
  }

  @Test func stoppingAQuietDeviceCancelsEveryTransfer() throws {
    try USBEmulation.run { emulation in
      try emulation.plug(.hipformReference)
      try withConnection(to: .hipformReference) { connection in
        let ended = Box<USBStreamReader.End>()
        let reader = connection.makeReader(
          onBytes: { _, _ in }, onEnd: { ended.set($0) })
        try reader.start()
        reader.stop()
        #expect(ended.get() == .stopped)
      }
    }
  }

  @Test func aCDCBoardIsSetUpWithLineCodingAndDTRBeforeStreaming() throws {
    let text = Array("1.0,0.01,0.98,0.02\n".utf8)
    try USBEmulation.run { emulation in
      try emulation.plug(.cdcBoard)
      emulation.feed(text)
      let received = try stream(
        from: .cdcBoard, byteCount: text.count, baud: 230_400)
      #expect(received.bytes == text)
      let requests = emulation.controlRequests
      #expect(requests.count == 2)
      // SET_LINE_CODING to interface 0: 230400 baud, 8N1.
      #expect(requests.first?.setup == [0x21, 0x20, 0, 0, 0, 0, 7, 0])
      #expect(requests.first?.data == [0x00, 0x84, 0x03, 0x00, 0, 0, 8])
      // SET_CONTROL_LINE_STATE: DTR and RTS.
      #expect(requests.last?.setup == [0x21, 0x22, 3, 0, 0, 0, 0, 0])
    }
  }

  @Test func commandsGoToTheBulkOutEndpoint() throws {
    try USBEmulation.run { emulation in
      try emulation.plug(.hipformReference)
      try withConnection(to: .hipformReference) { connection in
        try connection.write(HipFrame.requestDeviceInfo)
      }
      #expect(emulation.bulkOut == HipFrame.requestDeviceInfo)
    }
  }

  @Test func hotplugReportsTheDeviceLeavingAndComingBack() throws {
    try USBEmulation.run { emulation in
      try emulation.plug(.hipformReference)
      let context = try USBContext()
      defer { context.close() }
      let events = EventLog()
      let watch = try context.watch(vendorID: 0x1209, productID: 0x0001) {
        arrived, _, _ in events.append(arrived)
      }
      defer { watch.cancel() }
      emulation.unplug(.hipformReference)
      try events.wait(forCount: 1)
      try emulation.plug(.hipformReference)
      try events.wait(forCount: 2)
      #expect(events.all == [false, true])
    }
  }

  /// Opens the emulated device through libusb for `body`, and closes it.
  private func withConnection<T>(
    to emulated: EmulatedUSBDevice, baud: Int = 115_200,
    _ body: (USBSensorConnection) throws -> T
  ) throws -> T {
    let context = try USBContext()
    defer { context.close() }
    let device = try #require(
      try context.devices().first { $0.vendorID == emulated.vendorID })
    let connection = try USBSensorConnection.open(
      device, context: context, baud: baud, assertDTR: true)
    defer { connection.close() }
    return try body(connection)
  }

  /// Streams the device's bulk IN endpoint until `byteCount` bytes came
  /// (then stops) or, with `nil`, until the stream ends by itself.
  private func stream(
    from emulated: EmulatedUSBDevice, byteCount: Int?, baud: Int = 115_200
  ) throws -> (bytes: [UInt8], end: USBStreamReader.End?) {
    try withConnection(to: emulated, baud: baud) { connection in
      let collected = ByteLog(until: byteCount)
      let ended = Box<USBStreamReader.End>()
      let reader = connection.makeReader(
        onBytes: { bytes, _ in collected.append(bytes) },
        onEnd: { end in
          ended.set(end)
          collected.finish()
        })
      try reader.start()
      try collected.waitUntilDone()
      reader.stop()
      return (collected.bytes, ended.get())
    }
  }
}

/// A value set on another thread.
final class Box<Value: Sendable>: @unchecked Sendable {
  private let lock = NSLock()
  private var value: Value?
  func set(_ newValue: Value) { lock.withLock { value = newValue } }
  func get() -> Value? { lock.withLock { value } }
}

/// Bytes collected on the event thread.
///
/// With a wait for enough of them or for the stream's end; the wait's limit
/// only turns a hang into a failure.
final class ByteLog: @unchecked Sendable {
  private let lock = NSLock()
  private let done = DispatchSemaphore(value: 0)
  private var collected: [UInt8] = []
  private var signalled = false
  private let target: Int?

  init(until target: Int?) { self.target = target }

  var bytes: [UInt8] { lock.withLock { collected } }

  func append(_ chunk: ArraySlice<UInt8>) {
    let reached = lock.withLock {
      collected += chunk
      return target.map { collected.count >= $0 } ?? false
    }
    if reached { finish() }
  }

  func finish() {
    let first = lock.withLock {
      defer { signalled = true }
      return !signalled
    }
    if first { done.signal() }
  }

  func waitUntilDone() throws {
    guard done.wait(timeout: .now() + 60) == .success else {
      throw EmulationError(description: "the stream neither filled nor ended")
    }
  }
}

/// Hotplug events, in order, with a wait for a number of them.
final class EventLog: @unchecked Sendable {
  private let lock = NSLock()
  private let arrived = DispatchSemaphore(value: 0)
  private var events: [Bool] = []

  var all: [Bool] { lock.withLock { events } }

  func append(_ event: Bool) {
    lock.withLock { events.append(event) }
    arrived.signal()
  }

  func wait(forCount count: Int) throws {
    while all.count < count {
      guard arrived.wait(timeout: .now() + 30) == .success else {
        throw EmulationError(description: "no hotplug event came")
      }
    }
  }
}
