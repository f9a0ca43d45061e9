import Synchronization

/// Set by the SIGINT/SIGTERM handler; read by the command's loop.
private let stopFlag = Atomic<Bool>(false)

/// Ctrl-C and `kill` as a request to stop cleanly.
///
/// The handler only stores to an atomic flag (async-signal-safe); the
/// command polls ``isRequested`` and then stops its reader, closes its file
/// and prints its summary on the ordinary path.
public enum StopSignal {
  /// Installs the handler for SIGINT and SIGTERM.
  ///
  /// - Returns: Whether both handlers were installed.
  @discardableResult
  public static func install() -> Bool {
    Syscall.installStopHandler { _ in
      stopFlag.store(true, ordering: .relaxed)
    } == 0
  }

  /// Whether a stop was asked for since the handler was installed.
  public static var isRequested: Bool { stopFlag.load(ordering: .relaxed) }
}

/// CPU time used, from `getrusage`.
public enum ProcessCPU {
  /// User plus system CPU seconds used by this process so far.
  public static var seconds: Double { Syscall.cpuSeconds(children: false) }

  /// User plus system CPU seconds of the children waited for so far.
  public static var childrenSeconds: Double {
    Syscall.cpuSeconds(children: true)
  }
}
