import HipCore
import Testing

@testable import HipSynth

/// A walk from an ideal part mounted exactly on the body axes, so that the
/// samples are the pelvis's own physics.
private func idealWalk(
  seed: UInt64, walking: WalkingSettings = WalkingSettings()
) throws -> SynthSession {
  SynthSession(
    settings: try SynthSettings(
      exercise: .walking, placement: .sacrum,
      axes: AxesMapping(x: .forward, y: .up, z: .right), rateHz: 200,
      seed: seed, part: .ideal, misalignmentDegrees: 0, bumps: 0,
      walking: walking))
}

/// The median of `value` over the samples `offset` s after each contact
/// of `side` (the median: a contact in a turn yaws far faster).
private func medianAt(
  _ offset: Double, after contacts: [Step], side: Side, in samples: [Sample],
  rateHz: Double, _ value: (Sample) -> Double
) -> Double {
  let picked = contacts.filter { $0.side == side }.compactMap { step in
    let index = Int(((step.time + offset) * rateHz).rounded())
    return samples.indices.contains(index) ? value(samples[index]) : nil
  }
  return picked.sorted()[picked.count / 2]
}

struct WalkingSessionTests {
  @Test("the same seed gives the same samples and labels")
  func deterministic() throws {
    let a = try idealWalk(seed: 11)
    let b = try idealWalk(seed: 11)
    #expect(a.truth == b.truth)
    #expect(a.samples() == b.samples())
    #expect(try idealWalk(seed: 12).truth != a.truth)
  }

  @Test("labels: alternating contacts, bouts as the contract defines them")
  func labels() throws {
    let truth = try idealWalk(seed: 3, walking: WalkingSettings(bouts: 5))
      .truth
    let steps = try #require(truth.steps)
    let bouts = try #require(truth.walkingBouts)
    #expect(truth.exercise == "walking")
    #expect(truth.reps.isEmpty && truth.sets.isEmpty && truth.holds.isEmpty)
    #expect(bouts.count == 5)
    #expect(bouts.map { $0.initialContacts ?? 0 }.reduce(0, +) == steps.count)
    var first = 0
    for bout in bouts {
      let count = try #require(bout.initialContacts)
      let inBout = Array(steps[first..<(first + count)])
      #expect(count >= 4)
      #expect(inBout.first?.time == bout.startSeconds)
      #expect(inBout.last?.time == bout.endSeconds)
      for (a, b) in zip(inBout, inBout.dropFirst()) {
        #expect(a.side != b.side)
        #expect(b.time - a.time < 3)
      }
      let cadence = try #require(bout.cadence)
      let expected =
        60 * Double(count - 1) / (bout.endSeconds - bout.startSeconds)
      #expect(Swift.abs(cadence - expected) < 1e-9)
      #expect((70...130).contains(cadence))
      if first > 0 { #expect(steps[first].time - steps[first - 1].time > 3) }
      first += count
    }
  }

  @Test("the true drop per stance side is near the one asked for")
  func plannedDrop() throws {
    let truth = try idealWalk(
      seed: 4,
      walking: WalkingSettings(
        leftStanceDropDegrees: 6, rightStanceDropDegrees: 2)
    ).truth
    for bout in try #require(truth.walkingBouts) {
      let drop = try #require(bout.pelvicDrop)
      #expect(Swift.abs((drop.leftStance ?? 0) - 6) < 1)
      #expect(Swift.abs((drop.rightStance ?? 0) - 2) < 0.8)
    }
  }

  @Test("a Trendelenburg side drops clearly more than the other")
  func trendelenburg() throws {
    let truth = try idealWalk(
      seed: 5, walking: WalkingSettings(trendelenburg: .right)
    ).truth
    for bout in try #require(truth.walkingBouts) {
      let drop = try #require(bout.pelvicDrop)
      #expect((drop.rightStance ?? 0) > (drop.leftStance ?? 0) + 3)
    }
  }

  @Test(
    "a lower-back sensor's gait: loading after contact, yaw rate by side")
  func contactPhysics() throws {
    let session = try idealWalk(seed: 6)
    let samples = session.samples()
    let steps = try #require(session.truth.steps)
    let rate = session.settings.rateHz
    // Vertical (body y) specific force: above 1 g just after contact.
    for side in [Side.left, .right] {
      let loading = medianAt(
        0.05, after: steps, side: side, in: samples, rateHz: rate
      ) { $0.acceleration.y }
      #expect(loading > 1.15)
    }
    // McCamley's rule: the vertical-axis rate at a left contact is
    // negative, at a right one positive.
    let left = medianAt(0, after: steps, side: .left, in: samples, rateHz: rate)
    { $0.angularRate?.y ?? 0 }
    let right = medianAt(
      0, after: steps, side: .right, in: samples, rateHz: rate
    ) { $0.angularRate?.y ?? 0 }
    #expect(left < -3)
    #expect(right > 3)
    // Standing still before the first bout: 1 g up, no rate.
    let still = samples[Int(rate)]
    #expect(Swift.abs(still.acceleration.length - 1) < 0.01)
  }

  @Test("walking takes no rep settings and no thigh placement")
  func refusals() {
    #expect(throws: SynthSettings.Invalid.self) {
      try SynthSettings(exercise: .walking, placement: .thighLeft)
    }
    #expect(throws: SynthSettings.Invalid.self) {
      try SynthSettings(exercise: .walking, repsPerSet: 5)
    }
    #expect(throws: SynthSettings.Invalid.self) {
      try SynthSettings(
        exercise: .bridge, walking: WalkingSettings(trendelenburg: .left))
    }
  }
}
