import HipCore

/// One step of a walking session as the reports list and chart it.
public struct WalkedStep: Sendable, Equatable {
  /// 1, 2, 3 in time order over the whole session.
  public var number: Int
  /// The walk (1-based) it belongs to; `nil` outside every walk.
  public var walk: Int?
  /// The foot that landed, and so the leg then standing.
  public var side: Side
  /// When it landed, s.
  public var time: Double
  /// From the walk's previous contact; `nil` for a walk's first step.
  public var stepSeconds: Double?
  /// How far the pelvis's other side dipped while standing on this foot,
  /// degrees; `nil` where not measured (a walk's last step, a thigh
  /// sensor, no gyroscope, or a session saved before it was kept).
  public var dropDegrees: Double?

  /// Steps a minute at this step's pace.
  public var cadence: Double? {
    stepSeconds.flatMap { $0 > 0 ? 60 / $0 : nil }
  }
}

extension SessionReport {
  /// The walks as reported: rounded as the contract JSON rounds them.
  public var walks: [WalkingBout] { analysis.walkingBouts }

  /// Every step with its walk, step time and pelvic drop, in time order.
  ///
  /// Step time and drop come from the walk's stances where the analysis
  /// kept them; otherwise the step time is the gap to the walk's previous
  /// step and the drop is not known.
  public var walkedSteps: [WalkedStep] {
    let walks = self.walks
    // Times are rounded to the millisecond on both sides of the match.
    let tolerance = 0.0005
    var result: [WalkedStep] = []
    for (offset, step) in analysis.steps.enumerated() {
      let time = step.time
      let walk = walks.firstIndex {
        time >= $0.startSeconds - tolerance && time <= $0.endSeconds + tolerance
      }
      let stance = walk.flatMap { index in
        walks[index].stances.first {
          $0.time.map { Swift.abs($0 - time) <= tolerance } ?? false
        }
      }
      var stepSeconds = stance?.stepSeconds
      let walkNumber = walk.map { $0 + 1 }
      if stance == nil, let previous = result.last, walkNumber != nil,
        previous.walk == walkNumber
      {
        stepSeconds = Rounding.time(time - previous.time)
      }
      result.append(
        WalkedStep(
          number: offset + 1, walk: walkNumber, side: step.side,
          time: time, stepSeconds: stepSeconds,
          dropDegrees: stance?.dropDegrees))
    }
    return result
  }

  /// The mean step time of the steps landing on each foot, s.
  public func meanStepSeconds(_ side: Side) -> Double? {
    Statistics.mean(
      walkedSteps.filter { $0.side == side }.compactMap(\.stepSeconds))
  }
}
