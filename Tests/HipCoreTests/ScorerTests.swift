import HipCore
import Testing

/// The reps of a session: two sets of nine alternating reps and one partial
/// rep at the end of the first set, as a perfect detector reports them.
///
/// Every time and angle is a multiple of 1/8, so shifting by 1/8 or 3/2
/// is exact in binary and the errors can be compared with `==`.
private func sessionReps() -> [Rep] {
  var reps: [Rep] = []
  for (set, setStart) in [8.0, 64.0].enumerated() {
    for i in 0..<9 {
      let start = setStart + 4 * Double(i)
      let left = i % 2 == 0
      reps.append(
        Rep(
          startSeconds: start, peakSeconds: start + 1.25,
          endSeconds: start + 2.5, side: left ? .left : .right,
          romDegrees: 20 + 0.25 * Double(i + set),
          levelChangeDegrees: left ? -4 + 0.5 * Double(i % 3) : 1.125,
          holdSeconds: 0.5, partial: false))
    }
    if set == 0 {
      reps.append(
        Rep(
          startSeconds: 44, peakSeconds: 44.75, endSeconds: 45.5,
          side: .left, romDegrees: 6, levelChangeDegrees: -1,
          holdSeconds: 0, partial: true))
    }
  }
  return reps
}

/// The labels of ``sessionReps()``, every field labelled, and a stretch
/// held between the sets.
private func sessionTruth() -> GroundTruth {
  GroundTruth(
    exercise: "bird-dog", side: .alternating,
    reps: sessionReps().map(LabelledRep.init(labelling:)),
    holds: [Hold(startSeconds: 48, endSeconds: 60)],
    sets: [
      ExerciseSet(startSeconds: 7, endSeconds: 46),
      ExerciseSet(startSeconds: 63, endSeconds: 102),
    ])
}

/// The analysis a perfect detector would output for ``sessionTruth()``.
private func perfectAnalysis(of truth: GroundTruth) -> SessionAnalysis {
  analysis(reps: sessionReps(), holds: truth.holds, truth: truth)
}

private func analysis(
  reps: [Rep], holds: [Hold]? = nil, truth: GroundTruth
) -> SessionAnalysis {
  let numbered = reps.enumerated().map { offset, rep in
    var rep = rep
    rep.index = offset + 1
    return rep
  }
  return SessionAnalysis(
    exercise: truth.exercise, reps: numbered, holds: holds ?? truth.holds,
    sets: truth.sets.map { set in
      ExerciseSet(
        startSeconds: set.startSeconds, endSeconds: set.endSeconds,
        reps: numbered.filter {
          !$0.partial && set.startSeconds <= $0.peakSeconds
            && $0.peakSeconds <= set.endSeconds
        }.count)
    },
    asymmetry: Asymmetry(reps: numbered))
}

private func shiftedInTime(_ rep: Rep, by seconds: Double) -> Rep {
  var rep = rep
  rep.startSeconds += seconds
  rep.peakSeconds += seconds
  rep.endSeconds += seconds
  return rep
}

private func rep(
  _ start: Double, _ peak: Double, _ end: Double, partial: Bool = false
) -> Rep {
  Rep(
    startSeconds: start, peakSeconds: peak, endSeconds: end, side: .both,
    romDegrees: 20, levelChangeDegrees: 0, holdSeconds: 0, partial: partial)
}

private func bridgeTruth(reps: [Rep]) -> GroundTruth {
  GroundTruth(
    exercise: "bridge", side: .both,
    reps: reps.map(LabelledRep.init(labelling:)), holds: [], sets: [])
}

@Suite("Scorer")
struct ScorerTests {
  @Test("labels fed back as the analysis score perfect")
  func perfect() {
    let truth = sessionTruth()
    let score = RecordingScore(
      truth: truth, analysis: perfectAnalysis(of: truth))

    #expect(score.reps.trueFull == 18)
    #expect(score.reps.truePositives == 18)
    #expect(score.reps.falsePositives == 0)
    #expect(score.reps.falseNegatives == 0)
    #expect(score.reps.precision == 1)
    #expect(score.reps.recall == 1)
    #expect(score.reps.f1 == 1)
    #expect(score.matches.count == 19)
    #expect(score.sets.sets.map(\.trueReps) == [9, 9])
    #expect(score.sets.exact == 2)
    #expect(score.sets.exactShare == 1)
    #expect(score.sets.absoluteCountError == 0)
    #expect(score.sets.signedCountError == 0)
    #expect(score.sets.detectedRepsOutsideSets == 0)
    for errors in [
      score.timing.start, score.timing.peak, score.timing.end, score.hold,
      score.rom, score.levelChange,
    ] {
      #expect(errors.count == 19)
      #expect(errors.medianAbsolute == 0)
      #expect(errors.maximumAbsolute == 0)
    }
    #expect(score.levelChangeNullMismatches == 0)
    #expect(score.holds.matched == 1)
    #expect(score.holds.duration.maximumAbsolute == 0)
    #expect(score.leftRight.trueDifferenceDegrees != nil)
    #expect(score.leftRight.errorDegrees == 0)
    #expect(score.side.agreement == 1)
    #expect(score.side.compared == 19)
    #expect(score.partials.partialCountedAsFull == 0)
    #expect(score.partials.partialAgreed == 1)
    #expect(ScoreSummary([score]).shortfalls().isEmpty)
  }

  @Test("dropping every third rep costs exactly a third of the recall")
  func everyThirdDropped() {
    let truth = sessionTruth()
    var fullSeen = 0
    let kept = sessionReps().filter { rep in
      guard !rep.partial else { return true }
      fullSeen += 1
      return fullSeen % 3 != 0
    }
    let score = RecordingScore(
      truth: truth, analysis: analysis(reps: kept, truth: truth))

    #expect(score.reps.detectedFull == 12)
    #expect(score.reps.truePositives == 12)
    #expect(score.reps.falseNegatives == 6)
    #expect(score.reps.falsePositives == 0)
    #expect(score.reps.recall == 2.0 / 3.0)
    #expect(score.reps.precision == 1)
    #expect(score.reps.f1 == 0.8)  // 2·12 / (2·12 + 0 + 6)
    #expect(score.sets.sets.map(\.detectedReps) == [6, 6])
    #expect(score.sets.exact == 0)
    #expect(score.sets.exactShare == 0)
    #expect(score.sets.absoluteCountError == 6)
    #expect(score.sets.signedCountError == -6)
    // What was found is still found perfectly.
    #expect(score.timing.start.maximumAbsolute == 0)
    #expect(score.rom.maximumAbsolute == 0)
    let shortfalls = ScoreSummary([score]).shortfalls()
    #expect(shortfalls.contains { $0.hasPrefix("F1") })
    #expect(shortfalls.contains { $0.hasPrefix("sets exact") })
  }

  @Test(
    "shifting every angle by d gives ROM and level errors of exactly d",
    arguments: [1.5, -2.25])
  func anglesShifted(by degrees: Double) {
    let truth = sessionTruth()
    let shifted = sessionReps().map { rep in
      var rep = rep
      rep.romDegrees += degrees
      rep.levelChangeDegrees = rep.levelChangeDegrees.map { $0 + degrees }
      return rep
    }
    let score = RecordingScore(
      truth: truth, analysis: analysis(reps: shifted, truth: truth))

    for errors in [score.rom, score.levelChange] {
      #expect(errors.count == 19)
      #expect(errors.meanAbsolute == degrees.magnitude)
      #expect(errors.medianAbsolute == degrees.magnitude)
      #expect(errors.maximumAbsolute == degrees.magnitude)
      #expect(errors.meanSigned == degrees)
    }
    // Both sides moved alike: their difference did not.
    #expect(score.leftRight.errorDegrees == 0)
    #expect(score.reps.f1 == 1)
    #expect(score.timing.start.maximumAbsolute == 0)
  }

  @Test("shifting only the left reps' level moves the L-R difference by d")
  func leftLevelShifted() {
    let truth = sessionTruth()
    let shifted = sessionReps().map { rep in
      var rep = rep
      if rep.side == .left {
        rep.levelChangeDegrees = rep.levelChangeDegrees.map { $0 + 1.5 }
      }
      return rep
    }
    let score = RecordingScore(
      truth: truth, analysis: analysis(reps: shifted, truth: truth))

    #expect(score.leftRight.errorDegrees == 1.5)
    #expect(ScoreSummary([score]).leftRight.error.maximumAbsolute == 1.5)
  }

  @Test(
    "shifting every time by s gives timing errors of exactly s",
    arguments: [0.125, -0.25])
  func timesShifted(by seconds: Double) {
    let truth = sessionTruth()
    let reps = sessionReps().map { shiftedInTime($0, by: seconds) }
    let holds = truth.holds.map {
      Hold(
        startSeconds: $0.startSeconds + seconds,
        endSeconds: $0.endSeconds + seconds)
    }
    let score = RecordingScore(
      truth: truth, analysis: analysis(reps: reps, holds: holds, truth: truth))

    #expect(score.matches.count == 19)
    for errors in [score.timing.start, score.timing.peak, score.timing.end] {
      #expect(errors.count == 19)
      #expect(errors.medianAbsolute == seconds.magnitude)
      #expect(errors.meanAbsolute == seconds.magnitude)
      #expect(errors.meanSigned == seconds)
    }
    #expect(score.hold.maximumAbsolute == 0)
    #expect(score.holds.matched == 1)
    #expect(score.holds.duration.maximumAbsolute == 0)
    #expect(score.sets.exact == 2)
  }

  @Test("a partial rep reported as full is counted, and costs precision")
  func partialCountedAsFull() {
    let truth = sessionTruth()
    let reps = sessionReps().map { rep in
      var rep = rep
      rep.partial = false
      return rep
    }
    let score = RecordingScore(
      truth: truth, analysis: analysis(reps: reps, truth: truth))

    #expect(score.partials.partialCountedAsFull == 1)
    #expect(score.partials.partialAgreed == 0)
    #expect(score.reps.truePositives == 18)
    #expect(score.reps.falsePositives == 1)
    #expect(score.reps.precision == 18.0 / 19.0)
    #expect(score.reps.recall == 1)
    #expect(score.sets.sets.map(\.countError) == [1, 0])
    #expect(
      ScoreSummary([score]).shortfalls().contains {
        $0.hasPrefix("partial reps counted as full 1")
      })
  }

  @Test("a full rep flagged partial is a missed rep")
  func fullFlaggedPartial() {
    let truth = sessionTruth()
    var reps = sessionReps()
    reps[0].partial = true
    let score = RecordingScore(
      truth: truth, analysis: analysis(reps: reps, truth: truth))

    #expect(score.partials.fullFlaggedPartial == 1)
    #expect(score.partials.partialCountedAsFull == 0)
    #expect(score.reps.falseNegatives == 1)
    #expect(score.reps.falsePositives == 0)
    // Still a pair for the errors of timing and angles.
    #expect(score.matches.count == 19)
  }

  @Test("an analysis that finds nothing scores an honest zero")
  func empty() {
    var truth = sessionTruth()
    truth.sets.append(ExerciseSet(startSeconds: 110, endSeconds: 120))
    let score = RecordingScore(
      truth: truth, analysis: SessionAnalysis(exercise: truth.exercise))

    #expect(score.reps.recall == 0)
    #expect(score.reps.precision == 0)
    #expect(score.reps.f1 == 0)
    #expect(score.matches.isEmpty)
    // Only the set with no true rep is counted right.
    #expect(score.sets.sets.map(\.isExact) == [false, false, true])
    #expect(score.sets.exactShare == 1.0 / 3.0)
    #expect(score.sets.signedCountError == -18)
    for errors in [
      score.timing.start, score.timing.peak, score.timing.end, score.hold,
      score.rom, score.levelChange, score.holds.duration,
    ] {
      #expect(errors.count == 0)
      #expect(errors.meanAbsolute == nil)
      #expect(errors.medianAbsolute == nil)
      #expect(errors.maximumAbsolute == nil)
      #expect(errors.meanSigned == nil)
    }
    #expect(score.holds.missed == 1)
    #expect(score.leftRight.isMissing)
    #expect(score.leftRight.errorDegrees == nil)
    #expect(score.side.agreement == nil)
    #expect(score.partials.partialMissed == 1)
    let shortfalls = ScoreSummary([score]).shortfalls()
    #expect(shortfalls.contains { $0.hasPrefix("F1 0.0 <") })
    #expect(shortfalls.contains { $0.contains("missing in 1") })
  }

  @Test("nothing to find and nothing found is perfect")
  func emptyAgainstEmpty() {
    let score = RecordingScore(
      truth: bridgeTruth(reps: []),
      analysis: SessionAnalysis(exercise: "bridge"))

    #expect(score.reps.f1 == 1)
    #expect(score.reps.precision == 1)
    #expect(score.reps.recall == 1)
    #expect(score.sets.exactShare == nil)
    #expect(ScoreSummary([score]).shortfalls().isEmpty)
  }

  @Test("reps found where there is none score zero")
  func spuriousOnly() {
    let score = RecordingScore(
      truth: bridgeTruth(reps: []),
      analysis: SessionAnalysis(exercise: "bridge", reps: [rep(1, 2, 3)]))

    #expect(score.reps.falsePositives == 1)
    #expect(score.reps.precision == 0)
    #expect(score.reps.recall == 0)
    #expect(score.reps.f1 == 0)
    // No true set: one is assumed over every rep, with no true rep in it.
    #expect(
      score.sets.sets == [
        SetCount(
          startSeconds: 1, endSeconds: 3, trueReps: 0, detectedReps: 1,
          implicit: true)
      ])
  }

  /// A true rep from 10 s to 14 s peaking at 12 s, against one detection.
  @Test(
    "a detection pairs only when each peak lies in the other's span",
    arguments: [
      // start, peak, end, pairs: why
      (9.0, 11.0, 11.5, false),  // true peak after the detection's end
      (12.5, 14.5, 16.0, false),  // detected peak after the true end
      (6.0, 9.5, 12.5, false),  // detected peak before the true start
      (11.0, 13.5, 16.0, true),
      (12.0, 14.0, 15.0, true),  // both ends included
      (10.5, 12.0, 13.0, true),
    ])
  func peakInSpan(start: Double, peak: Double, end: Double, pairs: Bool) {
    let truth = bridgeTruth(reps: [rep(10, 12, 14)])
    let detected = rep(start, peak, end)
    let score = RecordingScore(
      truth: truth,
      analysis: SessionAnalysis(exercise: "bridge", reps: [detected]))

    #expect(RepMatching.canPair(truth.reps[0], detected) == pairs)
    #expect(RepMatching.canPair(detected, truth.reps[0]) == pairs)
    #expect(score.reps.truePositives == (pairs ? 1 : 0))
    #expect(score.reps.falsePositives == (pairs ? 0 : 1))
  }

  @Test("two detections on one true rep: the closer peak pairs")
  func oneToOne() {
    let truth = bridgeTruth(reps: [rep(10, 12, 14)])
    let detected = [rep(10.5, 11, 13), rep(11, 12.25, 14)]
    let score = RecordingScore(
      truth: truth,
      analysis: SessionAnalysis(exercise: "bridge", reps: detected))

    #expect(score.matches == [RepMatch(trueIndex: 0, detectedIndex: 1)])
    #expect(score.reps.falsePositives == 1)
    #expect(score.sets.sets.map(\.countError) == [1])
  }

  @Test("the pairing is optimal where the closest-first one is not")
  func optimalPairing() {
    // Closest peaks first would pair the first detection with the first
    // true rep (0.25 s apart) and leave the second detection alone.
    let truth = bridgeTruth(reps: [rep(0, 5, 10), rep(4, 8, 12)])
    let detected = [rep(4, 5.25, 9), rep(0, 4.5, 7)]
    let score = RecordingScore(
      truth: truth,
      analysis: SessionAnalysis(exercise: "bridge", reps: detected))

    #expect(
      score.matches == [
        RepMatch(trueIndex: 0, detectedIndex: 1),
        RepMatch(trueIndex: 1, detectedIndex: 0),
      ])
    #expect(score.reps.f1 == 1)
  }

  @Test("times near the largest Double still pair, one to one")
  func hugeTimes() {
    let big = Double.greatestFiniteMagnitude
    let truth = bridgeTruth(reps: [rep(-big, 0.5 * big, big)])
    let detected = [rep(-big, -0.5 * big, big), rep(-big, -0.75 * big, big)]
    let score = RecordingScore(
      truth: truth,
      analysis: SessionAnalysis(exercise: "bridge", reps: detected))

    #expect(score.matches == [RepMatch(trueIndex: 0, detectedIndex: 0)])
  }

  @Test("many reps in a row pair one by one")
  func longSession() {
    let reps = (0..<2000).map {
      rep(Double($0) * 3, Double($0) * 3 + 1, Double($0) * 3 + 2)
    }
    let detected = reps.map { shiftedInTime($0, by: 0.5) }
    let score = RecordingScore(
      truth: bridgeTruth(reps: reps),
      analysis: SessionAnalysis(exercise: "bridge", reps: detected))

    #expect(score.reps.truePositives == 2000)
    #expect(score.timing.peak.maximumAbsolute == 0.5)
  }

  @Test("holds pair by overlap; durations are compared")
  func holds() {
    let truth = sessionTruth()
    let score = RecordingScore(
      truth: truth,
      analysis: analysis(
        reps: sessionReps(),
        holds: [
          Hold(startSeconds: 49, endSeconds: 60.5),
          Hold(startSeconds: 70, endSeconds: 80),
        ], truth: truth))

    #expect(score.holds.matched == 1)
    #expect(score.holds.missed == 0)
    #expect(score.holds.spurious == 1)
    #expect(score.holds.duration.values == [-0.5])
  }

  @Test("a level change defined on one side only is counted, not averaged")
  func levelChangeNull() {
    var truth = sessionTruth()
    let reps = sessionReps()
    truth.reps[3].levelChange = .undefined
    let score = RecordingScore(
      truth: truth, analysis: analysis(reps: reps, truth: truth))

    #expect(score.levelChangeNullMismatches == 1)
    #expect(score.levelChange.count == 18)
    #expect(score.levelChange.maximumAbsolute == 0)
  }

  @Test("side agreement is over the paired reps of alternating sets")
  func sideAgreement() {
    let truth = sessionTruth()
    var reps = sessionReps()
    reps[0].side = .right
    let score = RecordingScore(
      truth: truth, analysis: analysis(reps: reps, truth: truth))
    #expect(score.side.compared == 19)
    #expect(score.side.agreeing == 18)
    #expect(score.side.mismatchedAnywhere == 1)

    let oneSided = bridgeTruth(reps: [rep(10, 12, 14)])
    let both = RecordingScore(
      truth: oneSided,
      analysis: SessionAnalysis(exercise: "bridge", reps: [rep(10, 12, 14)]))
    #expect(both.side.compared == 0)
    #expect(both.side.agreement == nil)
  }

  @Test("the summary pools counts and errors over recordings")
  func summaryPools() {
    let truth = sessionTruth()
    let perfect = RecordingScore(
      truth: truth, analysis: perfectAnalysis(of: truth))
    let late = RecordingScore(
      truth: truth,
      analysis: analysis(
        reps: sessionReps().map { shiftedInTime($0, by: 0.5) }, truth: truth))
    let empty = RecordingScore(
      truth: truth, analysis: SessionAnalysis(exercise: truth.exercise))
    let summary = ScoreSummary([perfect, late, empty])

    #expect(summary.recordings == 3)
    #expect(summary.reps.truePositives == 36)
    #expect(summary.reps.falseNegatives == 18)
    #expect(summary.reps.recall == 36.0 / 54.0)
    #expect(summary.sets.sets.count == 6)
    #expect(summary.sets.exact == 4)
    // 19 errors of 0 and 19 of 0.5: the median of 38 is between the two.
    #expect(summary.timing.start.count == 38)
    #expect(summary.timing.start.medianAbsolute == 0.25)
    #expect(summary.timing.start.meanAbsolute == 0.25)
    #expect(summary.leftRight.error.count == 2)
    #expect(summary.leftRight.missing == 1)
    #expect(ScoreSummary([]).shortfalls().isEmpty)
  }

  @Test("a field no true rep labels is not scored, and says so")
  func fieldsNotLabelled() {
    var truth = sessionTruth()
    for i in truth.reps.indices {
      truth.reps[i].romDegrees = nil
      truth.reps[i].holdSeconds = nil
      truth.reps[i].levelChange = nil
    }
    // Far off in every angle and hold, with nothing to be off from.
    let detected = sessionReps().map { rep in
      var rep = rep
      rep.romDegrees += 30
      rep.holdSeconds += 5
      rep.levelChangeDegrees = rep.side == .left ? 9 : 1
      return rep
    }
    let score = RecordingScore(
      truth: truth, analysis: analysis(reps: detected, truth: truth))

    #expect(
      score.labelled
        == LabelledFields(rom: false, hold: false, levelChange: false))
    #expect(score.rom.count == 0)
    #expect(score.hold.count == 0)
    #expect(score.levelChange.count == 0)
    #expect(score.levelChangeNullMismatches == 0)
    // The reps themselves are still scored.
    #expect(score.matches.count == 19)
    #expect(score.reps.f1 == 1)
    #expect(score.timing.start.maximumAbsolute == 0)
    // Without labelled levels, a detected left-right difference is not extra.
    #expect(score.leftRight.detectedDifferenceDegrees == 8)
    #expect(!score.leftRight.isSpurious)
    let summary = ScoreSummary([score])
    #expect(summary.leftRight.spurious == 0)
    #expect(summary.shortfalls().isEmpty)
    #expect(
      summary.labelled.unlabelledNames == [
        "rom_deg", "level_change_deg", "hold_s",
      ])
  }

  @Test("a rep that leaves a field out is left out of that field's errors")
  func oneRepLeavesFieldsOut() {
    var truth = sessionTruth()
    truth.reps[0].romDegrees = nil
    truth.reps[1].holdSeconds = nil
    truth.reps[2].levelChange = nil
    var detected = sessionReps()
    detected[0].romDegrees += 30
    detected[1].holdSeconds += 5
    detected[2].levelChangeDegrees = nil
    let score = RecordingScore(
      truth: truth, analysis: analysis(reps: detected, truth: truth))

    #expect(
      score.labelled == LabelledFields(rom: true, hold: true, levelChange: true)
    )
    for errors in [score.rom, score.hold, score.levelChange] {
      #expect(errors.count == 18)
      #expect(errors.maximumAbsolute == 0)
    }
    #expect(score.levelChangeNullMismatches == 0)
  }

  @Test("a level labelled null is compared; a level left out is not")
  func levelNullAgainstLeftOut() {
    var truth = sessionTruth()
    truth.reps[3].levelChange = .undefined
    truth.reps[5].levelChange = nil
    let score = RecordingScore(
      truth: truth, analysis: perfectAnalysis(of: truth))

    #expect(score.levelChangeNullMismatches == 1)
    #expect(score.levelChange.count == 17)
  }

  @Test("a recording's count is exact when as many full reps are found")
  func countExact() {
    let truth = sessionTruth()
    let perfect = RecordingScore(
      truth: truth, analysis: perfectAnalysis(of: truth))
    // One rep missed and one found where there is none: the count is
    // right, the reps are not.
    var swapped = sessionReps()
    swapped.removeFirst()
    swapped.append(rep(200, 201, 202))
    let traded = RecordingScore(
      truth: truth, analysis: analysis(reps: swapped, truth: truth))
    let empty = RecordingScore(
      truth: truth, analysis: SessionAnalysis(exercise: truth.exercise))

    #expect(perfect.countIsExact)
    #expect(traded.countIsExact)
    #expect(traded.reps.f1 < 1)
    #expect(!empty.countIsExact)
    let summary = ScoreSummary([perfect, traded, empty])
    #expect(summary.recordingsCountedExactly == 2)
    #expect(summary.recordingsCountedExactlyShare == 2.0 / 3.0)
    #expect(ScoreSummary([]).recordingsCountedExactlyShare == nil)
  }

  @Test("the gate names each required figure missed and the value required")
  func requirementsMissed() {
    let truth = sessionTruth()
    let perfect = RecordingScore(
      truth: truth, analysis: perfectAnalysis(of: truth))
    let late = RecordingScore(
      truth: truth,
      analysis: analysis(
        reps: sessionReps().map { shiftedInTime($0, by: 0.5) }, truth: truth))
    let empty = RecordingScore(
      truth: truth, analysis: SessionAnalysis(exercise: truth.exercise))
    // F1 72 / 90 = 0.8; two of three counted exactly; start and end
    // medians 0.25 s (19 errors of 0 and 19 of 0.5).
    let summary = ScoreSummary([perfect, late, empty])

    let reached = ScoreRequirements(
      minimumF1: 0.8, minimumPercentCountedExactly: 66.6,
      maximumMedianStartSeconds: 0.25, maximumMedianEndSeconds: 0.25,
      maximumPartialsCountedAsFull: 0)
    #expect(reached.misses(summary).isEmpty)
    let higher = ScoreRequirements(
      minimumF1: 0.81, minimumPercentCountedExactly: 70,
      maximumMedianStartSeconds: 0.2, maximumMedianEndSeconds: 0.25,
      maximumPartialsCountedAsFull: 0)
    #expect(
      higher.misses(summary) == [
        "rep F1 0.8 is below the required 0.81",
        "percent of recordings counted exactly 66.67 is below the required "
          + "70.0",
        "median start error s 0.25 is above the required 0.2",
      ])
    #expect(ScoreRequirements().misses(ScoreSummary([empty])).isEmpty)
  }

  @Test("the gate misses a figure it cannot measure, and partials counted")
  func requirementsUnmeasured() {
    let truth = sessionTruth()
    let empty = ScoreSummary([
      RecordingScore(
        truth: truth, analysis: SessionAnalysis(exercise: truth.exercise))
    ])
    #expect(
      ScoreRequirements(maximumMedianEndSeconds: 0.3).misses(empty) == [
        "median end error s not measured (no rep paired); required at most 0.3"
      ])
    #expect(
      ScoreRequirements(minimumF1: 0).misses(ScoreSummary([])) == [
        "no recording scored, so no required figure was measured"
      ])
    let reps = sessionReps().map { rep in
      var rep = rep
      rep.partial = false
      return rep
    }
    let counted = ScoreSummary([
      RecordingScore(truth: truth, analysis: analysis(reps: reps, truth: truth))
    ])
    #expect(
      ScoreRequirements(maximumPartialsCountedAsFull: 0).misses(counted) == [
        "partial reps counted as full 1 is above the required 0"
      ])
  }

  @Test("error statistics: median of an even count, nan is not hidden")
  func errorStatistics() {
    let errors = ErrorStatistics([-3, 1, 2, -0.5])
    #expect(errors.medianAbsolute == 1.5)
    #expect(errors.meanAbsolute == 1.625)
    #expect(errors.maximumAbsolute == 3)
    #expect(errors.meanSigned == -0.125)
    #expect(ErrorStatistics([1, .nan]).medianAbsolute?.isNaN == true)
    #expect(ErrorStatistics([1, .nan]).meanAbsolute?.isNaN == true)
  }
}
