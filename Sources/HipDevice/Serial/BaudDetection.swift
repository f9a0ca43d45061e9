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

  /// What the detection heard at the rate it chose.
  public struct Heard: Sendable, Equatable {
    /// The detected rate.
    public var baud: Int
    /// Every byte read at that rate, to be decoded like the rest.
    public var bytes: [UInt8]

    public init(baud: Int, bytes: [UInt8]) {
      self.baud = baud
      self.bytes = bytes
    }
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
    var listener = SerialBaudRateListener(
      path: path, settings: settings,
      millisecondsPerRate: millisecondsPerRate)
    guard let heard = try detect(using: &listener), let port = listener.port
    else {
      listener.close()
      return nil
    }
    return Found(port: port, baud: heard.baud, bytes: heard.bytes)
  }

  /// Listens at each rate in turn until one shows ``framesNeeded``
  /// back-to-back valid frames: the decision, apart from the port.
  ///
  /// - Parameter listener: Opens the device at a rate and reads from it.
  /// - Returns: The first rate that showed frames, with every byte heard
  ///   at it, or `nil` when none did.
  /// - Throws: ``SerialError`` from the listener.
  public func detect<Listener: BaudRateListener>(using listener: inout Listener)
    throws(SerialError) -> Heard?
  {
    for baud in candidates {
      try listener.listen(at: baud)
      var bytes: [UInt8] = []
      while let chunk = try listener.nextBytes() {
        bytes += chunk
        if Self.longestRun(in: bytes) >= framesNeeded {
          return Heard(baud: baud, bytes: bytes)
        }
      }
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

/// Listens to a device at one rate after another: the seam between
/// ``BaudDetection``'s decision and the serial port.
///
/// A pseudo-terminal ignores the baud rate, so a test gives the detection
/// a listener that returns, for each rate, what a real port at that rate
/// would have read.
public protocol BaudRateListener {
  /// Starts listening at `baud`, ending the listening at the rate before.
  ///
  /// - Parameter baud: The rate.
  /// - Throws: ``SerialError`` when the device cannot be opened at it.
  mutating func listen(at baud: Int) throws(SerialError)

  /// The next bytes heard at the current rate.
  ///
  /// - Returns: The bytes, or `nil` once the time for this rate is up or
  ///   the device went away.
  /// - Throws: ``SerialError`` when reading fails.
  mutating func nextBytes() throws(SerialError) -> [UInt8]?
}

/// Listens on a serial port, opened again at each rate, for a fixed time
/// per rate.
struct SerialBaudRateListener: BaudRateListener {
  let path: String
  let settings: SerialSettings
  let millisecondsPerRate: Int32
  /// The port open at the current rate.
  private(set) var port: SerialPort?
  private var deadline = ContinuousClock.now
  private var buffer = [UInt8](repeating: 0, count: 4096)

  init(path: String, settings: SerialSettings, millisecondsPerRate: Int32) {
    self.path = path
    self.settings = settings
    self.millisecondsPerRate = millisecondsPerRate
  }

  mutating func listen(at baud: Int) throws(SerialError) {
    close()
    var attempt = settings
    attempt.baud = baud
    port = try SerialPort(path: path, settings: attempt)
    deadline = ContinuousClock.now + .milliseconds(millisecondsPerRate)
  }

  mutating func nextBytes() throws(SerialError) -> [UInt8]? {
    guard let port else { return nil }
    while let milliseconds = SerialPort.milliseconds(until: deadline) {
      switch try port.read(into: &buffer, timeoutMilliseconds: milliseconds) {
      case .bytes(let count): return Array(buffer[..<count])
      case .timeout: continue
      case .disconnected: return nil
      }
    }
    return nil
  }

  /// Closes the port at the current rate.
  mutating func close() {
    port?.close()
    port = nil
  }
}
