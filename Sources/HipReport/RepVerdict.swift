import HipCore

/// What a physical therapist would say about one rep, in the words the
/// physical-therapy articles use ("keep your hips square", "hold for a couple of
/// seconds", "lower slowly").
public struct RepVerdict: Sendable, Equatable {
  /// One short phrase per point, most important first.
  public var phrases: [String]
  /// Whether the rep met every cue it could be judged on.
  public var isGood: Bool
  /// Whether the hips stayed square (level change within
  /// ``levelTolerance``); `nil` where the level change is not defined.
  public var hipsSquare: Bool?
  /// The hold the exercise asks for at the top, s; `nil` when none.
  public var holdTarget: Double?
  /// Whether the rep held the target; `nil` without a target.
  public var holdMet: Bool?
  /// Lowering time over lifting time; `nil` when either is not known.
  public var lowerToLift: Double?

  /// Level change beyond this is hips not square, degrees.
  public static let levelTolerance = 3.0
  /// A hold this much short of its target still meets it, s: the sensor
  /// times a hold's ends to about a quarter of a second, and "hold for a
  /// couple of seconds" is not a stopwatch.
  public static let holdTolerance = 0.25

  /// Whether a hold of `seconds` meets `target`, within ``holdTolerance``.
  public static func holdMeets(_ seconds: Double, target: Double) -> Bool {
    seconds + holdTolerance >= target
  }
  /// Lowering quicker than this share of the lift is "lowered faster".
  public static let lowerToLiftMinimum = 0.8

  /// Which side a level change of `change` degrees dropped: level is the
  /// right side above the left, so a fall means the right side dropped, a
  /// rise that the left side did.
  public static func sideDropped(_ change: Double) -> String {
    change < 0 ? "right side dropped" : "left side dropped"
  }

  /// What a level change of `change` degrees says of the hips, in words.
  public static func levelWords(_ change: Double) -> String {
    Swift.abs(change) <= levelTolerance ? "hips square" : sideDropped(change)
  }

  public init(rep: Rep, exercise: Exercise?) {
    var phrases: [String] = []
    var good = true
    hipsSquare = rep.levelChangeDegrees.map {
      Swift.abs($0) <= Self.levelTolerance
    }
    if rep.partial {
      phrases.append("partial rep, not counted")
      good = false
    }
    if let change = rep.levelChangeDegrees {
      if Swift.abs(change) <= Self.levelTolerance {
        phrases.append("hips stayed square")
      } else {
        phrases.append(
          "\(Self.sideDropped(change)) \(Self.degrees(Swift.abs(change)))")
        good = false
      }
    }
    let target = exercise?.profile.holdTarget ?? 0
    holdTarget = target > 0 ? target : nil
    holdMet = target > 0 ? Self.holdMeets(rep.holdSeconds, target: target) : nil
    if target > 0 {
      if Self.holdMeets(rep.holdSeconds, target: target) {
        phrases.append("held \(Self.seconds(rep.holdSeconds))")
      } else {
        phrases.append(
          "held \(Self.seconds(rep.holdSeconds)) of \(Self.seconds(target))")
        good = false
      }
    } else if rep.holdSeconds >= 0.5 {
      phrases.append("held \(Self.seconds(rep.holdSeconds))")
    }
    let lift = rep.liftSeconds
    let lower = rep.lowerSeconds
    lowerToLift = lift > 0 && lower > 0 ? lower / lift : nil
    if lift > 0, lower > 0 {
      if lower < Self.lowerToLiftMinimum * lift {
        phrases.append("lowered faster than lifted")
        if exercise?.profile.compensations.contains(.fastLowering) ?? false {
          good = false
        }
      } else if lower > 1.5 * lift {
        phrases.append("lowered slowly")
      }
    }
    self.phrases = phrases
    isGood = good
  }

  public var text: String { phrases.joined(separator: ", ") }

  static func degrees(_ value: Double) -> String {
    "\(Int(value.rounded())) degrees"
  }

  static func seconds(_ value: Double) -> String {
    let tenths = (value * 10).rounded() / 10
    return "\(tenths) s"
  }
}

extension Rep {
  /// From leaving rest to arriving at the top, s.
  public var liftSeconds: Double {
    Swift.max(0, peakSeconds - holdSeconds / 2 - startSeconds)
  }

  /// From leaving the top to being back at rest, s.
  public var lowerSeconds: Double {
    Swift.max(0, endSeconds - (peakSeconds + holdSeconds / 2))
  }
}
