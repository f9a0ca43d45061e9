import HipCore

/// The report as a terminal summary.
public enum TextReport {
  /// Renders the summary.
  ///
  /// - Parameter report: The session.
  /// - Returns: Lines for a terminal, ending with a newline.
  public static func render(_ report: SessionReport) -> String {
    if report.isWalking { return renderWalking(report) }
    typealias N = NumberText
    var lines = openingLines(report)
    let document = report.document
    var done =
      "done: \(report.doneText), "
      + "\(N.fixed(document.recording.durationSeconds, 1)) s recorded"
    if let prescription = report.prescriptionText {
      done +=
        "; \(prescription) as \(Guidance.runningHips) prescribes"
    }
    lines.append(done)
    if let note = SensorViewText.note(for: report.placement) {
      lines.append(note)
    }
    let partial = report.reps.count - report.fullReps.count
    if partial > 0 {
      lines.append(
        "\(partial) partial \(partial == 1 ? "rep" : "reps"), not counted")
    }
    // Out of the full reps, which the count above gives.
    let counted = report.fullVerdicts
    let good = counted.filter(\.isGood).count
    if !counted.isEmpty {
      lines.append("good form: \(good) of \(counted.count) reps")
    }
    if let target = counted.compactMap(\.holdTarget).first {
      let met = counted.filter { $0.holdMet == true }.count
      lines.append(
        "hold \(N.fixed(target, 0)) s at the top (give or take "
          + "\(N.fixed(RepVerdict.holdTolerance, 2)) s): \(met) of "
          + "\(counted.count) reps")
    }
    let verdicts = report.verdicts
    let holdTarget = report.profile?.holdTarget ?? 0
    for (number, hold) in report.analysis.holds.enumerated() {
      var line =
        "hold \(number + 1): \(N.fixed(hold.durationSeconds, 1)) s"
      if report.profile?.isHold == true, holdTarget > 0 {
        line += " of \(N.fixed(holdTarget, 0)) s"
      }
      lines.append(line)
    }
    if let ratio = report.fatigueRatio {
      lines.append(
        "range of motion, last reps against first: "
          + "\(N.signed((ratio - 1) * 100, 0))%")
    }
    let seesPelvis = report.placement.isOnPelvis
    if let a = report.analysis.asymmetry, !seesPelvis {
      lines.append(
        "left \(a.leftReps) reps, right \(a.rightReps) reps; range symmetry "
          + "index "
          + (a.romSymmetryIndexPercent.map { N.signed($0, 1) + "%" } ?? "n/a"))
    } else if let a = report.analysis.asymmetry {
      lines.append(
        "left \(a.leftReps) reps, right \(a.rightReps) reps; level change "
          + "left minus right: "
          + (a.levelChangeDifferenceDegrees.map { N.signed($0, 1) + " deg" }
            ?? "n/a")
          + "; range symmetry index "
          + (a.romSymmetryIndexPercent.map { N.signed($0, 1) + "%" } ?? "n/a"))
    }
    if !report.reps.isEmpty {
      lines.append("")
      lines.append(
        seesPelvis
          ? "  rep set side    range    hold   level  lift/lower  verdict"
          : "  rep set side    range    hold  lift/lower  verdict")
      for (rep, (verdict, label)) in zip(
        report.reps, zip(verdicts, report.repLabels(partial: "p")))
      {
        let level =
          rep.levelChangeDegrees.map { N.signed($0, 1) } ?? "n/a"
        let tempo =
          N.fixed(rep.liftSeconds, 1) + "/" + N.fixed(rep.lowerSeconds, 1)
        lines.append(
          pad(label, 5)
            + pad(report.setNumber(of: rep).map(String.init) ?? "-", 4)
            + " " + rep.side.rawValue.padding(5)
            + pad(N.fixed(rep.romDegrees, 1), 7) + "°"
            + pad(N.fixed(rep.holdSeconds, 1), 6) + " s"
            + (seesPelvis ? pad(level, 7) + "°" : "")
            + pad(tempo, 10) + " s  "
            + (verdict.isGood ? "ok: " : "watch: ") + verdict.text)
      }
    }
    let notCounted = report.analysis.ignoredMovements
    if !notCounted.isEmpty {
      lines.append("")
      lines.append("not counted:")
      lines += NotCountedText.lines(notCounted).map { "  " + $0 }
    }
    lines += closingLines(report)
    return lines.joined(separator: "\n") + "\n"
  }

  /// What opens every terminal report, reps or walking: notices, then
  /// the exercise, side and recording.
  static func openingLines(_ report: SessionReport) -> [String] {
    report.notices.map { "note: " + VisibleText.escaped($0) } + [
      VisibleText.escaped(
        "\(report.exerciseTitle) (\(report.analysis.exercise)), "
          // Walking has no side: both feet are seen.
          + (report.isWalking ? "" : "side \(report.document.side.rawValue), ")
          + report.recordingName)
    ]
  }

  /// What ends every terminal report, reps or walking: why nothing was
  /// counted, pain and note, and what the tool does not do.
  static func closingLines(_ report: SessionReport) -> [String] {
    var lines: [String] = []
    if let nothing = report.nothingCounted {
      lines.append("")
      lines += nothing.lines
    }
    if let pain = report.pain {
      lines.append("")
      lines.append("pain after the session: \(pain)/10")
    }
    if let note = report.note {
      lines.append("note: " + VisibleText.escaped(note))
    }
    lines.append("")
    lines.append(Disclaimer.short)
    return lines
  }

  private static func pad(_ text: String, _ width: Int) -> String {
    String(repeating: " ", count: Swift.max(0, width - text.count)) + text
  }
}

extension String {
  fileprivate func padding(_ width: Int) -> String {
    self + String(repeating: " ", count: Swift.max(0, width - count))
  }
}

/// What the tool does not do, in the words of
/// ``Guidance/hingeHealthHipPain``.
public enum Disclaimer {
  /// One paragraph for the terminal.
  public static let short = """
    hipform informs exercise; it does not diagnose. See a clinician if your \
    pain was triggered by a fall or injury, if you are unable to move or \
    bear weight on your leg or hip, or if your pain is accompanied by fever \
    or chills.
    """

  /// The article's red flags: see a doctor if...
  public static let redFlags = [
    "your pain was triggered by a fall or injury",
    "you're unable to move or bear weight on your leg or hip",
    "your pain is accompanied by fever or chills",
    "your hip is visibly deformed",
    "your pain does not go away or interferes with your daily activities",
  ]
}
