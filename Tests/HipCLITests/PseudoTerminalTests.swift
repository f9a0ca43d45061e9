import Glibc
import HipDevice
import Testing

/// The simulator hangs up only once its reader has every byte, because a
/// hang-up discards what is still unread.
struct PseudoTerminalTests {
  @Test func bytesStillInTheKernelsBufferCountAsUnread() throws {
    let terminal = try XIMU3PingTests.openTerminal()
    let port = try SerialPort(path: terminal.devicePath)
    // More than the line discipline's 4 KiB: once a read empties it, the
    // rest waits in the pseudo-terminal's buffer for the kernel's work
    // queue, where `TIOCINQ` does not see it (it read 0 in 4 of 20 such
    // moments in one run here, in none of 2000 in another). Little enough
    // that one blocking write fits at once (10 000 bytes waited here for a
    // reader that this test is too).
    let bytes = (0..<6_000).map { UInt8(truncatingIfNeeded: $0) }
    var buffer = [UInt8](repeating: 0, count: 4096)
    for round in 0..<200 {
      try terminal.send(bytes)
      var received = 0
      while received < bytes.count {
        // The bytes are already sent: the timeout only bounds a failure.
        guard
          case .bytes(let count) = try port.read(
            into: &buffer, timeoutMilliseconds: 10_000)
        else {
          Issue.record("round \(round): the sent bytes stopped coming")
          return
        }
        received += count
        #expect(
          terminal.hasUnreadBytes == (received < bytes.count),
          "round \(round): \(received) of \(bytes.count) read")
      }
    }
    #expect(terminal.waitUntilDrained(timeoutMilliseconds: 0))
  }

  @Test func bytesAReaderWaitsToHaveMoreOfCountAsUnread() throws {
    let terminal = try XIMU3PingTests.openTerminal()
    // A reader that asked for reads of at least 8 bytes (VMIN 8): `poll`
    // says nothing is readable while fewer wait.
    let reader = open(terminal.devicePath, O_RDWR | O_NOCTTY | O_NONBLOCK)
    try #require(reader >= 0)
    defer { close(reader) }
    var settings = termios()
    try #require(tcgetattr(reader, &settings) == 0)
    withUnsafeMutableBytes(of: &settings.c_cc) { cc in
      cc[Int(VMIN)] = 8
      cc[Int(VTIME)] = 0
    }
    try #require(tcsetattr(reader, TCSANOW, &settings) == 0)
    try terminal.send([1, 2, 3])
    #expect(terminal.hasUnreadBytes)
    var buffer = [UInt8](repeating: 0, count: 8)
    #expect(read(reader, &buffer, 8) == 3)
    #expect(!terminal.hasUnreadBytes)
  }
}
