import HipCore
import HipDeviceSession
import Testing

/// What is sent to set a device up before recording.
struct DeviceSetupTests {
  static func settings(_ wire: WireProtocol, rateHz: Double?) throws
    -> DeviceSessionSettings
  {
    DeviceSessionSettings(
      sensor: .port("/dev/ttyTEST0"), wireProtocol: wire,
      axes: try AxesMapping(parsing: "x=right,y=up,z=back"),
      outputPath: "unused.csv", rateHz: rateHz)
  }

  @Test func aWitMotionRateIsUnlockedSetAndSaved() throws {
    var messages: [String] = []
    let commands = deviceSetupCommands(
      settings: try Self.settings(.witmotion, rateHz: 200),
      messages: { messages.append($0) })
    #expect(
      commands
        == WitMotionCommand.configure(
          WitMotionCommand.setOutputRate(.hz200)))
    #expect(commands.count == 3)
    #expect(messages.isEmpty)
  }

  @Test func aRateAWitMotionCannotOutputIsLeftAsItIs() throws {
    var messages: [String] = []
    let commands = deviceSetupCommands(
      settings: try Self.settings(.witmotion, rateHz: 150),
      messages: { messages.append($0) })
    #expect(commands.isEmpty)
    #expect(
      messages == [
        "warning: a WitMotion device cannot output 150.0 Hz; its rate is "
          + "left as it is (rates: 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 125, 200)"
      ])
  }

  @Test func aHipFormDeviceIsAskedWhatItIs() throws {
    let commands = deviceSetupCommands(
      settings: try Self.settings(.hipform, rateHz: nil), messages: { _ in })
    #expect(commands == [HipFrame.requestDeviceInfo])
    #expect(
      deviceSetupCommands(
        settings: try Self.settings(.text, rateHz: 100), messages: { _ in }
      ).isEmpty)
  }
}
