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
    // queue, where `TIOCINQ` does not see it (it read 0 in about half of
    // such moments here). Little enough that one blocking write fits at
    // once (10 000 bytes waited here for a reader that this test is too).
    let bytes = (0..<6_000).map { UInt8(truncatingIfNeeded: $0) }
    var buffer = [UInt8](repeating: 0, count: 4096)
    for round in 0..<20 {
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
}
