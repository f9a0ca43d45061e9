import ArgumentParser
import Foundation
import HipHistory
import HipReport

/// `hipform trend`: the history over the weeks.
struct Trend: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Write a page of range of motion, hold, asymmetry and pain "
      + "over the weeks.",
    discussion: """
      With a progression hint for each exercise from its own pain ratings,
      by the rule of the physical-therapy article “Why Do My Hips Hurt When
      Running?”: "If the pain stays below level 3 or does not worsen, you
      can progress"; pain that rose to 3 or more: scale back ("If symptoms
      return, activity should be scaled back").
      """)

  @Option(help: "Only this exercise's sessions.")
  var exercise: String?

  @Option(
    name: .shortAndLong,
    help: ArgumentHelp(
      "Where to write; '-' for standard output.",
      discussion: "Default: hipform-trend.html (or "
        + "hipform-trend-EXERCISE.html) in the current folder.",
      valueName: "path"))
  var output: String?

  @OptionGroup var location: HistoryLocation

  mutating func validate() throws {
    try validateExercise(&exercise)
  }

  func run() throws {
    guard let history = try location.openToRead() else { return }
    let sessions = try historyFailing {
      try history.sessions(exercise: exercise)
    }
    let entries = sessions.map(Reports.trendEntry)
    for entry in entries where entry.recordingState != "present" {
      printError(
        "note: session \(entry.id): recording \(entry.recordingState)")
    }
    let page = TrendReport.render(entries: entries, exercise: exercise)
    try writeOutput(
      page,
      to: output ?? "hipform-trend" + (exercise.map { "-" + $0 } ?? "")
        + ".html")
  }
}
