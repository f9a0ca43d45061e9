import HipCore

extension SerialPort {
  /// Asks an x-IMU3 who it is: sends `{"ping":null}` and waits for the
  /// reply, as x-io's own software does (5 tries, 200 ms each).
  ///
  /// The wait is a `poll` on the port that ends as soon as the reply's LF
  /// arrives, or when a try's time is up (then the ping is sent again).
  /// A streaming device keeps sending data meanwhile: every byte read is
  /// kept and handed out again by the next reads, the reply's line first,
  /// so that a decoder downstream knows the device before its first
  /// sample, and no sample is lost.
  ///
  /// - Parameters:
  ///   - attempts: How many times to send the ping.
  ///   - millisecondsPerAttempt: How long to wait for a reply to each.
  /// - Returns: What the device said, or `nil` when no reply came (not an
  ///   x-IMU3, or a device that does not answer) or the device went away.
  /// - Throws: ``SerialError`` when writing or reading the port fails.
  public func pingXIMU3(attempts: Int = 5, millisecondsPerAttempt: Int = 200)
    throws(SerialError) -> XIMU3Decoder.Identity?
  {
    var finder = XIMU3PingReplyFinder()
    var heard: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    defer { keepForNextReads(Self.replyFirst(heard, reply: finder.reply)) }
    tries: for _ in 0..<attempts {
      try write(XIMU3Ping.command)
      let deadline = ContinuousClock.now + .milliseconds(millisecondsPerAttempt)
      while finder.reply == nil {
        guard let milliseconds = SerialPort.milliseconds(until: deadline)
        else { continue tries }
        switch try read(into: &buffer, timeoutMilliseconds: milliseconds) {
        case .bytes(let count):
          heard += buffer[..<count]
          finder.scan(buffer[..<count])
        case .timeout:
          continue
        case .disconnected:
          // The reader that follows sees the hang-up too and ends cleanly.
          break tries
        }
      }
      break
    }
    return finder.reply?.identity
  }

  /// The bytes with the reply's line moved to the front.
  ///
  /// Moving a whole line keeps every other message intact: the line
  /// before the reply's ends with an LF, so what was on either side of it
  /// joins at a message boundary.
  ///
  /// - Parameters:
  ///   - bytes: Everything read, in order.
  ///   - reply: The reply found in them, if any.
  /// - Returns: The bytes to hand on.
  static func replyFirst(
    _ bytes: [UInt8], reply: XIMU3PingReplyFinder.Reply?
  ) -> [UInt8] {
    guard let line = reply?.line, line.upperBound <= bytes.count else {
      return bytes
    }
    return Array(
      bytes[line] + bytes[..<line.lowerBound] + bytes[line.upperBound...])
  }
}
