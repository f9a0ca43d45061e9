extension PseudoTerminal {
  /// Waits until a reader has opened and configured the device side.
  ///
  /// ``SerialPort`` ends its configuration with a flush of the input queue
  /// (`tcflush(TCIFLUSH)`), which would throw away anything sent before it.
  /// With packet mode (`TIOCPKT`) on, the controller is told of that flush
  /// as a `TIOCPKT_FLUSHREAD` status byte, so sending starts only once the
  /// reader is ready, and nothing is lost even at full speed. Bytes the
  /// reader writes meanwhile (commands) are returned. Packet mode is turned
  /// off again before returning.
  ///
  /// - Parameters:
  ///   - timeoutMilliseconds: How long to wait in all; negative waits
  ///     forever.
  ///   - announce: Called once packet mode is on, to tell readers the path
  ///     (announcing it earlier could miss a quick reader's flush).
  /// - Returns: Whether a reader arrived, and the bytes it sent.
  /// - Throws: ``SerialError`` when packet mode cannot be set.
  public func waitForReader(
    timeoutMilliseconds: Int32 = -1, announce: () -> Void = {}
  ) throws(SerialError) -> (ready: Bool, received: [UInt8]) {
    guard Syscall.setPacketMode(controller, true) == 0 else {
      throw SerialError(
        port: devicePath, operation: "packet mode (TIOCPKT)",
        code: Syscall.lastError())
    }
    defer { _ = Syscall.setPacketMode(controller, false) }
    announce()
    let clock = ContinuousClock()
    let deadline = clock.now + .milliseconds(max(0, timeoutMilliseconds))
    var received: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
      var wait: Int32 = 1000
      if timeoutMilliseconds >= 0 {
        let left = deadline - clock.now
        if left <= .zero { return (false, received) }
        wait = Int32(min(1000, left.components.seconds * 1000 + 1))
      }
      let ready = Syscall.pollStatus(controller, timeoutMilliseconds: wait)
      guard ready > 0 else {
        if ready < 0 {
          throw SerialError(
            port: devicePath, operation: "poll", code: Syscall.lastError())
        }
        continue
      }
      let count = Syscall.read(controller, &buffer)
      guard count > 0 else { continue }
      if buffer[0] == 0 {
        received += buffer[1..<count]  // TIOCPKT_DATA: what the reader sent
      } else if buffer[0] & Syscall.packetFlushRead != 0 {
        return (true, received)
      }
    }
  }

  /// Whether bytes sent to the device side wait there unread.
  ///
  /// Asks `poll` on the device descriptor this pair keeps open first: when
  /// the line discipline holds nothing, the kernel then moves over what
  /// still waits in the pseudo-terminal's own buffer
  /// (`tty_buffer_flush_work` in `n_tty_poll`). `TIOCINQ` alone would not
  /// do: it counts the line discipline only, and reads 0 while the rest
  /// waits for the kernel's work queue, which on a busy machine takes
  /// longer than any pause one could choose. After the poll it is asked
  /// too, because a reader that set `VMIN` above 1 makes `poll` report
  /// nothing until that many bytes wait.
  public var hasUnreadBytes: Bool {
    guard device >= 0 else { return false }
    let (ready, events) = Syscall.pollInput(device, timeoutMilliseconds: 0)
    if ready > 0, events & Syscall.readableEvent != 0 { return true }
    return Syscall.inputQueued(device) > 0
  }

  /// Waits until the reader has taken every byte sent so far.
  ///
  /// Call it before ``unplug()``: a hang-up discards what the reader has
  /// not read yet.
  ///
  /// - Parameter timeoutMilliseconds: Give up after this long; the reader
  ///   may have stopped reading.
  /// - Returns: Whether everything was read.
  @discardableResult
  public func waitUntilDrained(timeoutMilliseconds: Int32 = 10_000) -> Bool {
    var waited: Int32 = 0
    while hasUnreadBytes {
      guard waited < timeoutMilliseconds else { return false }
      Syscall.sleep(milliseconds: 10)
      waited += 10
    }
    return true
  }
}
