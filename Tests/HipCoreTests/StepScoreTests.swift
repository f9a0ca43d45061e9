import HipCore
import Testing

/// Steps every 0.5 s from `start`, alternating from `first`.
private func steps(_ count: Int, from start: Double, first: Side = .left)
  -> [Step]
{
  (0..<count).map { index in
    Step(
      time: start + 0.5 * Double(index),
      side: (index % 2 == 0) == (first == .left) ? .left : .right)
  }
}

private func walkingTruth(
  _ labelled: [Step], bouts: [LabelledWalkingBout]? = nil
) -> GroundTruth {
  GroundTruth(
    exercise: "walking", side: .both, reps: [], holds: [], sets: [],
    steps: labelled, walkingBouts: bouts)
}

private func analysis(
  steps found: [Step], bouts: [WalkingBout] = [], gait: GaitSummary? = nil
) -> SessionAnalysis {
  var result = SessionAnalysis(exercise: "walking")
  result.steps = found
  result.walkingBouts = bouts
  result.gait = gait
  return result
}

private func bout(
  _ start: Double, _ end: Double, steps: Int? = nil, cadence: Double? = nil,
  drop: PelvicDrop? = nil
) -> LabelledWalkingBout {
  LabelledWalkingBout(
    startSeconds: start, endSeconds: end, initialContacts: steps,
    cadence: cadence, pelvicDrop: drop)
}

private func detectedBout(_ start: Double, _ end: Double, drop: PelvicDrop?)
  -> WalkingBout
{
  WalkingBout(
    startSeconds: start, endSeconds: end, steps: 4, cadence: 120,
    stepTimeAsymmetryPercent: nil, pelvicDrop: drop)
}

struct StepMatchingTests {
  @Test("steps pair one to one within 0.25 s, the nearest first")
  func nearestFirst() {
    // Detected 2.0 is 0.2 s from labelled 1.8 and 0.1 s from 2.1: it goes
    // to 2.1, leaving 1.8 to 1.9 (0.1 s) and nothing to pair 2.3.
    let labelled = [
      Step(time: 1.8, side: .left), Step(time: 2.1, side: .right),
      Step(time: 3.0, side: .left),
    ]
    let detected = [
      Step(time: 1.9, side: .left), Step(time: 2.0, side: .right),
      Step(time: 3.26, side: .left),
    ]
    let pairs = StepScore.match(labelled: labelled, detected: detected)
    #expect(
      pairs == [
        StepScore.Pair(labelled: 0, detected: 0),
        StepScore.Pair(labelled: 1, detected: 1),
      ])
  }

  @Test("one detected step never pairs with two labelled ones; ties go early")
  func oneToOne() {
    let labelled = [
      Step(time: 1.0, side: .left), Step(time: 1.25, side: .right),
    ]
    let detected = [Step(time: 1.125, side: .left)]
    let pairs = StepScore.match(labelled: labelled, detected: detected)
    #expect(pairs == [StepScore.Pair(labelled: 0, detected: 0)])
  }

  @Test("exactly 0.25 s apart still pairs")
  func edgeOfTolerance() {
    let pairs = StepScore.match(
      labelled: [Step(time: 1.0, side: .left)],
      detected: [Step(time: 1.25, side: .left)])
    #expect(pairs.count == 1)
  }
}

struct StepScoreTests {
  @Test("counts, precision, recall, F1, timing and side of matched steps")
  func countsAndTiming() {
    let labelled = steps(8, from: 10)
    var found = labelled.map { Step(time: $0.time + 0.125, side: $0.side) }
    found.removeLast()  // one missed
    found[2].side = .right  // one on the wrong side
    found.append(Step(time: 40, side: .left))  // one while standing
    let score = StepScore(
      truth: walkingTruth(labelled), analysis: analysis(steps: found))

    #expect(score.steps.labelled == 8)
    #expect(score.steps.detected == 8)
    #expect(score.steps.matched == 7)
    #expect(score.steps.precision == 7.0 / 8)
    #expect(score.steps.recall == 7.0 / 8)
    #expect(score.timing.medianAbsolute == 0.125)
    #expect(score.sideAgreeing == 6)
    #expect(score.sideAgreement == 6.0 / 7)
    #expect(score.stepsOutsideBouts == 1)
  }

  @Test("nothing detected: recall 0, no timing, every bout missed")
  func nothingDetected() {
    let score = StepScore(
      truth: walkingTruth(steps(6, from: 2), bouts: [bout(2, 4.5, steps: 6)]),
      analysis: analysis(steps: []))
    #expect(score.steps.recall == 0)
    #expect(score.steps.f1 == 0)
    #expect(score.timing.medianAbsolute == nil)
    #expect(score.sideAgreement == nil)
    #expect(score.boutsWithinOne == 0)
    #expect(score.cadence.count == 0)
  }

  @Test("steps per bout: within 1 of the labelled contacts, by time span")
  func stepsPerBout() {
    let labelled = steps(8, from: 10) + steps(8, from: 30)
    // Bout 1: all 8 plus one 0.2 s before its start (inside the widened
    // span: 9, within 1). Bout 2: 6 of 8 (not within 1).
    let found =
      [Step(time: 9.8, side: .right)] + steps(8, from: 10)
      + Array(steps(8, from: 30).prefix(6))
    let score = StepScore(
      truth: walkingTruth(
        labelled, bouts: [bout(10, 13.5, steps: 8), bout(30, 33.5, steps: 8)]),
      analysis: analysis(steps: found))
    #expect(score.bouts.map(\.detectedSteps) == [9, 6])
    #expect(score.bouts.map(\.isWithinOne) == [true, false])
    #expect(score.boutsWithinOne == 1)
    #expect(score.stepsOutsideBouts == 0)
  }

  @Test("bouts come from the labelled steps when the labels list none")
  func boutsFromSteps() {
    // Two runs 10 s apart, and two stray contacts (too few for a bout).
    let labelled =
      steps(6, from: 0) + steps(2, from: 10) + steps(5, from: 20)
    let score = StepScore(
      truth: walkingTruth(labelled), analysis: analysis(steps: labelled))
    #expect(score.bouts.count == 2)
    #expect(score.bouts.map(\.labelledSteps) == [6, 5])
    // The stray contacts lie in no bout: found there, they count as steps
    // while not walking.
    #expect(score.stepsOutsideBouts == 2)
  }

  @Test("cadence error per bout: 60 over the mean detected step time")
  func cadenceError() {
    // Labelled 120 steps a minute; detected every 0.625 s (96).
    let labelled = steps(6, from: 0)
    let found = (0..<5).map {
      Step(time: 0.625 * Double($0), side: $0 % 2 == 0 ? .left : .right)
    }
    let score = StepScore(
      truth: walkingTruth(labelled, bouts: [bout(0, 2.5, cadence: 120)]),
      analysis: analysis(steps: found))
    #expect(score.bouts[0].detectedCadence == 96)
    #expect(score.cadence.values == [-24])
    #expect(score.cadence.medianAbsolute == 24)
  }

  @Test("pelvic drop error per side, with the detected bout that overlaps most")
  func pelvicDrop() {
    let labelled = steps(8, from: 10) + steps(8, from: 30)
    let truth = walkingTruth(
      labelled,
      bouts: [
        bout(10, 13.5, drop: PelvicDrop(leftStance: 4, rightStance: 3)),
        bout(30, 33.5, drop: PelvicDrop(leftStance: 5, rightStance: 2)),
      ])
    let found = analysis(
      steps: labelled,
      bouts: [
        // A short bout overlaps the first a little; the long one most.
        detectedBout(
          9, 10.5, drop: PelvicDrop(leftStance: 40, rightStance: 40)),
        detectedBout(
          10.5, 13.5, drop: PelvicDrop(leftStance: 4.5, rightStance: 2)),
      ])
    let score = StepScore(truth: truth, analysis: found)
    #expect(score.pelvicDrop.values == [0.5, -1])
    #expect(score.pelvicDrop.meanAbsolute == 0.75)
    #expect(score.pelvicDropMissing == 1)
    #expect(score.pelvicDropLabelled)
  }

  @Test("Trendelenburg side: named when the detected larger drop is its side")
  func trendelenburg() {
    let truth = walkingTruth(
      steps(8, from: 0),
      bouts: [bout(0, 3.5, drop: PelvicDrop(leftStance: 9, rightStance: 3.5))])
    func check(left: Double?, right: Double?) -> Bool? {
      StepScore(
        truth: truth,
        analysis: analysis(
          steps: [],
          gait: GaitSummary(
            steps: 8, walkingSeconds: 3.5, cadence: 120,
            stepTimeAsymmetryPercent: nil,
            pelvicDrop: PelvicDrop(leftStance: left, rightStance: right)))
      ).trendelenburg.isNamed
    }
    #expect(check(left: 7, right: 4) == true)
    #expect(check(left: 4, right: 7) == false)
    #expect(check(left: nil, right: 7) == false)
    // Drops 2 degrees apart are no sign: nothing to name.
    let level = TrendelenburgCheck(
      labelled: [PelvicDrop(leftStance: 5, rightStance: 3)],
      detected: PelvicDrop(leftStance: 3, rightStance: 5))
    #expect(level.isNamed == nil)
  }

  @Test("the summary pools steps and names what misses the targets")
  func summary() {
    let labelled = steps(10, from: 0)
    let perfect = StepScore(
      truth: walkingTruth(labelled), analysis: analysis(steps: labelled))
    #expect(StepSummary([perfect]).shortfalls().isEmpty)

    let half = StepScore(
      truth: walkingTruth(labelled),
      analysis: analysis(steps: Array(labelled.prefix(5))))
    let pooled = StepSummary([perfect, half])
    #expect(pooled.steps.labelled == 20)
    #expect(pooled.steps.matched == 15)
    #expect(pooled.steps.recall == 0.75)
    #expect(pooled.shortfalls().contains("step recall 0.75 < 0.95"))
  }
}

struct StepAsymmetryScoreTests {
  @Test("the reported asymmetry is scored against the labelled steps' own")
  func asymmetryAgainstTheLabelledSteps() {
    // Labelled steps every 0.5 s: no asymmetry. The analysis reports 6%.
    let labelled = steps(8, from: 1)
    let reported = WalkingBout(
      startSeconds: 1, endSeconds: 4.5, steps: 8, cadence: 120,
      stepTimeAsymmetryPercent: 6, pelvicDrop: nil)
    let score = StepScore(
      truth: walkingTruth(labelled, bouts: [bout(1, 4.5, steps: 8)]),
      analysis: analysis(steps: labelled, bouts: [reported]))
    #expect(score.stepTimeAsymmetry.count == 1)
    #expect(abs((score.stepTimeAsymmetry.meanSigned ?? 0) - 6) < 1e-9)
    // A bout the analysis did not find scores no asymmetry.
    let missed = StepScore(
      truth: walkingTruth(labelled, bouts: [bout(1, 4.5, steps: 8)]),
      analysis: analysis(steps: []))
    #expect(missed.stepTimeAsymmetry.count == 0)
  }
}
