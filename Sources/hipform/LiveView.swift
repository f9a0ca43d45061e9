import Foundation
import HipCore
import HipHistory
import HipRecording
import HipReport

/// The terminal view of a session as it happens (`live` and `replay`).
///
/// Every event becomes one line on standard output, the same lines for the
/// same recording whatever the pace, so they can be compared and tested.
/// On a terminal a status line under them is redrawn in place: time, reps,
/// tilt and level (from the pelvis), the hold timer, errors counted.
final class LiveView {
  private let exercise: Exercise?
  private let header: RecordingHeader
  private var placement: Placement { header.placement }
  private let interactive: Bool
  private var statusShown = false
  private var lastStatusTime = -Double.infinity
  /// Garbled packets and lost frames, from the device side.
  var errorsCounted = 0

  init(
    exercise: Exercise?, header: RecordingHeader,
    interactive: Bool = isatty(1) == 1
  ) {
    self.exercise = exercise
    self.header = header
    self.interactive = interactive
  }

  /// Says once, before any event, what the sensor cannot see from where
  /// it is worn, and what is lost without the exercise.
  func start() {
    if exercise == .walking {
      if let note = WalkingText.sensorNote(
        placement: placement, hasGyro: header.angularRateUnit != nil,
        rateHz: header.rateHz)
      {
        write(note + "\n")
      }
    } else if let note = SensorViewText.note(for: placement) {
      write(note + "\n")
    }
    // A header naming an exercise HipForm does not know has been noted
    // already (`noteExerciseChoice`), with the same advice.
    if exercise == nil, header.exercise == nil {
      write(Self.noExerciseWarning + "\n")
    }
  }

  /// Said when the exercise is not known (no `--exercise`, and none in
  /// the header that the catalogue knows).
  static let noExerciseWarning =
    "No known exercise: reps are counted by movement alone, with no hold "
    + "target, no form cues and no check of the exercise's position. "
    + "Give it with --exercise, for example --exercise bridge."

  /// Shows one event.
  func show(_ event: AnalysisEvent) {
    guard
      let line = Self.line(for: event, exercise: exercise, placement: placement)
    else { return }
    clearStatus()
    write(line + "\n")
  }

  /// Redraws the status line, at most ten times a second of session time;
  /// `status` is asked for only then (not per sample).
  func update(at time: Double, _ status: () -> SessionAnalyzer.Status?) {
    guard interactive, time - lastStatusTime >= 0.1, let status = status()
    else { return }
    lastStatusTime = status.time
    var parts = [clock(status.time)]
    if exercise == .walking {
      parts += Self.walkingStatus(status)
      if errorsCounted > 0 { parts.append("errors \(errorsCounted)") }
      write("\r\u{1B}[2K" + parts.joined(separator: "  |  "))
      statusShown = true
      return
    }
    parts.append(
      status.setNumber > 0
        ? "set \(status.setNumber): rep \(status.repsInSet)  "
          + "(\(status.fullReps) in all)"
        : "\(status.setsCompleted) sets, \(status.fullReps) reps")
    // A thigh's tilt and level are the leg's, not the pelvis's; the tilt
    // is from the rest position, which means something lying down.
    if placement.isOnPelvis {
      parts += [
        "tilt \(NumberText.signed(status.tiltFromRestDegrees, 1))° from rest",
        "level \(NumberText.signed(status.levelDegrees, 1))°",
      ]
    } else {
      parts.append("\(NumberText.fixed(status.degreesFromRest, 1))° from rest")
    }
    if status.heldSeconds >= 0.5 {
      parts.append("holding \(NumberText.fixed(status.heldSeconds, 1)) s")
    } else if status.moving {
      parts.append("moving")
    }
    if errorsCounted > 0 { parts.append("errors \(errorsCounted)") }
    write("\r\u{1B}[2K" + parts.joined(separator: "  |  "))
    statusShown = true
  }

  /// Steps so far, the walk's cadence, and the last dip standing on each
  /// leg.
  static func walkingStatus(_ status: SessionAnalyzer.Status) -> [String] {
    var parts = ["\(status.steps) steps"]
    parts.append(
      status.cadence.map { "\(NumberText.fixed($0, 0)) steps a minute" }
        ?? "not walking")
    if status.lastLeftStanceDrop != nil || status.lastRightStanceDrop != nil {
      parts.append(
        "pelvis dip on the left leg "
          + (status.lastLeftStanceDrop.map { NumberText.fixed($0, 1) + "°" }
            ?? "-")
          + ", right "
          + (status.lastRightStanceDrop.map { NumberText.fixed($0, 1) + "°" }
            ?? "-"))
    }
    return parts
  }

  /// Leaves the terminal on a clean line; after a session that counted
  /// nothing, says what was seen and what to check; after walking, the
  /// whole session's rhythm, evenness and dip, as `analyze` says them.
  func finish(_ summary: SessionAnalysis) {
    clearStatus()
    if let nothing = NothingCountedText(analysis: summary, header: header) {
      write(nothing.lines.joined(separator: "\n") + "\n")
    } else if exercise == .walking {
      let lines = WalkingText.summaryLines(Rounding.asKept(summary))
      if !lines.isEmpty {
        write("\n" + lines.map { "  " + $0 }.joined(separator: "\n") + "\n")
      }
    }
  }

  private func clearStatus() {
    guard statusShown else { return }
    write("\r\u{1B}[2K")
    statusShown = false
  }

  /// Unbuffered, so lines appear the moment an event happens.
  private func write(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
  }

  /// The line an event prints as, or `nil` for events not shown.
  static func line(
    for event: AnalysisEvent, exercise: Exercise?, placement: Placement
  ) -> String? {
    switch event {
    case .repCompleted(let rep):
      // Judged on what the sensor can see, as the report judges it.
      let verdict = RepVerdict(
        rep: rep.seen(from: placement), exercise: exercise)
      let label = rep.partial ? "partial" : "rep"
      let side = rep.side == .both ? "" : " \(rep.side.rawValue)"
      return
        "\(clock(rep.endSeconds))  \(label)\(side)  "
        + "\(NumberText.fixed(rep.romDegrees, 1))°  \(verdict.text)"
    case .repJudgedAgain(let rep):
      // Said as the set closes, just before its "set done" line, of a rep
      // shown earlier: indented under that line's time, not stamped.
      return
        "        judged again: the \(NumberText.fixed(rep.romDegrees, 1))° rep at "
        + "\(clock(rep.endSeconds)) "
        + (rep.partial
          ? "is partial: under half of the set's usual range"
          : "counts: over half of the set's usual range")
    case .repWithdrawn(let rep, let reason):
      return
        "        not a rep after all: the \(NumberText.fixed(rep.romDegrees, 1))° "
        + "movement at \(clock(rep.endSeconds)), \(reason.explanation)"
    case .setCompleted(let set):
      return
        "\(clock(set.endSeconds))  set done: \(set.reps ?? 0) reps "
        + "(\(NumberText.fixed(set.endSeconds - set.startSeconds, 0)) s)"
    case .holdStarted(let time):
      return "\(clock(time))  hold started"
    case .holdCompleted(let hold):
      return
        "\(clock(hold.endSeconds))  hold ended: "
        + "\(NumberText.fixed(hold.durationSeconds, 1)) s"
    case .movementIgnored(let movement):
      return
        "\(clock(movement.startSeconds))  not counted: "
        + "\(NotCountedText.size(movement)), \(movement.reason.explanation)"
    case .walkingBoutCompleted(let unrounded):
      // Rounded as the JSON and the report round it, so the numbers agree.
      let bout = Rounding.bout(unrounded)
      return
        "\(clock(bout.endSeconds))  walk done: \(bout.steps) steps in "
        + "\(NumberText.fixed(bout.endSeconds - bout.startSeconds, 0)) s, "
        + "\(NumberText.fixed(bout.cadence, 0)) steps a minute"
        + (bout.pelvicDrop.map { "; pelvis dip " + WalkingText.dropText($0) }
          ?? "")
    case .movementStarted, .stepCounted:
      // Shown by the status line as they come.
      return nil
    }
  }
}

/// Session time as minutes and seconds, `m:ss.s`.
func clock(_ seconds: Double) -> String { SessionClock.text(seconds) }
