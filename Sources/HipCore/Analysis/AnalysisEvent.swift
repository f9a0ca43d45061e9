/// What the analysis says as a session goes on.
///
/// Each event is final when it is emitted, but for two things: a rep's
/// `partial` flag, judged as the rep ends against the set's reps so far,
/// is judged once more against the whole set when the set closes
/// (``repJudgedAgain(_:)``), and a rep far smaller than the whole set's
/// reps is then withdrawn (``repWithdrawn(_:reason:)``). The session summary is exactly
/// the events folded together (``SessionAnalysis/apply(_:)``), so a live
/// view and a later replay of the recording agree.
public enum AnalysisEvent: Sendable, Equatable {
  /// The body left rest: maybe a rep, maybe a fidget (decided at its end).
  case movementStarted(time: Double)
  /// A rep ended; partial reps come too, with `partial: true`.
  case repCompleted(Rep)
  /// A still position away from rest reached 10 s: a hold is under way.
  case holdStarted(time: Double)
  case holdCompleted(Hold)
  /// The set's whole usual range, known as it closes, changed whether a
  /// rep went less than half of it: the rep as now judged, with its
  /// ``Rep/index`` (1-based place in the session) set. Comes just before
  /// the set's ``setCompleted(_:)``.
  case repJudgedAgain(Rep)
  /// A rep shown earlier was, against the set's whole usual range known
  /// as it closes, no rep but a movement `reason` says: it leaves the
  /// session's reps (those after it move up one place) and joins its
  /// ignored movements. Comes just before the set's ``setCompleted(_:)``,
  /// with the rep's ``Rep/index`` in the session as it stands then (reps
  /// withdrawn just before it have left).
  case repWithdrawn(Rep, reason: IgnoredMovement.Reason)
  /// A set closed after a long rest or at the end of the session.
  case setCompleted(ExerciseSet)
  /// A movement that was not a rep of the set (a bump, a fidget, getting
  /// into position), with why: nothing seen is left unsaid.
  case movementIgnored(IgnoredMovement)
  /// A foot landed, in a walking bout: a bout's first contacts come
  /// together once its fourth confirms it, then each as it lands.
  case stepCounted(Step)
  /// A walking bout ended (a pause over 3 s, or the recording's end).
  case walkingBoutCompleted(WalkingBout)
}

/// A movement seen and not counted as a rep.
public struct IgnoredMovement: Sendable, Equatable {
  /// When it left rest and came back (or stopped), s on the recording's `t`.
  public var startSeconds: Double
  public var endSeconds: Double
  /// How far it went from where it started, degrees.
  public var sizeDegrees: Double
  public var reason: Reason

  public init(
    startSeconds: Double, endSeconds: Double, sizeDegrees: Double,
    reason: Reason
  ) {
    self.startSeconds = startSeconds
    self.endSeconds = endSeconds
    self.sizeDegrees = sizeDegrees
    self.reason = reason
  }

  /// Why a movement was not counted: a stable code (the JSON's `reason`)
  /// and the words a person reads (``explanation``).
  public enum Reason: String, Sendable, Equatable, CaseIterable {
    case notInPosition = "not_in_position"
    case tooShort = "too_short"
    case tooQuick = "too_quick"
    case tooLong = "too_long"
    case tooSmall = "too_small"
    case tooLarge = "too_large"
    case notAHold = "not_a_hold"
    case otherDirection = "other_direction"
    case outOfRhythm = "out_of_rhythm"
    case repositioned = "repositioned"
    case noRise = "no_rise"
    case settling = "settling"
    case unfinished = "unfinished"

    public var explanation: String {
      switch self {
      case .notInPosition: "not in the exercise's position (getting into it)"
      case .tooShort: "too short to be a rep (a bump)"
      case .tooQuick: "much quicker than the set's reps"
      case .tooLong: "too long a movement to be a rep"
      case .tooSmall: "much smaller than the set's reps"
      case .tooLarge: "much larger than this exercise's reps"
      case .notAHold: "this exercise is a hold, and this was not one"
      case .otherDirection: "not in the set's direction"
      case .outOfRhythm: "no rep followed it (not in the set's rhythm)"
      case .repositioned: "ended still away from where it started (a shift)"
      case .noRise:
        "began part-way through a movement, so it could not be measured"
      case .settling:
        "the end of the movement before it, settling (not a rep of its own)"
      case .unfinished: "still under way when the recording ended"
      }
    }
  }
}

extension SessionAnalysis {
  /// Folds one event into the summary.
  public mutating func apply(_ event: AnalysisEvent) {
    switch event {
    case .repCompleted(var rep):
      rep.index = reps.count + 1
      reps.append(rep)
      if rep.side == .left || rep.side == .right {
        asymmetry = Asymmetry(reps: reps)
      }
    case .repJudgedAgain(let rep):
      guard let index = rep.index, reps.indices.contains(index - 1) else {
        return
      }
      reps[index - 1] = rep
      if rep.side == .left || rep.side == .right {
        asymmetry = Asymmetry(reps: reps)
      }
    case .repWithdrawn(let rep, let reason):
      guard let index = rep.index, reps.indices.contains(index - 1) else {
        return
      }
      reps.remove(at: index - 1)
      for later in (index - 1)..<reps.count {
        reps[later].index = later + 1
      }
      if rep.side == .left || rep.side == .right {
        asymmetry = Asymmetry(reps: reps)
      }
      apply(
        .movementIgnored(
          IgnoredMovement(
            startSeconds: rep.startSeconds, endSeconds: rep.endSeconds,
            sizeDegrees: rep.romDegrees, reason: reason)))
    case .holdCompleted(let hold):
      holds.append(hold)
    case .movementIgnored(let movement):
      // In the order they happened: some are decided only later (a first
      // rep waits for the next), and the list reads as a timeline.
      let place =
        ignoredMovements.lastIndex {
          $0.startSeconds <= movement.startSeconds
        }.map { $0 + 1 } ?? 0
      ignoredMovements.insert(movement, at: place)
    case .setCompleted(let set):
      sets.append(set)
    case .stepCounted(let step):
      steps.append(step)
    case .walkingBoutCompleted(let bout):
      walkingBouts.append(bout)
      gait = GaitSummary(bouts: walkingBouts)
    case .movementStarted, .holdStarted:
      break
    }
  }
}
