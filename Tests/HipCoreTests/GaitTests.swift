import HipTestSupport
import RealModule
import Testing

@testable import HipCore

/// Walking on made-up trunk signals: each foot landing is a loading rise of
/// the vertical acceleration, the medio-lateral acceleration rises at a
/// left contact and falls at a right one, and the pelvis rolls by a known
/// drop while each foot stands.
struct GaitTests {
  /// A scripted walk: contact times, each foot's landing strength, and the
  /// trunk's roll (degrees, right side up positive) over time.
  struct Script {
    var contacts: [(time: Double, side: Side, strength: Double)]
    var duration: Double
    var rate = 100.0
    var gyro = true
    /// Extra forward lean of the trunk, degrees, over time (bending).
    var lean: (Double) -> Double = { _ in 0 }
    var roll: (Double) -> Double = { _ in 0 }
    /// Whether each walk ends with the trailing foot brought beside the
    /// other (half as hard, a step time after the last contact): a
    /// landing, not a step.
    var feetTogether = true
    /// Samples lost over this span, s.
    var lost: ClosedRange<Double>? = nil
    /// Whether the pelvis turns about the vertical with each step, as a
    /// gyroscope sees it: negative at a left contact (McCamley et al.).
    var turnsWithSteps = false

    /// The contacts, and where each walk stops, the feet coming together.
    var landings: [(time: Double, side: Side, strength: Double)] {
      guard feetTogether else { return contacts }
      var all = contacts
      for (index, contact) in contacts.enumerated() where index > 0 {
        let stepTime = contact.time - contacts[index - 1].time
        let next = index + 1 < contacts.count ? contacts[index + 1].time : nil
        // A walk stops where no contact follows within a pause.
        guard next.map({ $0 - contact.time > 3 }) ?? true else { continue }
        all.append(
          (
            contact.time + stepTime, contact.side == .left ? .right : .left,
            contact.strength / 2
          ))
      }
      return all.sorted { $0.time < $1.time }
    }
  }

  /// Alternating contacts, left first, every `stepTime` from `start`.
  static func steps(
    _ count: Int, from start: Double, every stepTime: Double,
    strength: Double = 0.3
  ) -> [(time: Double, side: Side, strength: Double)] {
    (0..<count).map {
      (start + Double($0) * stepTime, $0 % 2 == 0 ? .left : .right, strength)
    }
  }

  /// The pelvis rolls down on the free side after each contact and back by
  /// the next: `leftDrop` while standing on the left foot, `rightDrop` on
  /// the right.
  static func roll(
    _ contacts: [(time: Double, side: Side, strength: Double)],
    leftDrop: Double, rightDrop: Double
  ) -> (Double) -> Double {
    { t in
      guard let index = contacts.lastIndex(where: { $0.time <= t }),
        index + 1 < contacts.count
      else { return 0 }
      let contact = contacts[index]
      let next = contacts[index + 1].time
      let phase = (t - contact.time) / (next - contact.time)
      let shape = Double.sin(.pi * phase)
      // Standing on the left, the right side drops: level falls.
      return contact.side == .left ? -leftDrop * shape : rightDrop * shape
    }
  }

  /// The samples of `script`, sensor axes = body axes (x forward, y up,
  /// z right).
  static func samples(_ script: Script) -> [Sample] {
    let count = Int(script.duration * script.rate)
    let landings = script.landings
    var result: [Sample] = []
    var previousRoll = script.roll(0)
    func turnRate(at t: Double) -> Double {
      guard script.turnsWithSteps else { return 0 }
      return landings.reduce(0) { rate, contact in
        let x = (t - contact.time) / 0.08
        let sign = contact.side == .left ? -1.0 : 1.0
        return rate + sign * 30 * Double.exp(-0.5 * x * x)
      }
    }
    var previousLean = script.lean(0)
    for i in 0..<count {
      let t = Double(i) / script.rate
      if script.lost?.contains(t) == true { continue }
      var vertical = 0.0
      var lateral = 0.0
      for contact in landings {
        let x = t - contact.time - 0.06
        // The loading peak just after the landing.
        vertical +=
          contact.strength * Double.exp(-0.5 * (x / 0.05) * (x / 0.05))
        // Sways toward the standing foot: rising after a left landing.
        let sign = contact.side == .left ? 1.0 : -1.0
        let y = (t - contact.time) / 0.25
        lateral += sign * 0.15 * y * Double.exp(-0.5 * y * y)
      }
      let rollDegrees = script.roll(t)
      let leanDegrees = script.lean(t)
      let roll = rollDegrees * .pi / 180
      let lean = leanDegrees * .pi / 180
      // The sky in the body frame: leaning forward tips it back (-X),
      // the right side up tips it toward +Z.
      let sky = Vector3(
        -Double.sin(lean), Double.cos(lean) * Double.cos(roll),
        Double.sin(roll))
      let acceleration = sky + Vector3(0, vertical, lateral)
      // A world-fixed sky turns against the body: about X the rate is
      // minus the roll's rate, about Z plus the lean's.
      let rollRate = (rollDegrees - previousRoll) * script.rate
      let leanRate = (leanDegrees - previousLean) * script.rate
      previousRoll = rollDegrees
      previousLean = leanDegrees
      result.append(
        Sample(
          time: t, acceleration: acceleration,
          angularRate: script.gyro
            ? Vector3(-rollRate, turnRate(at: t), -leanRate) : nil))
    }
    return result
  }

  static func analyze(
    _ script: Script, placement: Placement = .sacrum,
    settings: SessionAnalyzer.Settings = .default
  ) throws -> SessionAnalysis {
    let axes = try AxesMapping(x: .forward, y: .up, z: .right)
    var analyzer = try SessionAnalyzer(
      configuration: .init(
        exerciseName: "walking", side: nil, axes: axes, placement: placement,
        rateHz: script.rate, hasGyroscope: script.gyro, settings: settings))
    for sample in samples(script) { _ = analyzer.add(sample) }
    _ = analyzer.finish()
    return analyzer.summary
  }

  @Test func everyContactOfAWalkIsAStepWithItsSide() throws {
    let contacts = Self.steps(12, from: 2, every: 0.55)
    let analysis = try Self.analyze(Script(contacts: contacts, duration: 12))
    #expect(analysis.steps.count == 12)
    for (step, contact) in zip(analysis.steps, contacts) {
      #expect(Swift.abs(step.time - contact.time) <= 0.03)
      #expect(step.side == contact.side)
    }
    #expect(analysis.reps.isEmpty && analysis.sets.isEmpty)
    let bout = try #require(analysis.walkingBouts.first)
    #expect(analysis.walkingBouts.count == 1)
    #expect(bout.steps == 12)
    #expect(Swift.abs(bout.cadence - 60 / 0.55) < 1)
    #expect(try #require(bout.stepTimeAsymmetryPercent) < 2)
  }

  @Test func theSameWalkCountsTheSameAtOtherRates() throws {
    let contacts = Self.steps(10, from: 1.5, every: 0.6)
    for rate in [50.0, 208.0, 1000.0] {
      let analysis = try Self.analyze(
        Script(contacts: contacts, duration: 10, rate: rate))
      #expect(analysis.steps.count == 10, "at \(rate) Hz")
      #expect(analysis.steps.map(\.side) == contacts.map(\.side))
    }
  }

  @Test func aShuffleBetweenStepsDoesNotTurnTheSidesOver() throws {
    // Sixteen steps 0.6 s apart, and a shuffle (a landing that is no
    // step) 0.3 s after the ninth: two short step times. The sides'
    // alternation starts again after them, and every step after the
    // shuffle keeps its foot; it used to take the shuffle for a step and
    // give every later step the other foot.
    let contacts = Self.steps(16, from: 2, every: 0.6)
    let shuffle = (
      time: contacts[8].time + 0.3, side: Side.right, strength: 0.3
    )
    let analysis = try Self.analyze(
      Script(
        contacts: (contacts + [shuffle]).sorted { $0.time < $1.time },
        duration: 18))
    try #require(analysis.steps.count == contacts.count + 1)
    let steps = analysis.steps.filter {
      Swift.abs($0.time - shuffle.time) > 0.1
    }
    #expect(steps.map(\.side) == contacts.map(\.side))
  }

  @Test func aRunOfContactsThatSayTheOtherFootTurnsTheSidesOver() throws {
    // Sixteen steps 0.6 s apart, the right foot twice running at the
    // sixth and seventh contacts (a side-step, in the rhythm), with the
    // pelvis's turn at each contact. No step time says a contact came
    // between; the contacts from there, each by both its signs, say the
    // other foot than the alternation, which turns over at the ninth
    // step (the seventh and eighth stay wrong: said before the run shows).
    var contacts = Self.steps(16, from: 2, every: 0.6)
    for index in 6..<contacts.count {
      contacts[index].side = index % 2 == 0 ? .right : .left
    }
    let analysis = try Self.analyze(
      Script(contacts: contacts, duration: 18, turnsWithSteps: true))
    try #require(analysis.steps.count == contacts.count)
    #expect(
      analysis.steps.prefix(6).map(\.side)
        == contacts.prefix(6).map(\.side))
    #expect(
      analysis.steps.suffix(8).map(\.side)
        == contacts.suffix(8).map(\.side))
  }

  @Test func joltsWithoutARhythmAreNotSteps() throws {
    // Standing: a shift of weight now and then, never four in a rhythm.
    let jolts: [(time: Double, side: Side, strength: Double)] = [
      (2, .left, 0.3), (3.1, .right, 0.3), (5.6, .left, 0.3), (6.0, .left, 0.3),
      (9.5, .right, 0.3),
    ]
    let analysis = try Self.analyze(Script(contacts: jolts, duration: 12))
    #expect(analysis.steps.isEmpty)
    #expect(analysis.walkingBouts.isEmpty)
    #expect(analysis.gait == nil)
  }

  @Test func aPauseOverThreeSecondsEndsTheBoutAndAShorterOneDoesNot() throws {
    let first = Self.steps(6, from: 1, every: 0.55)
    let afterLongPause = Self.steps(
      6, from: first.last!.time + 4.5, every: 0.55)
    let split = try Self.analyze(
      Script(contacts: first + afterLongPause, duration: 16))
    #expect(split.walkingBouts.map(\.steps) == [6, 6])
    #expect(split.gait?.steps == 12)

    let afterShortPause = Self.steps(
      6, from: first.last!.time + 2.5, every: 0.55)
    let joined = try Self.analyze(
      Script(contacts: first + afterShortPause, duration: 14))
    #expect(joined.walkingBouts.map(\.steps) == [12])
    // `analysis-output.md`: every step time of the bout counts, the pause
    // too: the cadence is the bout's steps over its span, and the
    // asymmetry is the script's own by the contract's formula.
    let bout = try #require(joined.walkingBouts.first)
    let span = afterShortPause.last!.time - first[0].time
    #expect(Swift.abs(bout.cadence - 60 * 11 / span) < 0.5)
    let truth = WalkingBout(
      steps: (first + afterShortPause).map {
        Step(time: $0.time, side: $0.side)
      },
      drops: nil)
    #expect(
      Swift.abs(
        try #require(bout.stepTimeAsymmetryPercent)
          - #require(truth.stepTimeAsymmetryPercent)) < 2)
  }

  @Test func aSofterWalkAfterALongStandStartsWithItsFirstStep() throws {
    // A brisk walk, 10 s standing, then a gentle one: its first steps are
    // judged against its own, not the brisk walk's landings.
    let brisk = Self.steps(8, from: 1, every: 0.5, strength: 0.6)
    let gentle = Self.steps(
      8, from: brisk.last!.time + 10, every: 0.6, strength: 0.15)
    let analysis = try Self.analyze(
      Script(contacts: brisk + gentle, duration: 25))
    #expect(analysis.walkingBouts.map(\.steps) == [8, 8])
    let first = try #require(analysis.walkingBouts.last?.startSeconds)
    #expect(Swift.abs(first - gentle[0].time) < 0.05)
  }

  @Test func aFaintStepInTheRhythmIsCountedAndAFaintJoltAloneIsNot() throws {
    var contacts = Self.steps(12, from: 1, every: 0.6)
    contacts[6].strength = 0.04  // a soft landing, well under the others
    let analysis = try Self.analyze(Script(contacts: contacts, duration: 10))
    #expect(analysis.steps.count == 12)
    #expect(
      analysis.steps.contains { Swift.abs($0.time - contacts[6].time) < 0.05 })

    // Eight steps, the feet together, and a faint jolt standing.
    var withFidget = Self.steps(8, from: 1, every: 0.6)
    let last = try #require(withFidget.last)
    withFidget.append((last.time + 0.6, .left, 0.15))
    withFidget.append((last.time + 1.9, .left, 0.04))
    let fidget = try Self.analyze(
      Script(contacts: withFidget, duration: 10, feetTogether: false))
    #expect(fidget.steps.count == 8)
  }

  @Test func aWalkThatStopsEndsWithTheFeetTogetherNotAStep() throws {
    let walk = Self.steps(10, from: 2, every: 0.55)
    let last = try #require(walk.last)
    // Stopping: the trailing foot lands beside the other, as hard as a step.
    let stopped = try Self.analyze(
      Script(
        contacts: walk + [(last.time + 0.55, .left, 0.3)], duration: 12,
        feetTogether: false))
    #expect(stopped.steps.count == 10)
    // Cut by the recording's end mid-walk: the last contact was a step.
    let cut = try Self.analyze(
      Script(contacts: walk, duration: last.time + 0.4, feetTogether: false))
    #expect(cut.steps.count == 10)
    // Samples lost from just after the last contact for 5 s: the walk
    // was cut there, not stopped.
    let lost = try Self.analyze(
      Script(
        contacts: walk, duration: 14, feetTogether: false,
        lost: (last.time + 0.45)...(last.time + 5.45)))
    #expect(lost.steps.count == 10)
    // Sitting down a step after the last: that contact, with the trunk
    // leaning, is refused, and the last steady one was a step.
    let lean: (Double) -> Double = { t in
      guard t > 7.5, t < 11 else { return 0 }
      return 60 * Double.sin(.pi * (t - 7.5) / 3.5)
    }
    let sat = try Self.analyze(
      Script(
        contacts: walk + [(8.0, .left, 0.3)], duration: 14, lean: lean,
        feetTogether: false))
    #expect(sat.steps.count == 10)
  }

  @Test func standingUpOrBendingIsNotWalking() throws {
    // Four jolts in a rhythm while the trunk leans 60° and comes back.
    let contacts = Self.steps(5, from: 3, every: 0.5)
    let lean: (Double) -> Double = { t in
      guard t > 2.5, t < 6 else { return 0 }
      return 60 * Double.sin(.pi * (t - 2.5) / 3.5)
    }
    let analysis = try Self.analyze(
      Script(contacts: contacts, duration: 10, lean: lean))
    #expect(analysis.steps.isEmpty)
  }

  @Test func thePelvisDropIsMeasuredPerStandingLeg() throws {
    let contacts = Self.steps(14, from: 2, every: 0.55)
    var script = Script(contacts: contacts, duration: 12)
    // The last step's stance ends as the feet come together.
    script.roll = Self.roll(script.landings, leftDrop: 2, rightDrop: 5)
    let analysis = try Self.analyze(script)
    let drop = try #require(analysis.gait?.pelvicDrop)
    #expect(Swift.abs(try #require(drop.leftStance) - 2) < 0.5)
    #expect(Swift.abs(try #require(drop.rightStance) - 5) < 0.5)
  }

  @Test func withoutAGyroscopeOrFromAThighTheDropIsNotMeasured() throws {
    let contacts = Self.steps(10, from: 2, every: 0.55)
    let roll = Self.roll(contacts, leftDrop: 3, rightDrop: 8)
    let noGyro = try Self.analyze(
      Script(contacts: contacts, duration: 10, gyro: false, roll: roll))
    #expect(noGyro.steps.count == 10)
    #expect(noGyro.gait?.pelvicDrop == nil)
    #expect(noGyro.walkingBouts.allSatisfy { $0.pelvicDrop == nil })

    let thigh = try Self.analyze(
      Script(contacts: contacts, duration: 10, roll: roll),
      placement: .thighLeft)
    #expect(thigh.steps.count == 10)
    #expect(thigh.gait?.pelvicDrop == nil)
  }

  @Test func fromAThighTheHarderLandingIsTheSensorsLeg() throws {
    var contacts = Self.steps(10, from: 2, every: 0.55)
    for index in contacts.indices where contacts[index].side == .right {
      contacts[index].strength = 0.15
    }
    let analysis = try Self.analyze(
      Script(contacts: contacts, duration: 10), placement: .thighLeft)
    #expect(analysis.steps.map(\.side) == contacts.map(\.side))
  }

  @Test func stepsComeAsTheyHappenAndAddUpToTheSummary() throws {
    let contacts = Self.steps(10, from: 2, every: 0.55)
    let axes = try AxesMapping(x: .forward, y: .up, z: .right)
    var analyzer = try SessionAnalyzer(
      configuration: .init(
        exerciseName: "walking", side: nil, axes: axes, rateHz: 100,
        hasGyroscope: true))
    var stepTimes: [(step: Double, said: Double)] = []
    for sample in Self.samples(Script(contacts: contacts, duration: 12)) {
      for case .stepCounted(let step) in analyzer.add(sample) {
        stepTimes.append((step.time, sample.time))
      }
    }
    for case .stepCounted(let step) in analyzer.finish() {
      stepTimes.append((step.time, 12))
    }
    // Once four steps in a rhythm have started the walk, each step is said
    // within two and a half seconds of session time: the next contact, the
    // smoothing's half-width, and a second to see that the trunk did not
    // sit or bend. The last is said when the walk ends.
    #expect(
      stepTimes.dropFirst(4).dropLast().allSatisfy { $0.said - $0.step < 2.5 })
    #expect(stepTimes.count == analyzer.summary.steps.count)
    #expect(analyzer.status.steps == 10)
  }

  @Test func aGaitSettingOutOfRangeIsRefused() throws {
    var settings = SessionAnalyzer.Settings.default
    settings.gait.riseShareOfRecent = 1.5
    let axes = try AxesMapping(x: .forward, y: .up, z: .right)
    #expect(throws: SessionAnalyzer.SettingsError.self) {
      _ = try SessionAnalyzer(
        configuration: .init(
          exerciseName: "walking", side: nil, axes: axes, rateHz: 100,
          hasGyroscope: true, settings: settings))
    }
  }

  @Test func theContractsDefinitionsOfCadenceAsymmetryAndDrop() {
    let steps = [
      Step(time: 0, side: .left), Step(time: 0.5, side: .right),
      Step(time: 1.1, side: .left), Step(time: 1.6, side: .right),
    ]
    let bout = WalkingBout(steps: steps, drops: [4, 6, 2, nil])
    // Step times 0.5 (right), 0.6 (left), 0.5 (right): mean 0.5333 s.
    #expect(Swift.abs(bout.cadence - 60 / (1.6 / 3)) < 1e-9)
    // |0.6 - 0.5| / 0.55.
    #expect(
      Swift.abs(bout.stepTimeAsymmetryPercent! - 100 * 0.1 / 0.55) < 1e-9)
    #expect(bout.pelvicDrop == PelvicDrop(leftStance: 3, rightStance: 6))
    let gait = GaitSummary(bouts: [bout, bout])
    #expect(gait?.steps == 8)
    #expect(gait?.walkingSeconds == 3.2)
    #expect(gait?.pelvicDrop == PelvicDrop(leftStance: 3, rightStance: 6))
  }
}
