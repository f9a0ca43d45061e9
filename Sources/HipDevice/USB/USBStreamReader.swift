import CLibUSB
import Foundation

/// Streams a bulk IN endpoint with several asynchronous transfers in
/// flight, so the device always has a buffer to fill: at 1000 samples a
/// second no data waits for a resubmission.
///
/// Completions run on the context's event thread; each chunk goes to
/// `onBytes` there, in the order the device sent it, with the host's
/// receive time. `onEnd` is called once, after the last transfer has come
/// back.
public final class USBStreamReader: @unchecked Sendable {
  /// Why streaming ended.
  public enum End: Sendable, Equatable {
    case stopped
    case disconnected
    case failed(USBError)
  }

  public let handle: USBDeviceHandle
  public let endpoint: UInt8
  private let transferSize: Int
  private let inFlightCount: Int
  private let onBytes: @Sendable (ArraySlice<UInt8>, Double) -> Void
  private let onEnd: @Sendable (End) -> Void
  private let lock = NSLock()
  private var transfers: [UnsafeMutablePointer<libusb_transfer>] = []
  private var pending = Set<Int>()
  private var stopping = false
  private var end = End.stopped
  private var lastBytes: ContinuousClock.Instant
  private let started = ContinuousClock.now
  private let finished = DispatchSemaphore(value: 0)
  private var retainedWhileStreaming: Unmanaged<USBStreamReader>?

  /// Creates the reader; nothing is submitted until ``start()``.
  ///
  /// - Parameters:
  ///   - handle: The open device, its interface claimed.
  ///   - endpoint: The bulk IN endpoint address.
  ///   - transferSize: Bytes per transfer; a transfer completes early on a
  ///     short packet, so this bounds latency only for a flood of data.
  ///   - inFlight: Transfers kept submitted.
  ///   - onBytes: Each chunk and when it arrived, seconds since start.
  ///   - onEnd: Called once when streaming ends.
  public init(
    handle: USBDeviceHandle, endpoint: UInt8, transferSize: Int = 512,
    inFlight: Int = 8,
    onBytes: @escaping @Sendable (ArraySlice<UInt8>, Double) -> Void,
    onEnd: @escaping @Sendable (End) -> Void
  ) {
    self.handle = handle
    self.endpoint = endpoint
    self.transferSize = transferSize
    self.inFlightCount = inFlight
    self.onBytes = onBytes
    self.onEnd = onEnd
    lastBytes = started
  }

  /// Seconds since bytes last arrived (or since start).
  public var secondsSinceBytes: Double {
    (ContinuousClock.now - lock.withLock { lastBytes }).seconds
  }

  /// Submits the transfers and starts the context's event thread.
  ///
  /// - Throws: ``USBError`` when not one transfer could be submitted.
  public func start() throws(USBError) {
    retainedWhileStreaming = Unmanaged.passRetained(self)
    let user = retainedWhileStreaming?.toOpaque()
    var firstError: Int32 = 0
    lock.lock()
    for _ in 0..<inFlightCount {
      guard let transfer = libusb_alloc_transfer(0) else { continue }
      // malloc, because libusb frees the buffer with the transfer.
      guard let memory = malloc(transferSize) else {
        libusb_free_transfer(transfer)
        continue
      }
      libusb_fill_bulk_transfer(
        transfer, handle.pointer, endpoint,
        memory.assumingMemoryBound(to: UInt8.self), Int32(transferSize),
        transferDone, user, 0)
      transfer.pointee.flags = UInt8(LIBUSB_TRANSFER_FREE_BUFFER.rawValue)
      transfers.append(transfer)
      let result = libusb_submit_transfer(transfer)
      if result == 0 {
        pending.insert(transfers.count - 1)
      } else if firstError == 0 {
        firstError = result
      }
    }
    let submitted = !pending.isEmpty
    lock.unlock()
    guard submitted else {
      freeTransfers()
      retainedWhileStreaming?.release()
      retainedWhileStreaming = nil
      try USBDeviceHandle.check(
        firstError == 0 ? Int32(LIBUSB_ERROR_NO_MEM.rawValue) : firstError,
        "bulk read 0x" + String(endpoint, radix: 16), info: handle.info)
      return
    }
    handle.context.startEvents()
  }

  /// Cancels the transfers and waits until every one has come back.
  public func stop() {
    lock.withLock {
      stopping = true
      for index in pending { _ = libusb_cancel_transfer(transfers[index]) }
    }
    wait()
  }

  /// Waits until streaming has ended.
  public func wait() {
    guard lock.withLock({ !transfers.isEmpty }) else { return }
    finished.wait()
    finished.signal()
  }

  fileprivate func completed(_ transfer: UnsafeMutablePointer<libusb_transfer>)
  {
    let status = transfer.pointee.status
    let now = ContinuousClock.now
    if status == LIBUSB_TRANSFER_COMPLETED, transfer.pointee.actual_length > 0 {
      let count = Int(transfer.pointee.actual_length)
      let bytes = UnsafeBufferPointer(
        start: transfer.pointee.buffer, count: count)
      onBytes(Array(bytes)[...], (now - started).seconds)
    }
    let last: Bool = lock.withLock {
      guard let index = transfers.firstIndex(of: transfer) else { return false }
      if status == LIBUSB_TRANSFER_COMPLETED {
        if transfer.pointee.actual_length > 0 { lastBytes = now }
        if !stopping {
          let result = libusb_submit_transfer(transfer)
          if result == 0 { return false }
          finish(with: USBError.Code(libusbCode: result))
        }
      } else if status != LIBUSB_TRANSFER_CANCELLED {
        finish(with: USBError.Code(transferStatus: status))
      }
      pending.remove(index)
      return pending.isEmpty
    }
    guard last else { return }
    let end = lock.withLock { self.end }
    onEnd(end)
    freeTransfers()
    finished.signal()
    retainedWhileStreaming?.release()
    retainedWhileStreaming = nil
  }

  /// Records why streaming ends and cancels the other transfers (lock held).
  private func finish(with code: USBError.Code) {
    guard !stopping else { return }
    stopping = true
    end =
      code == .noDevice
      ? .disconnected
      : .failed(
        USBError(
          code, operation: "bulk read 0x" + String(endpoint, radix: 16),
          device: handle.info.name))
    for index in pending { _ = libusb_cancel_transfer(transfers[index]) }
  }

  private func freeTransfers() {
    lock.withLock {
      for transfer in transfers { libusb_free_transfer(transfer) }
      transfers = []
    }
  }
}

/// libusb's completion callback: hands the transfer to its reader.
private let transferDone: libusb_transfer_cb_fn = { transfer in
  guard let transfer, let user = transfer.pointee.user_data else { return }
  Unmanaged<USBStreamReader>.fromOpaque(user).takeUnretainedValue()
    .completed(transfer)
}
