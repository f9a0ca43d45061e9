import Foundation

/// Reads a serial port on a thread of its own until told to stop or the
/// device goes away.
///
/// The thread waits in `poll` with a short timeout so that a stop request
/// is seen promptly; every chunk read is handed to `onBytes` on that thread
/// with the host's receive time. `onEnd` is called once, last.
public final class SerialReader: @unchecked Sendable {
  /// Why reading ended.
  public enum End: Sendable, Equatable {
    case stopped
    case disconnected
    case failed(SerialError)
  }

  public let port: SerialPort
  /// A pause after each chunk, to read a steady trickle in fewer chunks.
  ///
  /// A 1000 Hz sensor then wakes the reader less often, for a few
  /// milliseconds of latency. Zero reads each chunk at once.
  public var coalescing: Duration = .zero
  private let onBytes: @Sendable (ArraySlice<UInt8>, Double) -> Void
  private let onEnd: @Sendable (End) -> Void
  private let lock = NSLock()
  private var stopRequested = false
  private let finished = DispatchSemaphore(value: 0)
  private var thread: Thread?

  /// - Parameters:
  ///   - port: An open port.
  ///   - onBytes: Each chunk with its receive time, seconds on the host's
  ///     monotonic clock since the reader started.
  ///   - onEnd: Called once when reading ends.
  public init(
    port: SerialPort,
    onBytes: @escaping @Sendable (ArraySlice<UInt8>, Double) -> Void,
    onEnd: @escaping @Sendable (End) -> Void
  ) {
    self.port = port
    self.onBytes = onBytes
    self.onEnd = onEnd
  }

  public func start() {
    let thread = Thread { [self] in run() }
    thread.name = "hipform serial \(port.path)"
    self.thread = thread
    thread.start()
  }

  /// Asks the thread to stop and waits until it has.
  public func stop() {
    lock.withLock { stopRequested = true }
    wait()
  }

  /// Waits until reading has ended (stopped or disconnected).
  public func wait() {
    finished.wait()
    finished.signal()
  }

  private var shouldStop: Bool { lock.withLock { stopRequested } }

  private func run() {
    let clock = ContinuousClock()
    let start = clock.now
    var buffer = [UInt8](repeating: 0, count: 4096)
    var end = End.stopped
    while !shouldStop {
      do {
        switch try port.read(into: &buffer, timeoutMilliseconds: 50) {
        case .bytes(let count):
          onBytes(buffer[..<count], (clock.now - start).seconds)
          if coalescing > .zero, count < buffer.count {
            Thread.sleep(forTimeInterval: coalescing.seconds)
          }
        case .timeout:
          continue
        case .disconnected:
          end = .disconnected
        }
      } catch {
        end = .failed(error)
      }
      if end != .stopped { break }
    }
    onEnd(end)
    finished.signal()
  }
}
