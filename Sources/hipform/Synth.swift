import ArgumentParser
import HipCore
import HipRecording
import HipSynth

/// `hipform synth OUT.csv`: writes a simulated recording and its labels.
struct Synth: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Write a simulated recording with ground-truth labels.",
    discussion: """
      Simulates one session with a hip-worn IMU: standing, getting into
      position, sets of reps (or holds) with rests, getting up. The body is
      moved as rigid segments (pelvis, thighs); the accelerometer and
      gyroscope readings are derived from that motion and given the errors
      of a real part. Writes OUT.csv and OUT.labels.json (the true reps,
      holds and sets). The same options and seed give the same bytes.

      --exercise walking simulates walking bouts with 180-degree turns,
      standing (and with --long-pauses sitting and turning on the spot)
      between them, from a sensor on the pelvis; the labels hold every
      initial contact with its side and each bout with its cadence and the
      true pelvic drop per stance side. --sets, --reps and holds do not
      apply to a walk.
      """)

  enum Part: String, ExpressibleByArgument, CaseIterable {
    case icm42688, mpu6050, bmi270

    var part: IMUPart {
      switch self {
      case .icm42688: .icm42688
      case .mpu6050: .mpu6050
      case .bmi270: .bmi270
      }
    }
  }

  @Argument(help: "The recording to write (OUT.csv; labels go beside it).")
  var output: String

  @Option(help: "Exercise id (see exercises.md).")
  var exercise: String

  @Option(help: "Working leg: left, right, both or alternating.")
  var side: String?

  @Option(help: "Where the sensor sits.")
  var placement: RecordingHeader.Placement = .sacrum

  @Option(help: "Declared sensor axes (default: the placement's usual).")
  var axes: String?

  @Option(help: "Sample rate, Hz.")
  var rate: Double = 100

  @Option(help: "Random seed.")
  var seed: UInt64 = 1

  @Flag(help: "Write no gyroscope columns.")
  var noGyro = false

  @Option(help: "The simulated IMU part.")
  var sensor: Part = .icm42688

  @Option(help: "Sets (holds, for a stretch).")
  var sets: Int = 2

  @Option(help: "Reps a set (default 8; 5 for sit-to-stand).")
  var reps: Int?

  @Option(
    help: "Hold at the top of each rep, s (10 or more: each is a hold).")
  var hold: Double?

  @Option(help: "One long hold after the sets, s (0: none).")
  var longHold: Double = 0

  @Option(help: "Real mounting off the declared axes, degrees.")
  var misalignment: Double?

  @Option(help: "Runs of lost samples.")
  var gaps: Int = 0

  @Option(help: "Knocks against the sensor (default: 0 to 2).")
  var bumps: Int?

  @Option(help: "Minimum length, minutes (adds sets).")
  var minutes: Double?

  @Flag(help: "Plan no partial reps (labels may still mark one by its range).")
  var noPartials = false

  @Flag(
    help: "Start in the middle of things: the first rep within 1 s of t=0.")
  var startMidSet = false

  @Flag(help: "Reps back to back, with little or no stillness between them.")
  var backToBack = false

  @Flag(
    help:
      "Cut each rep out mid-movement and drop the rest (t jumps).")
  var cutJoined = false

  @Option(
    help: "A thigh strap turned about the thigh's long axis, degrees (0-45).")
  var strapTurn: Double?

  @Option(
    parsing: .unconditional,
    help: "The device clock runs this many percent fast (-10 to 10).")
  var clockError: Double?

  @Option(help: "Fidgets between reps, not labelled (default 0).")
  var fidgets: Int = 0

  @Option(help: "Walking: bouts of walking (default 4).")
  var bouts: Int = 4

  @Option(help: "Walking: steps a minute (default: drawn in 85-115).")
  var cadence: Double?

  @Option(
    help: "Walking: the right side's drop standing on the left foot, degrees.")
  var dropLeft: Double?

  @Option(
    help: "Walking: the left side's drop standing on the right foot, degrees.")
  var dropRight: Double?

  @Option(
    help:
      "Walking: a weak hip (left or right); standing on it the other side drops."
  )
  var trendelenburg: String?

  @Flag(
    help:
      "Walking: long pauses between bouts (sitting, standing, turning round).")
  var longPauses = false

  @Flag(help: "Replace OUT and its labels if they exist.")
  var force = false

  func validate() throws {
    // Here, not in run(): a refused setting then comes with synth's own
    // usage line.
    _ = try makeSettings()
  }

  func run() throws {
    let settings = try makeSettings()
    let session = SynthSession(settings: settings)
    var header = RecordingHeader(
      rateHz: settings.rateHz, axes: settings.axes,
      placement: placement,
      metadata: [
        .init(
          key: "sensor", value: "\(settings.part.name) (simulated)"),
        .init(key: "exercise", value: settings.exercise.rawValue),
        .init(key: "side", value: settings.side.rawValue),
        .init(key: "synth", value: settings.summary),
      ])
    header.angularRateUnit = settings.hasGyro ? .degreesPerSecond : nil
    let writer = try failing {
      try RecordingWriter(
        path: output, header: header, hasGyro: settings.hasGyro,
        overwrite: force)
    }
    try failing {
      try session.generate { sample in
        try writer.append(Self.rounded(sample))
      }
      try writer.close()
    }
    let labelsPath = LabelsFile.path(forRecording: output)
    try failing { try LabelsFile.write(session.truth, to: labelsPath) }
    let truth = session.truth
    let labelled =
      truth.steps.map { steps in
        "\(steps.count) steps in \(truth.walkingBouts?.count ?? 0) bouts"
      }
      ?? "\(truth.reps.count) reps, \(truth.holds.count) holds, "
      + "\(truth.sets.count) sets"
    printError(
      "wrote \(writer.samplesWritten) samples "
        + "(\(NumberText.fixed(session.durationSeconds, 1)) s, "
        + "\(session.lostSamples.count) lost, "
        + "\(session.bumpTimes.count) knocks) to \(output); "
        + "\(labelled) in \(labelsPath)")
  }

  private func makeSettings() throws -> SynthSettings {
    guard let id = Exercise(named: exercise) else {
      throw ValidationError(
        "unknown exercise '\(exercise)'; one of: " + knownExercises)
    }
    var chosenSide: Side?
    if let side {
      guard let parsed = Side(rawValue: side) else {
        throw ValidationError(
          "--side must be left, right, both or alternating, not '\(side)'")
      }
      chosenSide = parsed
    }
    var mapping: AxesMapping?
    if let axes {
      do {
        mapping = try AxesMapping(parsing: axes)
      } catch {
        throw ValidationError(error.description)
      }
    }
    var weakSide: Side?
    if let trendelenburg {
      guard let parsed = Side(rawValue: trendelenburg),
        parsed == .left || parsed == .right
      else {
        throw ValidationError(
          "--trendelenburg must be left or right, not '\(trendelenburg)'")
      }
      weakSide = parsed
    }
    guard let sensorPlacement = Placement(rawValue: placement.rawValue)
    else {
      throw ValidationError("placement \(placement.rawValue) not simulated")
    }
    do {
      return try SynthSettings(
        exercise: id, side: chosenSide, placement: sensorPlacement,
        axes: mapping, rateHz: rate, seed: seed, hasGyro: !noGyro,
        part: sensor.part, sets: sets, repsPerSet: reps, holdSeconds: hold,
        longHoldSeconds: longHold, misalignmentDegrees: misalignment,
        gaps: gaps, bumps: bumps, minutes: minutes, partialReps: !noPartials,
        startsMidSet: startMidSet, backToBack: backToBack,
        cutAndJoined: cutJoined, strapTurnDegrees: strapTurn,
        clockErrorPercent: clockError, fidgets: fidgets,
        walking: WalkingSettings(
          bouts: bouts, cadence: cadence, leftStanceDropDegrees: dropLeft,
          rightStanceDropDegrees: dropRight, trendelenburg: weakSide,
          longPauses: longPauses))
    } catch {
      throw ValidationError(error.description)
    }
  }

  /// Rounds a sample as written: t to 6 decimals (µs), acceleration to
  /// 5 (10 µg) and rate to 3 (1 mdps), below every part's LSB, so files
  /// stay small and the quantization still shows.
  static func rounded(_ sample: Sample) -> Sample {
    func round(_ x: Double, _ scale: Double) -> Double {
      let r = (x * scale).rounded() / scale
      return r == 0 ? 0 : r  // no "-0" in the file
    }
    let a = sample.acceleration
    return Sample(
      time: round(sample.time, 1e6),
      acceleration: Vector3(round(a.x, 1e5), round(a.y, 1e5), round(a.z, 1e5)),
      angularRate: sample.angularRate.map {
        Vector3(round($0.x, 1e3), round($0.y, 1e3), round($0.z, 1e3))
      })
  }
}
