/// How to open a serial port.
public struct SerialSettings: Sendable, Equatable {
  /// Bits per second; non-standard rates use termios2.
  public var baud: Int
  /// Raise DTR after opening (native-USB boards wait for it; on some
  /// boards it is a reset, so it can be turned off).
  public var assertDTR: Bool
  /// Refuse other openers while the port is in use.
  public var exclusive: Bool

  public init(
    baud: Int = 115_200, assertDTR: Bool = true, exclusive: Bool = true
  ) {
    self.baud = baud
    self.assertDTR = assertDTR
    self.exclusive = exclusive
  }
}

/// An open serial port in raw mode, read without blocking.
///
/// The descriptor is closed when the port is released.
public final class SerialPort: @unchecked Sendable {
  public let path: String
  public let settings: SerialSettings
  private var descriptor: Int32
  /// Bytes read while waiting for a command's reply, handed out by the
  /// next reads before anything new, so that no sample read early is lost.
  private var readAhead: [UInt8] = []
  private var readAheadStart = 0

  /// What one wait for input found.
  public enum ReadResult: Equatable, Sendable {
    /// This many bytes arrived (in the buffer passed in).
    case bytes(Int)
    /// Nothing arrived within the timeout.
    case timeout
    /// The device hung up: unplugged, powered off or the other side closed.
    case disconnected
  }

  /// Opens and configures `path`.
  ///
  /// - Throws: ``SerialError`` naming the port and the step that failed,
  ///   with advice for permissions (`dialout`), a busy port and a missing
  ///   device.
  public init(path: String, settings: SerialSettings = SerialSettings())
    throws(SerialError)
  {
    self.path = path
    self.settings = settings
    let fd = Syscall.open(
      path,
      Syscall.readWrite | Syscall.noControllingTerminal | Syscall.nonBlocking
        | Syscall.closeOnExec)
    guard fd >= 0 else {
      throw SerialError(
        port: path, operation: "open", code: Syscall.lastError())
    }
    descriptor = fd
    do {
      try configure()
    } catch {
      _ = Syscall.close(fd)
      descriptor = -1
      throw error
    }
  }

  /// Adopts an already-open tty descriptor (a pseudo-terminal's device
  /// side), configuring it the same way; the port then owns it.
  init(adopting fd: Int32, path: String, settings: SerialSettings)
    throws(SerialError)
  {
    self.path = path
    self.settings = settings
    descriptor = fd
    try configure()
  }

  deinit {
    if descriptor >= 0 { _ = Syscall.close(descriptor) }
  }

  private func configure() throws(SerialError) {
    if settings.exclusive, Syscall.exclusive(descriptor) != 0 {
      throw SerialError(
        port: path, operation: "lock (TIOCEXCL)", code: Syscall.lastError())
    }
    let standard = Syscall.standardSpeed(settings.baud)
    guard Syscall.makeRaw(descriptor, speed: standard) == 0 else {
      throw SerialError(
        port: path, operation: "configure raw mode", code: Syscall.lastError())
    }
    if standard == nil,
      Syscall.setCustomBaud(descriptor, UInt32(settings.baud)) != 0
    {
      throw SerialError(
        port: path, operation: "set \(settings.baud) baud (termios2)",
        code: Syscall.lastError())
    }
    // Pseudo-terminals and some adapters have no modem lines; a refusal
    // there is harmless, so only a real tty's failure would matter and
    // there the read that follows reports it.
    _ = Syscall.setDTR(descriptor, settings.assertDTR)
  }

  /// Waits up to `timeoutMilliseconds` for input and reads what arrived
  /// into `buffer` (its whole capacity may be used).
  ///
  /// Bytes read ahead (see ``keepForNextReads(_:)``) come first, without
  /// waiting.
  public func read(into buffer: inout [UInt8], timeoutMilliseconds: Int32)
    throws(SerialError) -> ReadResult
  {
    if readAheadStart < readAhead.count, !buffer.isEmpty {
      let count = min(buffer.count, readAhead.count - readAheadStart)
      buffer.replaceSubrange(
        0..<count, with: readAhead[readAheadStart..<(readAheadStart + count)])
      readAheadStart += count
      if readAheadStart == readAhead.count {
        readAhead = []
        readAheadStart = 0
      }
      return .bytes(count)
    }
    let (ready, events) = Syscall.pollInput(
      descriptor, timeoutMilliseconds: timeoutMilliseconds)
    guard ready >= 0 else {
      throw SerialError(
        port: path, operation: "poll", code: Syscall.lastError())
    }
    if ready == 0 { return .timeout }
    if events & Syscall.invalidDescriptor != 0 { return .disconnected }
    let count = Syscall.read(descriptor, &buffer)
    if count > 0 { return .bytes(count) }
    if count == 0 { return .disconnected }
    let code = Syscall.lastError()
    if code == Syscall.tryAgain {
      return events & (Syscall.hangUp | Syscall.pollError) != 0
        ? .disconnected : .timeout
    }
    let error = SerialError(port: path, operation: "read", code: code)
    if error.isDisconnect { return .disconnected }
    throw error
  }

  /// The `poll` timeout that waits until `deadline`, rounded up so that a
  /// wait never ends just before it.
  ///
  /// - Parameter deadline: When the wait must end.
  /// - Returns: Milliseconds, or `nil` once the deadline has passed.
  static func milliseconds(until deadline: ContinuousClock.Instant) -> Int32? {
    let left = deadline - ContinuousClock.now
    guard left > .zero else { return nil }
    let (seconds, attoseconds) = left.components
    return Int32(
      clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
  }

  /// Puts bytes already read back in front of what the next reads return.
  ///
  /// - Parameter bytes: Bytes taken from this port, in the order they are
  ///   to be read again.
  func keepForNextReads(_ bytes: [UInt8]) {
    readAhead = bytes + readAhead[readAheadStart...]
    readAheadStart = 0
  }

  /// Writes all of `bytes` (commands to the device).
  public func write(_ bytes: [UInt8]) throws(SerialError) {
    var offset = 0
    while offset < bytes.count {
      let count = Syscall.write(descriptor, bytes[offset...])
      if count < 0 {
        let code = Syscall.lastError()
        if code == Syscall.tryAgain {
          _ = Syscall.pollInput(descriptor, timeoutMilliseconds: 10)
          continue
        }
        throw SerialError(port: path, operation: "write", code: code)
      }
      offset += count
    }
  }

  /// Closes the port now rather than when it is released.
  public func close() {
    if descriptor >= 0 { _ = Syscall.close(descriptor) }
    descriptor = -1
  }
}

/// A pseudo-terminal pair: a fake serial device for simulation and tests.
///
/// The device side is a real tty path that ``SerialPort`` opens like any
/// port; whatever is written to the controller arrives there.
public final class PseudoTerminal: @unchecked Sendable {
  /// The path a reader opens, such as `/dev/pts/3`.
  public let devicePath: String
  var controller: Int32
  var device: Int32

  /// Opens a pair and puts the device side in raw mode at once, so bytes
  /// written before a reader configures it are not mangled (no CR/LF
  /// translation, no echo).
  public init() throws(SerialError) {
    guard let (controller, device, path) = Syscall.openPseudoTerminal() else {
      throw SerialError(
        port: "pseudo-terminal", operation: "openpty", code: Syscall.lastError()
      )
    }
    self.controller = controller
    self.device = device
    devicePath = path
    guard Syscall.makeRaw(device, speed: Syscall.standardSpeed(115_200)) == 0
    else {
      throw SerialError(
        port: path, operation: "configure raw mode", code: Syscall.lastError())
    }
  }

  deinit { closeAll() }

  /// How long ``send(_:)`` waits for a reader that takes nothing.
  public static let stalledReaderMilliseconds: Int32 = 5_000

  /// Writes bytes as the device would send them.
  ///
  /// A full buffer that does not drain for
  /// ``stalledReaderMilliseconds`` means the reader went away or stopped
  /// reading: sending on would only pile up a backlog that a later reader
  /// receives as one stale burst, so the send fails instead.
  ///
  /// - Throws: ``SerialError`` when a write fails or the reader stalls.
  public func send(_ bytes: [UInt8]) throws(SerialError) {
    var offset = 0
    while offset < bytes.count {
      let count = Syscall.write(controller, bytes[offset...])
      if count < 0 {
        let code = Syscall.lastError()
        guard code == Syscall.tryAgain else {
          throw SerialError(port: devicePath, operation: "write", code: code)
        }
        let ready = Syscall.pollOutput(
          controller, timeoutMilliseconds: Self.stalledReaderMilliseconds)
        if ready == 0 {
          throw SerialError(
            port: devicePath,
            operation:
              "write: the reader took nothing for "
              + "\(Self.stalledReaderMilliseconds / 1000) s (it went away or "
              + "stopped reading)",
            code: 0)
        }
        continue
      }
      offset += count
    }
  }

  /// Reads what a host wrote to the device (commands), waiting up to
  /// `timeoutMilliseconds`.
  public func receive(timeoutMilliseconds: Int32) -> [UInt8] {
    let (ready, _) = Syscall.pollInput(
      controller, timeoutMilliseconds: timeoutMilliseconds)
    guard ready > 0 else { return [] }
    var buffer = [UInt8](repeating: 0, count: 4096)
    let count = Syscall.read(controller, &buffer)
    return count > 0 ? Array(buffer[..<count]) : []
  }

  /// Keeps the device side open only through readers: once the reader
  /// closes, the controller sees a hang-up.
  public func releaseDeviceSide() {
    if device >= 0 { _ = Syscall.close(device) }
    device = -1
  }

  /// Hangs up, as an unplugged cable would.
  public func unplug() { closeAll() }

  private func closeAll() {
    if device >= 0 { _ = Syscall.close(device) }
    if controller >= 0 { _ = Syscall.close(controller) }
    device = -1
    controller = -1
  }
}
