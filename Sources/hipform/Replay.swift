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

  @Option(
    parsing: .unconditional,
    help: "Playback speed: 1, 4, ... or 'max' for no waiting.")
  var speed: String = "1"

  @Option(
    parsing: .unconditional,
    help: "Start showing at this time in the recording, s.")
  var from: Double = 0

  @Option(help: "Exercise id (default: the header's 'exercise').")
  var exercise: String?

  @Option(help: "Working side (default: the header's 'side').")
  var side: Side?

  mutating func validate() throws {
    try validateSpeed(speed)
    try validateNumber(
      from, flag: "--from", in: 0...1e10, unit: "seconds into the recording")
    try validateExercise(&exercise)
  }

  func run() throws {
    let pace = Double(speed)
    let reader = try failing { try RecordingReader(path: file) }
    let header = reader.header
    noteExerciseChoice(asked: exercise, named: header.exercise)
    let configuration = SessionAnalyzer.Configuration(
      header: header, hasGyroscope: reader.hasGyro, exercise: exercise,
      side: side)
    var analyzer = try failing {
      try SessionAnalyzer(configuration: configuration)
    }
    let view = LiveView(
      exercise: configuration.exercise, header: header)
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
        view.update(at: sample.time) { analyzer.status }
      }
    }
    let end = analyzer.status.time
    let last = analyzer.finish()
    if from <= end { for event in last { view.show(event) } }
    view.finish(analyzer.summary)
    if from > end {
      printError(
        "note: --from \(NumberText.fixed(from, 1)) s is past the recording's end "
          + "(\(NumberText.fixed(end, 1)) s): nothing was shown.")
    }
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
