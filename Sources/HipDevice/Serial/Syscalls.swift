import CSerialBaud
import Glibc

// The one door to the C library for serial ports: every libc call the
// serial adapter makes is here, as a small function that retries EINTR and
// returns the C result; callers turn failures into `SerialError`.

func system_open(_ path: String, _ flags: Int32) -> Int32 {
  retryingInterrupts { open(path, flags) }
}

func system_close(_ fd: Int32) -> Int32 { close(fd) }

func system_read(_ fd: Int32, _ buffer: inout [UInt8]) -> Int {
  let count = buffer.count
  return buffer.withUnsafeMutableBytes { raw in
    retryingInterrupts { read(fd, raw.baseAddress, count) }
  }
}

func system_write(_ fd: Int32, _ bytes: ArraySlice<UInt8>) -> Int {
  bytes.withUnsafeBytes { raw in
    retryingInterrupts { write(fd, raw.baseAddress, raw.count) }
  }
}

/// Polls one descriptor for input; returns the C result and the events.
func system_pollInput(_ fd: Int32, timeoutMilliseconds: Int32) -> (
  Int32, Int16
) {
  var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
  let result = retryingInterrupts { poll(&entry, 1, timeoutMilliseconds) }
  return (result, entry.revents)
}

/// Puts a tty in raw mode at a standard rate (or leaves the rate for
/// `system_setCustomBaud`), 8N1, no flow control, reads that never block.
func system_makeRaw(_ fd: Int32, speed: speed_t?) -> Int32 {
  var settings = termios()
  guard tcgetattr(fd, &settings) == 0 else { return -1 }
  cfmakeraw(&settings)
  settings.c_cflag |= tcflag_t(CLOCAL | CREAD)
  settings.c_cflag &= ~tcflag_t(CRTSCTS)
  if let speed {
    guard cfsetispeed(&settings, speed) == 0, cfsetospeed(&settings, speed) == 0
    else { return -1 }
  }
  withUnsafeMutableBytes(of: &settings.c_cc) { cc in
    cc[Int(VMIN)] = 0
    cc[Int(VTIME)] = 0
  }
  guard tcsetattr(fd, TCSANOW, &settings) == 0 else { return -1 }
  return tcflush(fd, TCIFLUSH)
}

func system_setCustomBaud(_ fd: Int32, _ rate: UInt32) -> Int32 {
  hipform_set_custom_baud(fd, rate)
}

/// Takes the port for this process alone (`TIOCEXCL`).
func system_exclusive(_ fd: Int32) -> Int32 {
  ioctl(fd, UInt(TIOCEXCL))
}

/// Raises or lowers DTR (and RTS with it), which some boards need to talk
/// and others take as a reset.
func system_setDTR(_ fd: Int32, _ on: Bool) -> Int32 {
  var bits = Int32(TIOCM_DTR | TIOCM_RTS)
  return ioctl(fd, UInt(on ? TIOCMBIS : TIOCMBIC), &bits)
}

/// A pseudo-terminal pair: (controller, device-side path's descriptor).
func system_openPseudoTerminal() -> (Int32, Int32, String)? {
  var controller: Int32 = -1
  var device: Int32 = -1
  guard openpty(&controller, &device, nil, nil, nil) == 0,
    let name = ttyname(device)
  else { return nil }
  return (controller, device, String(cString: name))
}

func system_errno() -> Int32 { errno }

func system_describe(_ code: Int32) -> String {
  String(cString: strerror(code))
}

/// The termios constant for a standard rate, or `nil` for others.
func system_standardSpeed(_ baud: Int) -> speed_t? {
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

let system_EAGAIN = EAGAIN
let system_EACCES = EACCES
let system_EBUSY = EBUSY
let system_ENOENT = ENOENT
let system_ENODEV = ENODEV
let system_EIO = EIO
let system_ENXIO = ENXIO
let system_O_RDWR = O_RDWR
let system_O_NOCTTY = O_NOCTTY
let system_O_NONBLOCK = O_NONBLOCK
let system_O_CLOEXEC = O_CLOEXEC
let system_POLLHUP = Int16(POLLHUP)
let system_POLLERR = Int16(POLLERR)
let system_POLLNVAL = Int16(POLLNVAL)

private func retryingInterrupts<T: BinaryInteger>(_ call: () -> T) -> T {
  while true {
    let result = call()
    if result == -1 && errno == EINTR { continue }
    return result
  }
}
