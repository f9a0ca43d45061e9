import ArgumentParser
import Foundation
import HipCore
import HipRecording

/// `hipform replay FILE`: the live view, from a recording.
struct Replay: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Play a recording through the live view at its own pace.",
    discussion: """
      Samples are paced by the recording's own timestamps; the events are
      the same at any speed, and the same as 'hipform analyze' finds.
      """)

  @Argument(help: "A format-v1 recording (.csv).")
  var file: String

  @Option(help: "Playback speed: 1, 4, ... or 'max' for no waiting.")
  var speed: String = "1"

  @Option(help: "Start showing at this time in the recording, s.")
  var from: Double = 0

  @Option(help: "Exercise id (default: the header's 'exercise').")
  var exercise: String?

  @Option(help: "Working side (default: the header's 'side').")
  var side: Side?

  func validate() throws {
    try validateSpeed(speed)
    try validateNumber(from, flag: "--from", in: -1e10...1e10, unit: "seconds")
  }

  func run() throws {
    let pace = Double(speed)
    let reader = try failing { try RecordingReader(path: file) }
    let header = reader.header
    let name = exercise ?? header.exercise ?? "unknown"
    var analyzer = SessionAnalyzer(
      configuration: .init(
        exerciseName: name,
        side: side ?? header.side.flatMap(Side.init(rawValue:)),
        axes: header.axes,
        placement: header.placement,
        rateHz: header.rateHz,
        hasGyroscope: reader.hasGyro))
    let view = LiveView(exercise: Exercise(rawValue: name), header: header)
    view.start()
    let clock = ContinuousClock()
    var started: ContinuousClock.Instant?
    try failing {
      while let sample = try reader.next() {
        let events = analyzer.add(sample)
        guard sample.time >= from else { continue }
        if let pace {
          // Wait until this sample's moment at the chosen pace.
          let origin = started ?? clock.now
          started = origin
          let due = origin + .seconds((sample.time - from) / pace)
          if due > clock.now { Thread.sleep(until: due) }
        }
        for event in events { view.show(event) }
        view.update(analyzer.status)
      }
    }
    for event in analyzer.finish() { view.show(event) }
    view.finish(analyzer.summary)
  }
}

extension Thread {
  /// Sleeps until a moment on the continuous clock.
  static func sleep(until instant: ContinuousClock.Instant) {
    let remaining = instant - ContinuousClock.now
    let seconds =
      Double(remaining.components.seconds)
      + Double(remaining.components.attoseconds) * 1e-18
    if seconds > 0 { Thread.sleep(forTimeInterval: seconds) }
  }
}
