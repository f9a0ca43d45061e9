import Foundation
import HipCore
import HipDevice
import HipRecording

/// An open connection to the sensor, read on another thread until it is
/// stopped, unplugged or fails.
private final class SensorLink: @unchecked Sendable {
  let ended = DispatchSemaphore(value: 0)
  private let lock = NSLock()
  private var end: DeviceSessionEnd?
  var stopReading: () -> Void = {}
  var close: () -> Void = {}
  /// Seconds since the last bytes, for links that watch for a quiet device.
  var idleSeconds: () -> Double? = { nil }

  func finish(_ value: DeviceSessionEnd) {
    lock.withLock { end = value }
    ended.signal()
  }

  var result: DeviceSessionEnd { lock.withLock { end } ?? .disconnected }
}

/// The loop `record` and `live` share.
///
/// Opens the sensor, configures it, reads until Ctrl-C, unplug or failure
/// and closes the recording. When the settings wait for the device's
/// return, an unplug waits for it to come back and the same recording goes
/// on.
///
/// - Parameter recorder: The pipeline the bytes go to; its settings name
///   the sensor, and its messages get the session's progress.
/// - Returns: How it ended and what was recorded.
/// - Throws: Why, when the sensor cannot be found or opened, or the file
///   cannot be written.
public func runDeviceSession(recorder: DeviceRecorder)
  throws -> (DeviceSessionEnd, DeviceRecorder.Summary)
{
  let settings = recorder.settings
  let messages = recorder.messages
  StopSignal.install()
  let context: USBContext?
  if case .usbDevice = settings.sensor {
    context = try USBContext()
  } else {
    context = nil
  }
  defer { context?.close() }

  var target = try resolveTarget(settings.sensor, context: context)
  recorder.source = target.name
  var end: DeviceSessionEnd
  var connected = false
  while true {
    let link: SensorLink
    do {
      link = try openLink(target, recorder: recorder, context: context)
    } catch {
      guard connected else { throw error }
      end = .failed("\(error)")
      break
    }
    connected = true
    end = pump(link, recorder: recorder)
    link.close()
    guard settings.waitsForReturn, case .disconnected = end else { break }
    messages(
      "unplugged: waiting for \(target.name) to come back; Ctrl-C stops "
        + "and keeps the recording")
    guard
      let again = waitForReturn(of: target, context: context)
    else {
      end = .interrupted
      break
    }
    target = again
    recorder.reconnected()
    messages("reconnected: \(target.name); the recording goes on")
  }
  return (end, try recorder.finish())
}

/// Opens the target and starts reading it into `recorder`.
private func openLink(
  _ target: SensorTarget, recorder: DeviceRecorder, context: USBContext?
) throws -> SensorLink {
  let settings = recorder.settings
  let link = SensorLink()
  switch target {
  case .serial(let path, _):
    let port = try openSerialPort(path: path, recorder: recorder)
    let reader = SerialReader(
      port: port,
      onBytes: { bytes, host in recorder.feed(bytes, hostTime: host) },
      onEnd: { end in
        if case .failed(let error) = end {
          link.finish(.failed("\(error)"))
        } else {
          link.finish(.disconnected)
        }
      })
    // Reads every 5 ms at most: a 1000 Hz sensor then costs 200 wake-ups
    // a second instead of 1000, and a rep's verdict is still shown at once.
    reader.coalescing = .milliseconds(5)
    link.stopReading = { reader.stop() }
    link.close = { port.close() }
    reader.start()
  case .usb(let device):
    guard let context else {
      throw DeviceSelectionError(description: "libusb is not open")
    }
    let connection = try USBSensorConnection.open(
      device, context: context, baud: settings.baud ?? 115_200,
      assertDTR: settings.assertsDTR)
    let reader = connection.makeReader(
      onBytes: { bytes, host in recorder.feed(bytes, hostTime: host) },
      onEnd: { end in
        switch end {
        case .failed(let error): link.finish(.failed("\(error)"))
        case .stopped, .disconnected: link.finish(.disconnected)
        }
      })
    link.stopReading = { reader.stop() }
    link.close = { connection.close() }
    link.idleSeconds = { reader.secondsSinceBytes }
    do {
      try reader.start()
      if connection.outEndpoint != nil {
        for command in deviceSetupCommands(
          settings: settings, messages: recorder.messages)
        {
          try connection.write(command)
        }
      }
    } catch {
      reader.stop()
      connection.close()
      throw error
    }
  }
  return link
}

/// Opens a serial port, detecting a WitMotion device's baud rate when
/// `--baud` is not given, and sets the device up.
private func openSerialPort(path: String, recorder: DeviceRecorder) throws
  -> SerialPort
{
  let settings = recorder.settings
  var serial = SerialSettings(baud: settings.baud ?? 115_200)
  serial.assertDTR = settings.assertsDTR
  let port: SerialPort
  if settings.wireProtocol == .witmotion, settings.baud == nil {
    guard
      let found = try BaudDetection().detect(path: path, settings: serial)
    else {
      throw DeviceSelectionError(
        description: "\(path): no WitMotion frames at 9600, 115200 or "
          + "230400 baud. Is it a WitMotion device, powered and sending? "
          + "Give --baud if it uses another rate.")
    }
    recorder.messages("witmotion: \(found.baud) baud")
    port = found.port
    recorder.feed(found.bytes[...], hostTime: 0)
  } else {
    port = try SerialPort(path: path, settings: serial)
  }
  try configureDevice(
    port, settings: settings, messages: recorder.messages)
  return port
}

/// Reads until the link ends, Ctrl-C, a write failure or a quiet device.
private func pump(_ link: SensorLink, recorder: DeviceRecorder)
  -> DeviceSessionEnd
{
  let settings = recorder.settings
  while true {
    if link.ended.wait(timeout: .now() + .milliseconds(100)) == .success {
      return link.result
    }
    if StopSignal.isRequested {
      link.stopReading()
      return .interrupted
    }
    if let failure = recorder.failure {
      link.stopReading()
      return .failed("\(failure)")
    }
    if let idle = link.idleSeconds(), idle >= settings.timeoutSeconds {
      link.stopReading()
      return .failed(
        "no data from the device for \(NumberText.fixed(settings.timeoutSeconds, 1)) s "
          + "(--timeout). Is it streaming, and does it speak --protocol "
          + "\(settings.wireProtocol.rawValue)? Replug it and try again; "
          + "everything received is in the file.")
    }
    recorder.flushIfQuiet()
  }
}

/// Waits until the target is back, Ctrl-C aside.
///
/// A USB device is watched with libusb's hotplug events, and the device
/// list is checked as well, every quarter second, for systems without
/// hotplug; a plain serial port is waited for by its path.
///
/// - Returns: The target as it is now (its bus address or port may have
///   changed), or `nil` on Ctrl-C.
private func waitForReturn(of target: SensorTarget, context: USBContext?)
  -> SensorTarget?
{
  guard let usb = target.usbDevice, let context else {
    guard case .serial(let path, _) = target else { return nil }
    while !StopSignal.isRequested {
      if FileManager.default.fileExists(atPath: path) { return target }
      Thread.sleep(forTimeInterval: 0.1)
    }
    return nil
  }
  let arrived = DispatchSemaphore(value: 0)
  let watch = try? context.watch(
    vendorID: usb.vendorID, productID: usb.productID
  ) { isArrival, _, _ in
    if isArrival { arrived.signal() }
  }
  defer { watch?.cancel() }
  while !StopSignal.isRequested {
    _ = arrived.wait(timeout: .now() + .milliseconds(250))
    let selector =
      usb.serialNumber ?? usb.idText
    guard let devices = try? context.devices().filter(\.couldBeSensor),
      let device = select(selector, from: devices).first,
      let again = try? SensorLink.retarget(target, to: device)
    else { continue }
    return again
  }
  return nil
}

extension SensorLink {
  /// The same kind of target on the device as it came back: a serial
  /// target waits for its port to appear.
  fileprivate static func retarget(
    _ target: SensorTarget, to device: USBDeviceInfo
  )
    throws -> SensorTarget?
  {
    switch target {
    case .usb: return .usb(device)
    case .serial:
      guard let port = device.serialPorts.first else { return nil }
      return .serial(path: port, usb: device)
    }
  }
}
