import Glibc

/// Reading what the kernel says about devices: sysfs attributes, links,
/// `/dev` permissions and which processes hold a device open.
///
/// Plain libc calls, so that umockdev's preload (which redirects `/sys` and
/// `/dev` for the tests) sees every one of them.
enum Sysfs {
  /// The text of a sysfs attribute file, without the trailing newline.
  ///
  /// - Parameter path: The attribute's path.
  /// - Returns: Its text, or `nil` when it cannot be read.
  static func attribute(_ path: String) -> String? {
    let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { Glibc.close(fd) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
      let count = buffer.withUnsafeMutableBytes {
        Glibc.read(fd, $0.baseAddress, $0.count)
      }
      if count < 0, errno == EINTR { continue }
      guard count > 0 else { break }
      bytes.append(contentsOf: buffer[..<count])
      if bytes.count > 65_536 { break }
    }
    var text = String(decoding: bytes, as: UTF8.self)
    while let last = text.last, last.isNewline || last == " " {
      text.removeLast()
    }
    return text
  }

  /// The names in a directory, sorted, without `.` and `..`.
  ///
  /// - Parameter path: The directory.
  /// - Returns: Its entries; empty when it cannot be read.
  static func entries(_ path: String) -> [String] {
    guard let dir = opendir(path) else { return [] }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) {
        String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names.sorted()
  }

  /// The canonical path, with every link resolved.
  ///
  /// - Parameter path: Any path.
  /// - Returns: The resolved path, or `nil` when it does not exist.
  static func resolved(_ path: String) -> String? {
    guard let pointer = realpath(path, nil) else { return nil }
    defer { free(pointer) }
    return String(cString: pointer)
  }

  /// Whether this user may open `path` for reading and writing.
  ///
  /// - Parameter path: A device node.
  /// - Returns: `true` when `access(R_OK | W_OK)` allows it.
  static func mayOpen(_ path: String) -> Bool {
    access(path, R_OK | W_OK) == 0
  }

  /// The serial ports (`/dev/tty...`) the kernel made for a USB device.
  ///
  /// - Parameter deviceDirectory: The USB device's resolved sysfs directory.
  /// - Returns: Device nodes such as `/dev/ttyACM0`, sorted.
  static func serialPorts(under deviceDirectory: String) -> [String] {
    entries("/sys/class/tty").filter { name in
      guard name.hasPrefix("ttyACM") || name.hasPrefix("ttyUSB"),
        let target = resolved("/sys/class/tty/\(name)")
      else { return false }
      return target.hasPrefix(deviceDirectory + "/")
    }.map { "/dev/\($0)" }
  }

  /// The processes that have `path` open, as `name (pid N)`.
  ///
  /// Only processes this user may inspect are seen; the busy-device error
  /// names them.
  ///
  /// - Parameter path: A device node.
  /// - Returns: The holders found.
  static func processesHolding(_ path: String) -> [String] {
    guard let target = resolved(path) else { return [] }
    var holders: [String] = []
    for pid in entries("/proc") where pid.allSatisfy(\.isNumber) {
      let fds = "/proc/\(pid)/fd"
      let holds = entries(fds).contains { fd in
        resolvedLink("\(fds)/\(fd)") == target
      }
      guard holds, Int32(pid) != getpid() else { continue }
      let name = attribute("/proc/\(pid)/comm") ?? "?"
      holders.append("\(name) (pid \(pid))")
    }
    return holders
  }

  private static func resolvedLink(_ path: String) -> String? {
    var buffer = [CChar](repeating: 0, count: 4096)
    let count = readlink(path, &buffer, buffer.count - 1)
    guard count > 0 else { return nil }
    return String(
      decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}
