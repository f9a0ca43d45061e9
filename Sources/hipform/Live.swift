import ArgumentParser
import HipCore
import HipDeviceSession

/// `hipform live`: `record` plus the live view.
struct Live: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Record a sensor and show reps, tilt, level and holds live.",
    discussion: """
      Everything 'record' does, and the analysis as it happens: one line \
      per event (each rep's verdict the moment it ends) and, on a terminal, \
      a status line with the rep count, tilt, level, hold timer and errors \
      counted. The events are the same as 'hipform replay' or \
      'hipform analyze' find in the file afterwards: the same samples go \
      through the same analysis.
      """)

  @OptionGroup var device: DeviceOptions

  func run() throws {
    let live = LiveAnalysis()
    let (end, summary) = try recordDeviceSession(options: device) {
      live.attach(to: $0, exercise: device.exercise, side: device.side)
    }
    live.finish()
    for line in deviceSummaryLines(
      end: end, summary: summary, path: device.output)
    {
      printError(line)
    }
    if case .failed = end { throw ExitCode.failure }
  }
}

/// The analysis and view a recorder feeds, configured from the header the
/// file gets, exactly as `analyze` configures it when reading the file.
final class LiveAnalysis {
  private var analyzer: SessionAnalyzer?
  private var view: LiveView?
  private let showEvents: Bool
  /// Events seen so far.
  private(set) var events = 0

  /// Creates the analysis.
  ///
  /// - Parameter showEvents: Whether to draw the live view on standard
  ///   output (the benchmark turns it off).
  init(showEvents: Bool = true) {
    self.showEvents = showEvents
  }

  /// Hooks the analysis into `recorder`.
  ///
  /// - Parameters:
  ///   - recorder: The pipeline whose samples to analyse.
  ///   - exercise: Exercise id, as in the header.
  ///   - side: Working side, as in the header.
  func attach(to recorder: DeviceRecorder, exercise: String?, side: Side?) {
    recorder.onOpen = { [self] header, hasGyro in
      let configuration = SessionAnalyzer.Configuration(
        header: header, hasGyroscope: hasGyro, exercise: exercise,
        side: side)
      do {
        analyzer = try SessionAnalyzer(configuration: configuration)
      } catch {
        // The recording goes on: it is kept whatever the analysis can do.
        printError("no live analysis: \(error); still recording")
        return
      }
      if showEvents {
        view = LiveView(exercise: configuration.exercise, header: header)
        view?.start()
      }
    }
    recorder.onSample = { [self] sample in
      // Mutated in place: a copy would duplicate the analyzer's buffers.
      guard let found = analyzer?.add(sample) else { return }
      events += found.count
      guard let view else { return }
      for event in found { view.show(event) }
      view.update(at: sample.time) { analyzer?.status }
    }
    recorder.onErrors = { [self] count in view?.errorsCounted = count }
  }

  /// Ends the analysis: the events only the end of the stream completes.
  func finish() {
    guard let found = analyzer?.finish() else { return }
    events += found.count
    for event in found { view?.show(event) }
    if let summary = analyzer?.summary { view?.finish(summary) }
  }
}
