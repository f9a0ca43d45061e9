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

  /// Waits until the reader has taken every byte sent so far.
  ///
  /// The device side's input queue (`TIOCINQ`, read through the device
  /// descriptor this pair keeps open) must read empty twice, a short poll
  /// apart, because the kernel moves bytes from the controller to that
  /// queue on a work queue. Call it before ``unplug()``: a hang-up discards
  /// what the reader has not read yet.
  ///
  /// - Parameter timeoutMilliseconds: Give up after this long; the reader
  ///   may have stopped reading.
  /// - Returns: Whether the queue drained.
  @discardableResult
  public func waitUntilDrained(timeoutMilliseconds: Int32 = 10_000) -> Bool {
    guard device >= 0 else { return true }
    var waited: Int32 = 0
    var emptyReadings = 0
    while waited < timeoutMilliseconds {
      let queued = Syscall.inputQueued(device)
      if queued < 0 { return false }
      emptyReadings = queued == 0 ? emptyReadings + 1 : 0
      if emptyReadings >= 2 { return true }
      Syscall.sleep(milliseconds: 20)
      waited += 20
    }
    return false
  }
}
