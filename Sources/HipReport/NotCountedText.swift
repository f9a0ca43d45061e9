import HipCore

/// Session time as minutes and seconds, `m:ss.s`, as the live view and
/// the lists of movements show it.
public enum SessionClock {
  public static func text(_ seconds: Double) -> String {
    let tenths = Int((Swift.max(0, seconds) * 10).rounded())
    let minutes = tenths / 600
    let rest = Double(tenths % 600) / 10
    return "\(minutes):" + (rest < 10 ? "0" : "") + NumberText.fixed(rest, 1)
  }
}

/// Movements seen and not counted as reps, with why, in words.
public enum NotCountedText {
  /// Up to this many movements are listed one a line; more are grouped
  /// by why.
  public static let listedOneByOne = 5

  /// One movement: "0:14.4  3.1°  too short to be a rep (a bump)".
  public static func line(_ movement: IgnoredMovement) -> String {
    "\(SessionClock.text(movement.startSeconds))  \(size(movement))  "
      + movement.reason.explanation
  }

  /// How far it went: "3.1°".
  public static func size(_ movement: IgnoredMovement) -> String {
    NumberText.fixed(movement.sizeDegrees, 1) + "°"
  }

  /// The movements as lines: one each when few, else one per reason,
  /// the most frequent first: "3 movements of 1.5-3.1° (0:14.4, 0:14.8,
  /// 0:15.0): too short to be a rep (a bump)".
  public static func lines(_ movements: [IgnoredMovement]) -> [String] {
    guard movements.count > listedOneByOne else { return movements.map(line) }
    return byReason(movements).map { reason, group in
      guard group.count > 1 else { return line(group[0]) }
      let sizes = group.map(\.sizeDegrees)
      let low = NumberText.fixed(sizes.min() ?? 0, 1)
      let high = NumberText.fixed(sizes.max() ?? 0, 1)
      let shown = 8
      var times = group.prefix(shown).map {
        SessionClock.text($0.startSeconds)
      }
      if group.count > shown { times.append("\(group.count - shown) more") }
      return
        "\(group.count) movements of "
        + (low == high ? "\(low)°" : "\(low)-\(high)°")
        + " (\(times.joined(separator: ", "))): \(reason.explanation)"
    }
  }

  /// The movements grouped by why, the most frequent first (the earliest
  /// first among equals).
  static func byReason(_ movements: [IgnoredMovement])
    -> [(IgnoredMovement.Reason, [IgnoredMovement])]
  {
    var order: [IgnoredMovement.Reason] = []
    var groups: [IgnoredMovement.Reason: [IgnoredMovement]] = [:]
    for movement in movements {
      if groups[movement.reason] == nil { order.append(movement.reason) }
      groups[movement.reason, default: []].append(movement)
    }
    return order.enumerated().sorted {
      let a = groups[$0.element]?.count ?? 0
      let b = groups[$1.element]?.count ?? 0
      return a != b ? a > b : $0.offset < $1.offset
    }.map { ($0.element, groups[$0.element] ?? []) }
  }
}

/// What a session that counted nothing saw, and what to check: said
/// wherever "0 reps" is.
public struct NothingCountedText: Sendable, Equatable {
  /// What was seen, with the main reasons none counted.
  ///
  /// "0 reps: 4 movements were seen, none counted (...)." or "0 reps: no
  /// movement was seen."
  public var seen: String
  /// The checks, one each: the mounting, the placement, the exercise.
  public var checks: [String]

  /// The explanation, or `nil` when the session counted a rep or a hold.
  ///
  /// - Parameters:
  ///   - analysis: The session.
  ///   - exerciseInHeader: The recording header's `exercise`, if any.
  ///   - axes: The header's `axes` line; `nil` when the header was not
  ///     read (a saved session whose recording is gone).
  ///   - placement: Where the sensor is worn (the header's or its default).
  public init?(
    analysis: SessionAnalysis, exerciseInHeader: String?, axes: String?,
    placement: String?
  ) {
    let full = analysis.reps.filter { !$0.partial }.count
    guard full == 0, analysis.holds.isEmpty else { return nil }
    let isWalking = Exercise(rawValue: analysis.exercise) == .walking
    guard !isWalking || analysis.steps.isEmpty else { return nil }
    let isHold = Exercise(rawValue: analysis.exercise)?.profile.isHold ?? false
    let nothing = isHold ? "0 holds" : "0 reps"
    var reasons = NotCountedText.byReason(analysis.ignoredMovements).map {
      ($0.0.explanation, $0.1.count)
    }
    let partial = analysis.reps.count
    if partial > 0 {
      reasons.append(("partial: under half of the set's usual range", partial))
      reasons.sort { $0.1 > $1.1 }
    }
    let seenCount = analysis.ignoredMovements.count + partial
    if isWalking {
      seen =
        "0 steps: no walking was found. Steps count from \(WalkingText.stepsToStart) "
        + "steps in a row in a walking rhythm, with no pause over "
        + "\(WalkingText.longestPause) s."
    } else if seenCount == 0 {
      seen = "\(nothing): no movement was seen."
    } else {
      let main = reasons.prefix(3).map { "\($0.0): \($0.1)" }
      let others = reasons.dropFirst(3).reduce(0) { $0 + $1.1 }
      seen =
        "\(nothing): \(seenCount) "
        + (seenCount == 1 ? "movement was" : "movements were")
        + " seen, none counted ("
        + main.joined(separator: "; ")
        + (others > 0 ? "; \(others) for other reasons" : "") + ")."
    }
    var checks = [
      "how the sensor is mounted: "
        + (axes.map {
          "the header's axes line says \($0); each sensor axis must point "
            + "that way on the body"
        } ?? "the axes line in the recording's header")
    ]
    checks.append(
      "where it is worn: "
        + (placement.map { "placement \($0)" }
          ?? "the placement line in the recording's header"))
    let exercise = analysis.exercise
    // The header's name as the analysis read it ("Single leg bridge" is
    // `single-leg-bridge`).
    let named = exerciseInHeader.map { Exercise(named: $0)?.rawValue ?? $0 }
    switch (axes, named) {
    case (nil, _):
      checks.append(
        "the exercise: looked for \(exercise); if another was done, name "
          + "it with --exercise")
    case (_, exercise?):
      checks.append(
        "the exercise: \(exercise), as the header says; if another was "
          + "done, name it with --exercise")
    case (_, let named?):
      checks.append(
        "the exercise: looked for \(exercise), the header says \(named)")
    case (_, nil):
      checks.append(
        "the exercise: the header names none (looked for \(exercise)); "
          + "name it with --exercise")
    }
    self.checks = checks
  }

  /// The explanation as terminal lines, checks indented under a heading.
  public var lines: [String] {
    [seen, "What to check:"] + checks.map { "  - " + $0 }
  }
}

/// What the sensor can see from where it is worn, said once.
public enum SensorViewText {
  /// For a thigh sensor, that it cannot see the pelvis; `nil` on it.
  public static func note(for placement: Placement) -> String? {
    placement.isOnPelvis
      ? nil
      : "The sensor is on the thigh: it sees the leg's range, hold and "
        + "tempo, not whether the hips stay level."
  }

  /// The same for a placement as a document names it (`nil`: the
  /// sacrum, the default).
  public static func note(for placement: String?) -> String? {
    note(for: Placement(documented: placement))
  }
}
