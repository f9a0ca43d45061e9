/// A movement measured once it is over: its timing from the minimum-jerk
/// shape of its rise and fall, its furthest position, its hold and its
/// size.
struct MeasuredMovement: Sendable {
  var startTime: Double
  /// The middle of the hold, or the furthest position.
  var peakTime: Double
  var endTime: Double
  /// When the movement was judged over: the last point it was seen at.
  var judgedTime: Double
  /// When the rise reached the top and the fall left it, s.
  var riseEnd: Double
  var fallStart: Double
  /// Time held at the top, s (0 when the body went out twice).
  var holdTime: Double
  /// The sky direction at the furthest position.
  var peakUp: Vector3
  /// Rotation from rest to the furthest position, degrees.
  var range: Double
  /// Tilt from rest to the furthest position, degrees: the turn of the up
  /// direction alone, which heading drift cannot reach.
  var tilt: Double
  /// The turn of the rise itself, degrees: `range` without the foot's
  /// offset from rest, which a range from the foot's attitude (with a
  /// gyroscope) already leaves out.
  var rise: Double
  /// How far from rest the rise started, degrees: above zero when the
  /// body had settled away from the rest it is measured from.
  var footOffset: Double
  /// Unit axis of the turn from rest to the furthest position.
  var axis: Vector3
  /// The sky direction at the rest it was measured from.
  var restUp: Vector3

  var duration: Double { endTime - startTime }

  /// Whether most of it is tilt, so that its axis says which way it
  /// turned: a turn about the vertical has next to none, and noise would
  /// decide.
  var turnsByTilt: Bool {
    axis != .zero && tilt >= 0.5 * range
  }

  /// Measures the movement in `points`, which crossed the onset at
  /// `onsetIndex`, against `rest`; `nil` when there is nothing to measure.
  ///
  /// - Parameters:
  ///   - points: The movement's points, from a look-back before its onset.
  ///   - onsetIndex: Where in `points` it crossed the onset threshold.
  ///   - rest: The rest it is measured from.
  ///   - useAttitude: Whether the range may come from the gyroscope's
  ///     attitudes (not across a gap in the samples).
  ///   - hasGyroscope: Whether the sky directions come with a gyroscope.
  ///   - settings: The measurement's settings.
  /// - Returns: The measured movement, or `nil` when it has no rise.
  static func measure(
    _ points: [AttitudePoint], onsetIndex: Int, from rest: Anchor,
    useAttitude: Bool, hasGyroscope: Bool,
    settings: SessionAnalyzer.MeasurementSettings
  ) -> MeasuredMovement? {
    guard points.count >= 3 else { return nil }
    let e = points.map { rest.excursion($0) }
    let times = points.map(\.time)
    let onset = Swift.min(Swift.max(0, onsetIndex), e.count - 1)
    guard
      let highest = e.indices[onset...].max(by: { e[$0] < e[$1] })
    else { return nil }
    // The foot: where the rise left, the point nearest rest before the top.
    let foot = e.indices[..<highest].min { e[$0] < e[$1] } ?? 0
    let base = e[foot]
    // The height is a high percentile of the movement, not its maximum:
    // a knock on the sensor is a spike, not the top.
    let moving = e[onset...].sorted()
    let top = moving[Int(Double(moving.count - 1) * settings.topPercentile)]
    let height = top - base
    guard height > 0 else { return nil }
    let quarterLevel = base + 0.25 * height
    let threeQuarterLevel = base + 0.75 * height

    /// The time `e` passes `level` between samples `i` and `j`.
    func passing(_ level: Double, _ i: Int, _ j: Int) -> Double {
      let f = (e[i] - level) / (e[i] - e[j])
      return times[i] + f * (times[j] - times[i])
    }
    // The rise is the first climb past three quarters after the onset and
    // the last time below a quarter before it; the fall, the last drop
    // below three quarters and the first time below a quarter after it.
    // A hold's sway or a knock in between changes neither.
    guard
      let riseTop = e.indices[onset...].first(where: {
        e[$0] >= threeQuarterLevel
      }),
      let fallTop = e.indices[riseTop...].last(where: {
        e[$0] >= threeQuarterLevel
      })
    else { return nil }
    let peakIndex =
      e.indices[riseTop...fallTop].max(by: { e[$0] < e[$1] }) ?? riseTop
    let peakTimeSeen = times[peakIndex]
    // Times come from the minimum-jerk profile through the quarter and
    // three-quarter crossings; where a crossing was not seen, the edge of
    // what was seen stands in.
    var startTime = times[0]
    var riseEnd = peakTimeSeen
    if riseTop > 0,
      let riseFoot = e.indices[..<riseTop].last(where: { e[$0] < quarterLevel })
    {
      let rise = MinimumJerk.movement(
        quarterTime: passing(quarterLevel, riseFoot, riseFoot + 1),
        threeQuartersTime: passing(threeQuarterLevel, riseTop - 1, riseTop))
      startTime = Swift.max(rise.start, times[0])
      riseEnd = Swift.min(rise.start + rise.duration, peakTimeSeen)
    }
    var endTime = times[times.count - 1]
    var fallStart = peakTimeSeen
    if fallTop + 1 < e.count,
      let fallFoot = e.indices[(fallTop + 1)...].first(where: {
        e[$0] < quarterLevel
      })
    {
      let fall = MinimumJerk.movement(
        quarterTime: passing(quarterLevel, fallFoot - 1, fallFoot),
        threeQuartersTime: passing(threeQuarterLevel, fallTop, fallTop + 1))
      fallStart = Swift.max(fall.start, peakTimeSeen)
      endTime = fall.start + fall.duration
    }
    // Staying below three quarters for a while between the rise and the
    // fall, the body went out twice (leaning forward to stand up, then
    // again to sit down): the furthest position is the first excursion's
    // top, and neither was held. A knock or a hold's brief sag is not
    // that. Not without a gyroscope: there the sky at a quick turnaround
    // is bent by the movement's own acceleration, and the still stretch
    // between is the cleaner view of the rep.
    var firstOutEnd: Int?
    if hasGyroscope {
      var below: Int?
      for k in riseTop...fallTop {
        if e[k] >= threeQuarterLevel {
          below = nil
        } else if let start = below {
          if times[k] - times[start] >= settings.twoExcursionDip {
            firstOutEnd = start
            break
          }
        } else {
          below = k
        }
      }
    }
    let leftTheTop = firstOutEnd != nil
    var furthest = peakIndex
    if let firstOutEnd {
      furthest =
        e.indices[riseTop..<firstOutEnd].max { e[$0] < e[$1] } ?? riseTop
    }
    let holdTime = leftTheTop ? 0 : Swift.max(0, fallStart - riseEnd)
    let peakTime = holdTime > 0 ? (riseEnd + fallStart) / 2 : times[furthest]

    // The attitude at the furthest position: the middle half of the hold.
    var peakUp = Vector3.zero
    let averaged = holdTime > settings.averagedHold
    let lo = averaged ? riseEnd + holdTime / 4 : peakTime
    let hi = averaged ? fallStart - holdTime / 4 : peakTime
    var nearest = furthest
    for (k, t) in times.enumerated() {
      if t >= lo && t <= hi { peakUp += points[k].up }
      if Swift.abs(t - peakTime) < Swift.abs(times[nearest] - peakTime) {
        nearest = k
      }
    }
    if peakUp.length == 0 { peakUp = points[nearest].up }
    peakUp = peakUp.normalized ?? rest.up
    let peakAttitude = points[nearest].attitude

    let tilt = rest.up.angleDegrees(to: peakUp)
    var range = tilt
    // From a rest the body has settled a little away from, the range from
    // that rest overstates the rise by the offset.
    var rise = range - Swift.max(0, base)
    if useAttitude, let a = points[foot].attitude, let b = peakAttitude {
      // From the attitude the rise left, not the rest's: the gyroscope
      // drifts little over one rise, but the rest's heading goes stale
      // between reps with short pauses and would add its drift.
      range = (a.conjugate * b).angleDegrees
      rise = range
    }
    return MeasuredMovement(
      startTime: startTime, peakTime: peakTime, endTime: endTime,
      judgedTime: times[times.count - 1], riseEnd: riseEnd,
      fallStart: fallStart, holdTime: holdTime, peakUp: peakUp, range: range,
      tilt: tilt, rise: rise, footOffset: Swift.max(0, base),
      axis: rest.up.cross(peakUp).normalized ?? .zero, restUp: rest.up)
  }
}
