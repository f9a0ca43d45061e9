import Foundation
import HipCore

/// Everything a report shows about one session, as plain values.
///
/// Built from an analysis (and, when the recording was read, its angle
/// trace) plus what the person added: a pain rating and a note. The
/// renderers (``HTMLReport``, ``CSVReport``, ``TextReport``,
/// ``ReportJSON``) only read it.
public struct SessionReport: Sendable {
  /// The contract document: recording summary and analysis.
  public var document: AnalysisDocument
  /// The recording's file name, as the person knows it.
  public var recordingName: String
  /// When the session started (the header's `started`), if known.
  public var started: String?
  /// Pain rating after the session, 0-10.
  public var pain: Int?
  /// The person's note.
  public var note: String?
  /// The downsampled angle trace; `nil` when the recording was not read.
  public var trace: AngleTrace?
  /// Things the reader must know first (a missing recording, say).
  public var notices: [String]
  /// The recording header's `axes` and `exercise`, when it was read: what
  /// a session that counted nothing asks to check.
  public var recordingAxes: String?
  public var exerciseInHeader: String?

  public init(
    document: AnalysisDocument, recordingName: String, started: String? = nil,
    pain: Int? = nil, note: String? = nil, trace: AngleTrace? = nil,
    notices: [String] = []
  ) {
    self.document = document
    self.recordingName = recordingName
    self.started = started
    self.pain = pain
    self.note = note
    self.trace = trace
    self.notices = notices
  }

  /// What the report may say: no pelvis level from a thigh; the numbers
  /// rounded as the JSON keeps them, so a report says the same read fresh
  /// or from a saved session, and the same as `analyze`.
  public var analysis: SessionAnalysis {
    Rounding.asKept(document.pelvisSafeAnalysis)
  }
  public var placement: Placement { Placement(documented: document.placement) }

  /// What the session saw and what to check, when it counted nothing.
  public var nothingCounted: NothingCountedText? {
    NothingCountedText(
      analysis: analysis, exerciseInHeader: exerciseInHeader,
      axes: recordingAxes, placement: document.placement)
  }
  public var exercise: Exercise? { Exercise(rawValue: analysis.exercise) }
  /// A walking session shows steps and walks, not reps.
  public var isWalking: Bool {
    Exercise(rawValue: document.analysis.exercise) == .walking
  }
  public var profile: Exercise.Profile? { exercise?.profile }

  /// The reps as reported: rounded as the contract JSON rounds them.
  public var reps: [Rep] { analysis.reps }
  public var fullReps: [Rep] { reps.filter { !$0.partial } }

  /// One verdict per rep, in ``reps`` order.
  public var verdicts: [RepVerdict] {
    reps.map { RepVerdict(rep: $0, exercise: exercise) }
  }

  /// One verdict per full rep: what the counts people read are out of
  /// (a partial rep is shown apart, not judged among them).
  public var fullVerdicts: [RepVerdict] {
    fullReps.map { RepVerdict(rep: $0, exercise: exercise) }
  }

  /// What each rep is called where people read it, in ``reps`` order
  /// (see ``labels(of:partial:)``).
  ///
  /// - Parameter partial: What a partial rep is called ("partial", or
  ///   "p" where space is short).
  /// - Returns: One label per rep.
  public func repLabels(partial: String = "partial") -> [String] {
    Self.labels(of: reps, partial: partial)
  }

  /// What each rep is called where people read it: full reps numbered 1,
  /// 2, 3 in order, so the numbers end at the count the report gives; a
  /// partial rep is not numbered among them.
  ///
  /// - Parameters:
  ///   - reps: A session's reps, in order.
  ///   - partial: What a partial rep is called.
  /// - Returns: One label per rep.
  public static func labels(of reps: [Rep], partial: String = "partial")
    -> [String]
  {
    var counted = 0
    return reps.map { rep in
      guard !rep.partial else { return partial }
      counted += 1
      return "\(counted)"
    }
  }

  /// When the session started, in the reader's local time ("Sat 21 Nov
  /// 2026, 16:00"), or the header's text when it is not a date.
  public var startedLocally: String? {
    guard let started else { return nil }
    return LocalTime.text(iso8601: started) ?? started
  }

  /// The 1-based set a rep belongs to (the set holding its peak).
  ///
  /// - Parameter rep: A rep of this session.
  /// - Returns: The set's number, or `nil` when no set holds the rep.
  public func setNumber(of rep: Rep) -> Int? {
    let sets = analysis.sets
    for (index, set) in sets.enumerated()
    where rep.peakSeconds >= set.startSeconds - 0.5
      && rep.peakSeconds <= set.endSeconds + 0.5
    {
      return index + 1
    }
    return nil
  }

  /// The exercise's human name: "single leg bridge".
  public var exerciseTitle: String {
    let name = analysis.exercise.replacingOccurrences(of: "-", with: " ")
    guard let first = name.first else { return "Unknown exercise" }
    return first.uppercased() + name.dropFirst()
  }

  /// "3 x 20", where the physical-therapy articles prescribe one
  /// (``Guidance/runningHips``).
  public var prescriptionText: String? {
    profile?.prescription.map { "\($0.sets) x \($0.reps)" }
  }

  /// What was done: "2 x 10" when the sets were even, "2 sets: 10, 8"
  /// otherwise.
  public var doneText: String {
    let counts = analysis.sets.map { $0.reps ?? 0 }
    if counts.isEmpty { return "\(fullReps.count) reps" }
    if Set(counts).count == 1, let first = counts.first {
      return "\(counts.count) x \(first)"
    }
    return "\(counts.count) sets: "
      + counts.map(String.init).joined(separator: ", ")
  }

  /// How range of motion changed within the sets, as a share.
  ///
  /// The mean of the last third of each set's full reps over the mean of
  /// its first third, pooled over sets with at least 6 full reps: below
  /// 1 means the range fell as the set went on (fatigue). `nil` without
  /// such a set.
  public var fatigueRatio: Double? {
    var first: [Double] = []
    var last: [Double] = []
    for number in analysis.sets.indices {
      let setReps = fullReps.filter { setNumber(of: $0) == number + 1 }
      guard setReps.count >= 6 else { continue }
      let third = setReps.count / 3
      first += setReps.prefix(third).map(\.romDegrees)
      last += setReps.suffix(third).map(\.romDegrees)
    }
    guard let a = Statistics.mean(first), let b = Statistics.mean(last), a > 0
    else { return nil }
    return b / a
  }
}

/// Means and the like over possibly empty lists.
public enum Statistics {
  /// The mean, or `nil` for no values.
  ///
  /// - Parameter values: The values.
  /// - Returns: Their mean.
  public static func mean(_ values: [Double]) -> Double? {
    values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
  }
}

/// Dates and times as the person reading lives them: their time zone,
/// their calendar's words.
public enum LocalTime {
  /// "Sat 21 Nov 2026, 16:00" for an ISO 8601 time, in the local time zone.
  ///
  /// - Parameter text: An ISO 8601 date and time, with its offset.
  /// - Returns: The local text, or `nil` when `text` is not one.
  public static func text(iso8601 text: String) -> String? {
    ISODate.parse(text).map {
      format(Date(timeIntervalSince1970: $0), "EEE d MMM yyyy, HH:mm")
    }
  }

  /// "Sat 21 Nov 2026" for a time in seconds since 1970.
  ///
  /// - Parameter seconds: Seconds since 1970 (UTC).
  /// - Returns: The local day.
  public static func day(_ seconds: Double) -> String {
    format(Date(timeIntervalSince1970: seconds), "EEE d MMM yyyy")
  }

  private static func format(_ date: Date, _ pattern: String) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_GB_POSIX")
    formatter.timeZone = TimeZone.current
    formatter.dateFormat = pattern
    return formatter.string(from: date)
  }
}

/// ISO 8601 dates as the history writes them and recordings' `started`
/// headers give them.
public enum ISODate {
  /// A date as ISO 8601 in UTC, to the second.
  ///
  /// - Parameter date: The date.
  /// - Returns: Text such as `2026-11-21T15:00:00Z`.
  public static func text(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.timeZone = TimeZone(identifier: "UTC")
    return formatter.string(from: date)
  }

  /// Seconds since 1970 from ISO 8601 text (with or without fractional
  /// seconds, or a date alone).
  ///
  /// - Parameter text: The text.
  /// - Returns: The time, or `nil` when the text is not such a date.
  public static func parse(_ text: String) -> Double? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    let formatter = ISO8601DateFormatter()
    for options: ISO8601DateFormatter.Options in [
      [.withInternetDateTime],
      [.withInternetDateTime, .withFractionalSeconds],
      [.withFullDate],
    ] {
      formatter.formatOptions = options
      if let date = formatter.date(from: trimmed) {
        return date.timeIntervalSince1970
      }
    }
    return nil
  }
}
