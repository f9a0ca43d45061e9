import ArgumentParser
import Foundation
import HipCore
import HipDevice

/// How a device session ended.
enum DeviceSessionEnd {
  case interrupted
  case disconnected
  case failed(String)
}

/// Where `record` and `live` read from, resolved from `--port` or
/// `--device`.
enum SensorTarget {
  /// A serial port; `usb` is the USB device it belongs to, when chosen by
  /// `--device`.
  case serial(path: String, usb: USBDeviceInfo?)
  /// A USB device read through libusb (vendor bulk or CDC-ACM).
  case usb(USBDeviceInfo)

  /// How the header and messages name it.
  var name: String {
    switch self {
    case .serial(let path, let usb):
      return path + (usb.map { " (USB \($0.idText))" } ?? "")
    case .usb(let info):
      return "USB \(info.idText) bus \(info.bus) address \(info.address)"
    }
  }

  /// The USB device behind it, if known.
  var usbDevice: USBDeviceInfo? {
    switch self {
    case .serial(_, let usb): return usb
    case .usb(let info): return info
    }
  }
}

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
/// and closes the recording. With `--wait` an unplug waits for the device
/// to come back and the same recording goes on.
///
/// - Parameters:
///   - options: The command's options.
///   - recorder: The pipeline the bytes go to.
/// - Returns: How it ended and what was recorded.
/// - Throws: `ExitCode.failure` after printing why, when the sensor cannot
///   be found or opened, or the file cannot be written.
func runDeviceSession(options: DeviceOptions, recorder: DeviceRecorder)
  throws -> (DeviceSessionEnd, DeviceRecorder.Summary)
{
  StopSignal.install()
  let context: USBContext?
  do {
    context = options.device == nil ? nil : try USBContext()
  } catch {
    printError("error: \(error)")
    throw ExitCode.failure
  }
  defer { context?.close() }

  var target: SensorTarget
  do {
    target = try resolveTarget(options: options, context: context)
  } catch {
    printError("error: \(error)")
    throw ExitCode.failure
  }
  recorder.source = target.name
  var end: DeviceSessionEnd
  var connected = false
  while true {
    let link: SensorLink
    do {
      link = try openLink(
        target, options: options, recorder: recorder, context: context)
    } catch {
      guard connected else {
        printError("error: \(error)")
        throw ExitCode.failure
      }
      end = .failed("\(error)")
      break
    }
    connected = true
    end = pump(link, recorder: recorder, options: options)
    link.close()
    guard options.wait, case .disconnected = end else { break }
    printError(
      "unplugged: waiting for \(target.name) to come back; Ctrl-C stops "
        + "and keeps the recording")
    guard
      let again = waitForReturn(of: target, options: options, context: context)
    else {
      end = .interrupted
      break
    }
    target = again
    recorder.reconnected()
    printError("reconnected: \(target.name); the recording goes on")
  }
  do {
    return (end, try recorder.finish())
  } catch {
    printError("error: \(error)")
    throw ExitCode.failure
  }
}

/// Why `--device` found nothing to read.
struct DeviceSelectionError: Error, CustomStringConvertible {
  let description: String
}

/// Finds the sensor `--port` or `--device` names.
///
/// - Parameters:
///   - options: The command's options.
///   - context: The libusb session, when `--device` is given.
/// - Returns: The target.
/// - Throws: ``DeviceSelectionError`` or ``USBError`` when no single device
///   matches or it has no way in.
func resolveTarget(options: DeviceOptions, context: USBContext?) throws
  -> SensorTarget
{
  if let port = options.port { return .serial(path: port, usb: nil) }
  guard let selector = options.device, let context else {
    throw DeviceSelectionError(description: "no --port or --device given")
  }
  let candidates = try context.devices().filter(\.couldBeSensor)
  let matches = select(selector, from: candidates)
  guard matches.count == 1, let device = matches.first else {
    let listing = candidates.map {
      "  \($0.name), serial \($0.serialNumber ?? "none")"
    }
    if matches.isEmpty {
      throw DeviceSelectionError(
        description: "no USB sensor matches --device \(selector)"
          + (listing.isEmpty
            ? ": nothing that could be a sensor is plugged in."
            : ". Connected:\n" + listing.joined(separator: "\n")))
    }
    throw DeviceSelectionError(
      description: "\(matches.count) devices match --device \(selector); "
        + "name one by VID:PID or serial number:\n"
        + matches.map { "  \($0.name), serial \($0.serialNumber ?? "none")" }
        .joined(separator: "\n"))
  }
  return try target(for: device)
}

/// The devices `selector` (auto, VID:PID or a serial number) picks.
///
/// - Parameters:
///   - selector: What `--device` says.
///   - candidates: The devices that could be sensors.
/// - Returns: The matches; `auto` prefers devices hipform knows.
func select(_ selector: String, from candidates: [USBDeviceInfo])
  -> [USBDeviceInfo]
{
  if selector == "auto" {
    let known = candidates.filter { $0.known != nil }
    return known.isEmpty ? candidates : known
  }
  let parts = selector.lowercased().split(separator: ":")
  if parts.count == 2, let vendor = UInt16(parts[0], radix: 16),
    let product = UInt16(parts[1], radix: 16)
  {
    return candidates.filter {
      $0.vendorID == vendor && $0.productID == product
    }
  }
  return candidates.filter { $0.serialNumber == selector }
}

/// How to read a device: its vendor bulk interface through libusb, else
/// its serial port, else CDC-ACM through libusb.
private func target(for device: USBDeviceInfo) throws -> SensorTarget {
  if device.vendorBulkInterface != nil { return .usb(device) }
  if let port = device.serialPorts.first {
    return .serial(path: port, usb: device)
  }
  if device.cdcInterfaces != nil { return .usb(device) }
  throw DeviceSelectionError(
    description: "\(device.name) has no serial port and no interface "
      + "libusb can stream from. A USB-serial bridge needs its kernel "
      + "driver (ch341, cp210x, ftdi_sio): see Firmware-notes/linux-setup.md.")
}

/// Opens the target and starts reading it into `recorder`.
private func openLink(
  _ target: SensorTarget, options: DeviceOptions, recorder: DeviceRecorder,
  context: USBContext?
) throws -> SensorLink {
  let link = SensorLink()
  switch target {
  case .serial(let path, _):
    let port = try openSerialPort(
      path: path, options: options, recorder: recorder)
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
      device, context: context, baud: options.baud ?? 115_200,
      assertDTR: options.dtr)
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
        for command in deviceSetupCommands(options: options) {
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
private func openSerialPort(
  path: String, options: DeviceOptions, recorder: DeviceRecorder
) throws -> SerialPort {
  var settings = SerialSettings(baud: options.baud ?? 115_200)
  settings.assertDTR = options.dtr
  let port: SerialPort
  if options.wireProtocol == .witmotion, options.baud == nil {
    guard
      let found = try BaudDetection().detect(path: path, settings: settings)
    else {
      throw DeviceSelectionError(
        description: "\(path): no WitMotion frames at 9600, 115200 or "
          + "230400 baud. Is it a WitMotion device, powered and sending? "
          + "Give --baud if it uses another rate.")
    }
    printError("witmotion: \(found.baud) baud")
    port = found.port
    recorder.feed(found.bytes[...], hostTime: 0)
  } else {
    port = try SerialPort(path: path, settings: settings)
  }
  try configureDevice(port, options: options)
  return port
}

/// Reads until the link ends, Ctrl-C, a write failure or a quiet device.
private func pump(
  _ link: SensorLink, recorder: DeviceRecorder, options: DeviceOptions
) -> DeviceSessionEnd {
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
    if let idle = link.idleSeconds(), idle >= options.timeout {
      link.stopReading()
      return .failed(
        "no data from the device for \(fixed(options.timeout, 1)) s "
          + "(--timeout). Is it streaming, and does it speak --protocol "
          + "\(options.wireProtocol.rawValue)? Replug it and try again; "
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
private func waitForReturn(
  of target: SensorTarget, options: DeviceOptions, context: USBContext?
) -> SensorTarget? {
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
