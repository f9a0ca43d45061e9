import CSerialBaud
import Glibc

/// The one door to the C library for serial ports.
///
/// Every libc call the serial adapter makes is here, as a small function
/// that retries EINTR and returns the C result; callers turn failures into
/// `SerialError`.
enum Syscall {
  static func open(_ path: String, _ flags: Int32) -> Int32 {
    retryingInterrupts { Glibc.open(path, flags) }
  }

  static func close(_ fd: Int32) -> Int32 { Glibc.close(fd) }

  static func read(_ fd: Int32, _ buffer: inout [UInt8]) -> Int {
    let count = buffer.count
    return buffer.withUnsafeMutableBytes { raw in
      retryingInterrupts { Glibc.read(fd, raw.baseAddress, count) }
    }
  }

  static func write(_ fd: Int32, _ bytes: ArraySlice<UInt8>) -> Int {
    bytes.withUnsafeBytes { raw in
      retryingInterrupts { Glibc.write(fd, raw.baseAddress, raw.count) }
    }
  }

  /// Polls one descriptor for input; returns the C result and the events.
  static func pollInput(_ fd: Int32, timeoutMilliseconds: Int32) -> (
    Int32, Int16
  ) {
    var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
    let result = retryingInterrupts { poll(&entry, 1, timeoutMilliseconds) }
    return (result, entry.revents)
  }

  /// Waits until `fd` can take bytes; > 0 when it can, 0 on timeout.
  static func pollOutput(_ fd: Int32, timeoutMilliseconds: Int32) -> Int32 {
    var entry = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
    return retryingInterrupts { poll(&entry, 1, timeoutMilliseconds) }
  }

  /// Puts a tty in raw mode at a standard rate (or leaves the rate for
  /// `system_setCustomBaud`), 8N1, no flow control, reads that never block.
  static func makeRaw(_ fd: Int32, speed: speed_t?) -> Int32 {
    var settings = termios()
    guard tcgetattr(fd, &settings) == 0 else { return -1 }
    cfmakeraw(&settings)
    settings.c_cflag |= tcflag_t(CLOCAL | CREAD)
    settings.c_cflag &= ~tcflag_t(CRTSCTS)
    if let speed {
      guard cfsetispeed(&settings, speed) == 0,
        cfsetospeed(&settings, speed) == 0
      else { return -1 }
    }
    withUnsafeMutableBytes(of: &settings.c_cc) { cc in
      cc[Int(VMIN)] = 0
      cc[Int(VTIME)] = 0
    }
    guard tcsetattr(fd, TCSANOW, &settings) == 0 else { return -1 }
    return tcflush(fd, TCIFLUSH)
  }

  static func setCustomBaud(_ fd: Int32, _ rate: UInt32) -> Int32 {
    hipform_set_custom_baud(fd, rate)
  }

  /// Takes the port for this process alone (`TIOCEXCL`).
  static func exclusive(_ fd: Int32) -> Int32 {
    ioctl(fd, UInt(TIOCEXCL))
  }

  /// Raises or lowers DTR (and RTS with it), which some boards need to talk
  /// and others take as a reset.
  static func setDTR(_ fd: Int32, _ on: Bool) -> Int32 {
    var bits = Int32(TIOCM_DTR | TIOCM_RTS)
    return ioctl(fd, UInt(on ? TIOCMBIS : TIOCMBIC), &bits)
  }

  /// A pseudo-terminal pair: (controller, device-side path's descriptor).
  ///
  /// Both descriptors are made close-on-exec: a child process that
  /// inherited the controller would keep the device side from ever seeing
  /// the hang-up of ``PseudoTerminal``'s `unplug()`. (`openpty` cannot set
  /// the flag itself, so a program that starts children on other threads
  /// opens pairs while no child is being started.)
  static func openPseudoTerminal() -> (Int32, Int32, String)? {
    var controller: Int32 = -1
    var device: Int32 = -1
    guard openpty(&controller, &device, nil, nil, nil) == 0 else {
      return nil
    }
    // ttyname_r, not ttyname: tests open pairs on several threads.
    var name = [CChar](repeating: 0, count: 256)
    // The controller never blocks: a send to a reader that went away must
    // be able to notice (`PseudoTerminal.send`).
    guard fcntl(controller, F_SETFD, FD_CLOEXEC) == 0,
      fcntl(device, F_SETFD, FD_CLOEXEC) == 0,
      fcntl(controller, F_SETFL, fcntl(controller, F_GETFL) | O_NONBLOCK) == 0,
      ttyname_r(device, &name, name.count) == 0
    else {
      let code = errno
      _ = Glibc.close(controller)
      _ = Glibc.close(device)
      errno = code
      return nil
    }
    let path = String(
      decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) },
      as: UTF8.self)
    return (controller, device, path)
  }

  /// Turns packet mode (`TIOCPKT`) on or off on a pseudo-terminal's
  /// controller, so that it hears of the device side's flushes.
  static func setPacketMode(_ fd: Int32, _ on: Bool) -> Int32 {
    var flag: Int32 = on ? 1 : 0
    return ioctl(fd, UInt(TIOCPKT), &flag)
  }

  /// Polls a descriptor for input or a packet-mode status change; returns
  /// the C result.
  static func pollStatus(_ fd: Int32, timeoutMilliseconds: Int32) -> Int32 {
    var entry = pollfd(fd: fd, events: Int16(POLLIN | POLLPRI), revents: 0)
    return retryingInterrupts { poll(&entry, 1, timeoutMilliseconds) }
  }

  /// The packet-mode status bit saying the device side flushed its input.
  static let packetFlushRead = UInt8(TIOCPKT_FLUSHREAD)

  /// The `poll` event that says a descriptor has bytes to read.
  static let readableEvent = Int16(POLLIN)

  /// Bytes waiting in a tty's line discipline (`TIOCINQ`), or -1.
  static func inputQueued(_ fd: Int32) -> Int32 {
    var count: Int32 = 0
    guard ioctl(fd, UInt(TIOCINQ), &count) == 0 else { return -1 }
    return count
  }

  /// Sleeps for a number of milliseconds.
  static func sleep(milliseconds: Int32) {
    var request = timespec(
      tv_sec: Int(milliseconds / 1000),
      tv_nsec: Int(milliseconds % 1000) * 1_000_000)
    var remaining = timespec()
    while nanosleep(&request, &remaining) != 0 && errno == EINTR {
      request = remaining
    }
  }

  /// Makes SIGINT and SIGTERM call `handler` (which must only do
  /// async-signal-safe work, such as setting an atomic flag).
  static func installStopHandler(
    _ handler: @convention(c) (Int32) -> Void
  ) -> Int32 {
    var action = sigaction()
    action.__sigaction_handler.sa_handler = handler
    sigemptyset(&action.sa_mask)
    action.sa_flags = 0
    for signal in [SIGINT, SIGTERM] {
      guard sigaction(signal, &action, nil) == 0 else { return -1 }
    }
    return 0
  }

  /// User plus system CPU time, in seconds, of this process
  /// (`RUSAGE_SELF`) or of its waited-for children (`RUSAGE_CHILDREN`).
  static func cpuSeconds(children: Bool) -> Double {
    var usage = rusage()
    let who = Int32(children ? RUSAGE_CHILDREN.rawValue : RUSAGE_SELF.rawValue)
    guard getrusage(who, &usage) == 0 else { return .nan }
    func seconds(_ t: timeval) -> Double {
      Double(t.tv_sec) + Double(t.tv_usec) * 1e-6
    }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
  }

  static func lastError() -> Int32 { Glibc.errno }

  static func describe(_ code: Int32) -> String {
    String(cString: strerror(code))
  }

  /// The termios constant for a standard rate, or `nil` for others.
  static func standardSpeed(_ baud: Int) -> speed_t? {
    switch baud {
    case 1200: speed_t(B1200)
    case 2400: speed_t(B2400)
    case 4800: speed_t(B4800)
    case 9600: speed_t(B9600)
    case 19200: speed_t(B19200)
    case 38400: speed_t(B38400)
    case 57600: speed_t(B57600)
    case 115_200: speed_t(B115200)
    case 230_400: speed_t(B230400)
    case 460_800: speed_t(B460800)
    case 921_600: speed_t(B921600)
    case 1_000_000: speed_t(B1000000)
    case 2_000_000: speed_t(B2000000)
    default: nil
    }
  }

  static let tryAgain = EAGAIN
  static let permissionDenied = EACCES
  static let busy = EBUSY
  static let noEntry = ENOENT
  static let noDevice = ENODEV
  static let ioError = EIO
  static let noSuchDevice = ENXIO
  static let notATerminal = ENOTTY
  static let readWrite = O_RDWR
  static let noControllingTerminal = O_NOCTTY
  static let nonBlocking = O_NONBLOCK
  static let closeOnExec = O_CLOEXEC
  static let hangUp = Int16(POLLHUP)
  static let pollError = Int16(POLLERR)
  static let invalidDescriptor = Int16(POLLNVAL)
}

private func retryingInterrupts<T: BinaryInteger>(_ call: () -> T) -> T {
  while true {
    let result = call()
    if result == -1 && errno == EINTR { continue }
    return result
  }
}
