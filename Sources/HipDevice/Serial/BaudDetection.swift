import HipCore

/// Finds the baud rate a WitMotion device talks at.
///
/// The port is opened at each candidate rate in turn and read until
/// ``framesNeeded`` consecutive 11-byte frames with valid checksums are
/// seen (bytes at the wrong rate never line up that way), or until the time
/// for that rate runs out.
public struct BaudDetection: Sendable {
  /// The rates tried, in order: the factory default first.
  public var candidates: [Int]
  /// Consecutive valid frames that prove a rate.
  public var framesNeeded: Int
  /// How long to listen at each rate, in milliseconds.
  public var millisecondsPerRate: Int32

  /// Creates a detection plan.
  ///
  /// - Parameters:
  ///   - candidates: The rates to try, in order.
  ///   - framesNeeded: Consecutive valid frames that prove a rate.
  ///   - millisecondsPerRate: How long to listen at each rate.
  public init(
    candidates: [Int] = [9600, 115_200, 230_400], framesNeeded: Int = 6,
    millisecondsPerRate: Int32 = 1500
  ) {
    self.candidates = candidates
    self.framesNeeded = framesNeeded
    self.millisecondsPerRate = millisecondsPerRate
  }

  /// What a successful detection leaves open.
  public struct Found: Sendable {
    /// The port, open at the detected rate.
    public var port: SerialPort
    /// The detected rate.
    public var baud: Int
    /// Every byte read at that rate, to be decoded like the rest.
    public var bytes: [UInt8]
  }

  /// Tries each rate on `path`.
  ///
  /// - Parameters:
  ///   - path: The serial port.
  ///   - settings: DTR and exclusivity; the baud is replaced.
  /// - Returns: The open port at the rate found, or `nil` when none
  ///   showed valid frames.
  /// - Throws: ``SerialError`` when the port cannot be opened or read.
  public func detect(path: String, settings: SerialSettings)
    throws(SerialError) -> Found?
  {
    let clock = ContinuousClock()
    for baud in candidates {
      var attempt = settings
      attempt.baud = baud
      let port = try SerialPort(path: path, settings: attempt)
      var bytes: [UInt8] = []
      var buffer = [UInt8](repeating: 0, count: 4096)
      let deadline = clock.now + .milliseconds(millisecondsPerRate)
      listening: while clock.now < deadline {
        switch try port.read(into: &buffer, timeoutMilliseconds: 50) {
        case .bytes(let count):
          bytes += buffer[..<count]
          if Self.longestRun(in: bytes) >= framesNeeded {
            return Found(port: port, baud: baud, bytes: bytes)
          }
        case .timeout:
          continue
        case .disconnected:
          break listening
        }
      }
      port.close()
    }
    return nil
  }

  /// The longest run of back-to-back WitMotion frames with valid checksums.
  ///
  /// - Parameter bytes: Bytes as read from the port.
  /// - Returns: The number of frames in the longest run.
  public static func longestRun(in bytes: [UInt8]) -> Int {
    let length = WitMotionDecoder.frameLength
    var longest = 0
    for alignment in 0..<min(length, bytes.count) {
      var run = 0
      var start = alignment
      while start + length <= bytes.count {
        if isFrame(bytes, at: start) {
          run += 1
          longest = max(longest, run)
        } else {
          run = 0
        }
        start += length
      }
    }
    return longest
  }

  private static func isFrame(_ bytes: [UInt8], at start: Int) -> Bool {
    guard bytes[start] == WitMotionDecoder.header,
      bytes[start + 1] & 0xF0 == 0x50
    else { return false }
    var sum: UInt8 = 0
    for i in start..<(start + WitMotionDecoder.frameLength - 1) {
      sum &+= bytes[i]
    }
    return sum == bytes[start + WitMotionDecoder.frameLength - 1]
  }
}
