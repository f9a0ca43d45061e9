import Foundation
import HipCore
import HipDevice
import Testing

/// The serial side of x-IMU3 discovery over a pseudo-terminal: the test
/// plays the device on the controller, the port under test opens the
/// device side as it would a real `/dev/ttyACM0`.
struct XIMU3PingTests {
  /// A pseudo-terminal opened while no test starts a child, which would
  /// inherit it before it is close-on-exec.
  static func openTerminal() throws -> PseudoTerminal {
    try spawnLock.withLock { try PseudoTerminal() }
  }

  /// Binary inertial messages, one per timestamp.
  static func messages(_ stamps: Range<UInt64>) -> [UInt8] {
    var bytes: [UInt8] = []
    for stamp in stamps {
      XIMU3Encoder.appendBinary(
        Sample(
          time: 0, acceleration: Vector3(0, -1, Double(stamp) / 100),
          angularRate: Vector3(1, 2, 3)),
        timestamp: stamp * 10_000, to: &bytes)
    }
    return bytes
  }

  /// What the port hands out next, read until `count` bytes came or the
  /// device stops sending.
  static func read(_ port: SerialPort, count: Int) throws -> [UInt8] {
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while bytes.count < count {
      // The bytes are already sent: the timeout only bounds a failure.
      switch try port.read(into: &buffer, timeoutMilliseconds: 10_000) {
      case .bytes(let n): bytes += buffer[..<n]
      case .timeout, .disconnected: return bytes
      }
    }
    return bytes
  }

  /// What the host wrote to the device, read until `count` bytes came.
  static func commands(_ terminal: PseudoTerminal, count: Int) -> [UInt8] {
    var bytes: [UInt8] = []
    while bytes.count < count {
      let next = terminal.receive(timeoutMilliseconds: 10_000)
      if next.isEmpty { break }
      bytes += next
    }
    return bytes
  }

  @Test func aReplyAmidStreamingDataNamesTheDeviceAndNoByteIsLost() throws {
    let terminal = try Self.openTerminal()
    let port = try SerialPort(path: terminal.devicePath)
    // A streaming device: messages before the reply, the reply between
    // two messages, messages after it. Sent before the ping, so that the
    // test needs no thread; the reply is found wherever it lies.
    let before = Self.messages(0..<20)
    let reply = XIMU3Encoder.pingReply(serialNumber: "0123-4567")
    let after = Self.messages(20..<40)
    try terminal.send(before + reply + after)

    let identity = try port.pingXIMU3()
    #expect(
      identity
        == .init(name: "x-IMU3", serialNumber: "0123-4567", interface: "USB"))
    #expect(
      Self.commands(terminal, count: XIMU3Ping.command.count)
        == XIMU3Ping.command)
    // Every byte comes out again, the reply first, then the stream in
    // order: a decoder knows the device before its first sample.
    let total = before.count + reply.count + after.count
    let handedOn = try Self.read(port, count: total)
    #expect(handedOn == reply + before + after)
    var decoder = XIMU3Decoder()
    var samples: [DecodedSample] = []
    decoder.decode(handedOn[...], into: &samples)
    #expect(samples.map { $0.timestamp?.ticks } == (0..<40).map { $0 * 10_000 })
    #expect(decoder.identity == identity)
  }

  @Test func noReplyTriesAgainThenGivesUpKeepingTheData() throws {
    let terminal = try Self.openTerminal()
    let port = try SerialPort(path: terminal.devicePath)
    let data = Self.messages(0..<30)
    try terminal.send(data)

    #expect(try port.pingXIMU3(attempts: 3, millisecondsPerAttempt: 20) == nil)
    // One ping per try.
    let pings = Array(
      [XIMU3Ping.command, XIMU3Ping.command, XIMU3Ping.command].joined())
    #expect(Self.commands(terminal, count: pings.count) == pings)
    #expect(try Self.read(port, count: data.count) == data)
  }

  @Test func aPortGoneBeforeThePingIsADisconnectError() throws {
    let terminal = try Self.openTerminal()
    let port = try SerialPort(path: terminal.devicePath)
    terminal.unplug()
    do {
      _ = try port.pingXIMU3()
      Issue.record("a ping to an unplugged device succeeded")
    } catch {
      #expect(error.isDisconnect, "\(error)")
    }
  }
}
