import HipCore
import RealModule

/// Ground truth from the true motion, with `recording-format.md`'s
/// definitions.
///
/// Angles come from the segment's true attitude (body frame, sway
/// included, sensor mounting and knocks excluded); times from the
/// choreography's own movement boundaries, converted to the device clock.
struct Labeler {
  var choreography: Choreography
  var segment: BodySegment
  /// Device time over true time.
  var clockScale: Double
  var exercise: Exercise
  var side: Side
  /// Device-time bounds of each rep's segment (first and last sample
  /// written), in order, when the reps were cut out and joined: a rep then
  /// runs over its segment, as a dataset's authors label cut reps.
  var segments: [ClosedRange<Double>]? = nil

  var truth: GroundTruth {
    var reps: [Rep] = []
    var holds: [Hold] = []
    var setRanges: [Int: (start: Double, end: Double)] = [:]
    var repSets: [Int] = []
    let timeline = choreography.timeline
    let performed = choreography.reps
    for rep in performed {
      if rep.isHold {
        for phase in rep.phases where phase.leave - phase.arrive >= 10 {
          holds.append(
            Hold(
              startSeconds: phase.arrive * clockScale,
              endSeconds: phase.leave * clockScale))
        }
        continue
      }
      // The furthest position: the phase whose target is furthest from
      // rest for this segment; its middle is the peak.
      let restAttitude = rep.rest.attitude(of: segment)
      var best = 0
      var bestAngle = -1.0
      for (i, phase) in rep.phases.enumerated() {
        let angle = rotationAngle(
          from: restAttitude, to: phase.state.attitude(of: segment))
        if angle > bestAngle + 1e-9 {
          best = i
          bestAngle = angle
        }
      }
      let top = rep.phases[best]
      let peak = (top.arrive + top.leave) / 2
      let atRest = timeline.state(at: rep.start).attitude(of: segment)
      let atPeak = timeline.state(at: peak).attitude(of: segment)
      let restAngles = attitudeAngles(atRest)
      let levelChange: Double? =
        Swift.abs(restAngles.levelDegrees)
          > AttitudeAngles.levelDefinedLimitDegrees
        ? nil : attitudeAngles(atPeak).levelDegrees - restAngles.levelDegrees
      let bounds =
        segments?[reps.count]
        ?? (rep.start * clockScale)...(rep.end * clockScale)
      reps.append(
        Rep(
          startSeconds: bounds.lowerBound,
          peakSeconds: peak * clockScale, endSeconds: bounds.upperBound,
          side: rep.side, romDegrees: rotationAngle(from: atRest, to: atPeak),
          levelChangeDegrees: levelChange,
          holdSeconds: (top.leave - top.arrive) * clockScale, partial: false))
      repSets.append(rep.set)
      let range = setRanges[rep.set] ?? (bounds.lowerBound, bounds.upperBound)
      setRanges[rep.set] = (
        Swift.min(range.start, bounds.lowerBound),
        Swift.max(range.end, bounds.upperBound)
      )
    }
    markPartials(&reps, sets: repSets)
    let sets = setRanges.keys.sorted().compactMap { key in
      setRanges[key].map {
        ExerciseSet(startSeconds: $0.start, endSeconds: $0.end)
      }
    }
    let gaps = segments.map { segments in
      zip(segments, segments.dropFirst()).map {
        LabelledGap(startSeconds: $0.upperBound, endSeconds: $1.lowerBound)
      }
    }
    return GroundTruth(
      exercise: exercise.rawValue, side: side,
      reps: reps.map(LabelledRep.init(labelling:)), holds: holds, sets: sets,
      gaps: gaps)
  }

  /// Marks the reps that went less than half of their set's usual range.
  ///
  /// That is how `recording-format.md` defines a partial rep: by
  /// `rom_deg`, the segment's own rotation, not by how far the
  /// choreography meant the joint to go. A sacrum sensor's pelvis does not
  /// shrink with the leg, so a leg lift to a third can still turn it by two
  /// thirds of the usual.
  private func markPartials(_ reps: inout [Rep], sets: [Int]) {
    for set in Set(sets) {
      let members = sets.indices.filter { sets[$0] == set }
      guard let usual = upperMedian(members.map { reps[$0].romDegrees })
      else { continue }
      for i in members { reps[i].partial = reps[i].romDegrees < 0.5 * usual }
    }
  }
}
