import Foundation
import HipCore
import HipDevice
import HipRecording

/// Sends what the protocol allows to set up the device.
///
/// - Parameters:
///   - port: The open port.
///   - settings: The session's settings.
///   - messages: Where warnings and progress go, a line each.
/// - Throws: ``SerialError`` when a write fails.
public func configureDevice(
  _ port: SerialPort, settings: DeviceSessionSettings,
  messages: (String) -> Void
) throws(SerialError) {
  switch settings.wireProtocol {
  case .witmotion, .hipform:
    for command in deviceSetupCommands(settings: settings, messages: messages) {
      try port.write(command)
      // WitMotion modules need a moment between unlock, setting and save.
      Thread.sleep(forTimeInterval: 0.01)
    }
  case .ximu3:
    // The reply names the device for the header's `sensor`: the port
    // hands it to the decoder first, with every sample that streamed in
    // during the wait.
    if let identity = try port.pingXIMU3() {
      messages("x-imu3: \(identity)")
    } else {
      messages(
        "warning: no reply to the x-IMU3 ping on \(port.path) within 1 s; "
          + "recording anyway, without the device's name and serial number. "
          + "Is it an x-IMU3 (--protocol x-imu3)?")
    }
  case .text:
    break
  }
}

/// The commands that set a device up for recording: the HipForm
/// device-info request, or WitMotion's unlock, output rate and save when
/// a rate is set.
///
/// - Parameters:
///   - settings: The session's settings.
///   - messages: Where a rate the device cannot output is reported.
/// - Returns: The commands, in the order to send them.
public func deviceSetupCommands(
  settings: DeviceSessionSettings, messages: (String) -> Void
) -> [[UInt8]] {
  switch settings.wireProtocol {
  case .witmotion:
    guard let rate = settings.rateHz else { return [] }
    guard
      let setting = WitMotionOutputRate.allCases.first(where: {
        $0.hertz == rate
      })
    else {
      messages(
        "warning: a WitMotion device cannot output \(rate) Hz; its rate is "
          + "left as it is (rates: "
          + WitMotionOutputRate.allCases.compactMap(\.hertz).map {
            NumberText.fixed($0, $0 < 1 ? 1 : 0)
          }.joined(separator: ", ") + ")")
      return []
    }
    return WitMotionCommand.configure(WitMotionCommand.setOutputRate(setting))
  case .hipform:
    return [HipFrame.requestDeviceInfo]
  case .ximu3, .text:
    return []
  }
}
