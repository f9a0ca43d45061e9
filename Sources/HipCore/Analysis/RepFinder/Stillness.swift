/// Whether the body is still, since when, and where.
struct StillnessTracker: Sendable {
  /// A still stretch that has just ended.
  struct Stretch {
    var up: Vector3
    var duration: Double
  }

  /// When the body became still; `nil` while it moves.
  private(set) var since: Double?
  /// Where it is still: a running average of the sky direction.
  private(set) var position = Vector3.zero
  /// Points since it became still.
  private(set) var points = 0
  /// Where it became still.
  private var began = Vector3.zero

  /// Adds a point.
  ///
  /// - Parameters:
  ///   - point: The newest attitude point.
  ///   - settings: What counts as still.
  ///   - typicalRange: The set's usual range, degrees, once known: a body
  ///     that creeps further than a share of it from where it became still
  ///     is moving, however slowly (`nil`: no limit yet).
  /// - Returns: The still stretch this point ended, if it ended one.
  mutating func update(
    _ point: AttitudePoint, settings: SessionAnalyzer.StillnessSettings,
    typicalRange: Double?
  ) -> Stretch? {
    let still =
      point.speed < settings.stillSpeed
      && Swift.abs(point.accelerationMagnitude - 1)
        < settings.accelerationTolerance
    guard still else {
      defer { since = nil }
      return since.map { Stretch(up: position, duration: point.time - $0) }
    }
    var ended: Stretch?
    if let start = since, let typicalRange,
      drifted(point.up, degrees: typicalRange, settings: settings)
    {
      // Slow enough to pass for still, but going somewhere: a slow rep.
      // Still again from here, if it stays.
      ended = Stretch(up: position, duration: point.time - start)
      since = nil
    }
    if since == nil {
      since = point.time
      position = point.up
      began = point.up
      points = 0
    } else {
      position =
        (position + (point.up - position) * settings.positionSmoothing)
        .normalized ?? position
    }
    points += 1
    return ended
  }

  /// Whether `up` lies further from where the stillness began than
  /// ``SessionAnalyzer/StillnessSettings/driftShare`` of `typicalRange`.
  private func drifted(
    _ up: Vector3, degrees typicalRange: Double,
    settings: SessionAnalyzer.StillnessSettings
  ) -> Bool {
    let limit =
      Swift.max(settings.minimumDrift, settings.driftShare * typicalRange)
      / Units.degreesPerRadian
    // The chord between two unit vectors is the angle between them, in
    // radians, to a fraction of a percent at these few degrees: no acos
    // on a path taken for every still point.
    let chord = up - began
    return chord.dot(chord) > limit * limit
  }

  /// Samples stopped coming for a while: whatever the body did then, it
  /// was not seen to be still.
  mutating func interrupt() { since = nil }
}

/// Learns how the sensor sits on the body from the postures it rests in,
/// and fixes that at the session's first rep; on a thigh, also from the
/// thigh's swing.
struct MountingLearner: Sendable {
  private var postures: [MountingCalibration.Posture] = []
  /// The correction the postures give, once fixed.
  private var postureCorrection: Quaternion?
  /// A thigh strap's turn about the thigh's long axis, once learned.
  private var strapTurn: Quaternion?

  /// The body-frame correction, once fixed.
  var correction: Quaternion? {
    postureCorrection.map { (strapTurn ?? .identity) * $0 }
  }

  /// Notes a still posture, until the correction is fixed.
  mutating func note(
    _ up: Vector3, duration: Double,
    settings: SessionAnalyzer.MountingSettings
  ) {
    guard postureCorrection == nil, duration > settings.minimumPosture,
      postures.count < settings.posturesKept
    else { return }
    postures.append(.init(up: up, duration: duration))
  }

  /// The correction, fixed the first time it can be learned: from then
  /// on, later postures do not change the angles of reps already counted.
  mutating func fixedCorrection() -> Quaternion {
    if postureCorrection == nil {
      postureCorrection = MountingCalibration.correction(from: postures)
    }
    return correction ?? .identity
  }

  /// Learns a thigh strap's turn from the axis a set's reps swing the
  /// thigh about (`swingAxis`, typically `swingDegrees` far, from a rest
  /// with sky direction `restUp`, both in the declared body frame),
  /// unless it is known already.
  ///
  /// A strap turns about the thigh, and with the thigh upright (standing,
  /// on all fours) no posture shows that turn (a thigh at rest further
  /// from upright shows it in its level, and the postures' correction has
  /// it, unless the session began with a rep and there were none); yet it
  /// puts the thigh's swing into `level_deg` (a 60° hip flexion read
  /// through a strap 33° off rolls the thigh 28°). Every thigh exercise
  /// whose level is defined swings the thigh forward and back, about its
  /// left-right axis: the turn is the one that brings the swing's axis
  /// there. The set's reps together tell it (one movement's axis can be a
  /// shift's, or carry the acceleration of a quick one). A turn beyond
  /// what a strap does says the swing was another one (a leg lifted
  /// sideways) and is not learned.
  mutating func learnStrapTurn(
    swingAxis: Vector3, swingDegrees: Double, restUp: Vector3,
    settings: SessionAnalyzer.MountingSettings
  ) {
    guard strapTurn == nil else { return }
    let posture = fixedCorrection()
    let rest = posture.rotate(restUp)
    // Lying on one side the level is not defined, nor is it learned from.
    guard
      Swift.abs(AttitudeAngles(up: rest).levelDegrees)
        <= AttitudeAngles.levelDefinedLimitDegrees,
      postures.isEmpty
        || Swift.abs(rest.y)
          >= Double.cos(settings.uprightThigh / Units.degreesPerRadian),
      swingDegrees >= settings.smallestSwingForStrapTurn,
      let axis = posture.rotate(swingAxis).normalized
    else { return }
    // The shortest turn that lays the swing's axis on the left-right one
    // (either way): it also levels the rest, which the swing leaves at a
    // right angle to its axis.
    let leftRight = Vector3(0, 0, axis.z < 0 ? -1 : 1)
    let turn = axis.angleDegrees(to: leftRight)
    guard
      turn >= settings.smallestStrapTurn, turn <= settings.largestStrapTurn
    else { return }
    strapTurn = Quaternion(from: axis, to: leftRight)
  }
}
