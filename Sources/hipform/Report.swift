import ArgumentParser
import Foundation
import HipCore
import HipHistory
import HipRecording
import HipReport

/// `hipform report FILE|SESSION`: what a session looked like.
struct Report: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Write a session's report: a page with charts, or JSON, CSV, text.",
    discussion: """
      FILE is a recording; SESSION is an id from 'hipform sessions' (its
      pain rating and note are shown; a missing or changed recording is
      reported and the saved analysis used). The HTML page is
      self-contained: no network, no script. The same recording gives the
      same bytes.
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case html, json, csv, text
  }

  @Argument(help: "A recording (.csv) or a saved session's id.")
  var source: String

  @Option(
    help:
      "html (a page with charts), json, csv (a row per rep or step) or text.")
  var format: Format = .html

  @Option(
    name: .shortAndLong,
    help: ArgumentHelp(
      "Where to write; '-' for standard output.",
      discussion:
        "Default: standard output, except html: NAME.report.html next "
        + "to the recording.",
      valueName: "path"))
  var output: String?

  @Option(help: "Exercise id (default: the header's 'exercise').")
  var exercise: String?

  @Option(help: "Working side (default: the header's 'side').")
  var side: Side?

  @OptionGroup var annotation: SessionAnnotation
  @OptionGroup var location: HistoryLocation

  mutating func validate() throws {
    try validateExercise(&exercise)
  }

  /// The session id, when the source is one rather than a file.
  var sessionID: Int64? {
    guard !FileManager.default.fileExists(atPath: source) else { return nil }
    return Int64(source)
  }

  func run() throws {
    let report: SessionReport
    var defaultHTMLPath: String
    if let id = sessionID {
      guard let history = try location.openToRead() else {
        throw ExitCode.failure
      }
      guard let session = try historyFailing({ try history.session(id: id) })
      else {
        printError("error: no recording or session '\(source)'")
        throw ExitCode.failure
      }
      var built = try historyFailing { try Reports.report(for: session) }
      if let pain = annotation.pain { built.pain = pain }
      if let note = annotation.note { built.note = note }
      report = built
      defaultHTMLPath =
        History.recordingState(of: session) == .present
        ? Self.htmlPath(next: session.recordingPath)
        : "session-\(id).report.html"
    } else {
      report = try failing {
        try Reports.analyze(
          path: source, exercise: exercise, side: side,
          pain: annotation.pain, note: annotation.note
        ).1
      }
      noteExerciseChoice(asked: exercise, named: report.exerciseInHeader)
      defaultHTMLPath = Self.htmlPath(next: source)
    }
    let text: String
    switch format {
    case .html: text = HTMLReport.render(report)
    case .json: text = try ReportJSON(report: report).text()
    case .csv: text = CSVReport.render(report)
    case .text: text = TextReport.render(report)
    }
    let destination = output ?? (format == .html ? defaultHTMLPath : "-")
    try writeOutput(text, to: destination)
  }

  /// `NAME.report.html` beside a recording `NAME.csv`.
  static func htmlPath(next recording: String) -> String {
    let url = URL(fileURLWithPath: recording)
    return url.deletingPathExtension().path + ".report.html"
  }
}

/// Writes a command's result to a file, or to standard output for `-`.
func writeOutput(_ text: String, to destination: String) throws {
  if destination == "-" {
    FileHandle.standardOutput.write(Data(text.utf8))
    return
  }
  let folder = URL(fileURLWithPath: destination).deletingLastPathComponent()
  var isFolder: ObjCBool = false
  guard
    FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder),
    isFolder.boolValue
  else {
    printError(
      "error: cannot write \(destination): the folder \(folder.path) does "
        + "not exist (make it first, or give another path with -o)")
    throw ExitCode.failure
  }
  do {
    try Data(text.utf8).write(to: URL(fileURLWithPath: destination))
  } catch let error as CocoaError {
    let reason =
      (error.userInfo[NSUnderlyingErrorKey] as? NSError)?.localizedDescription
      ?? error.localizedDescription
    printError("error: cannot write \(destination): \(reason)")
    throw ExitCode.failure
  } catch {
    printError("error: cannot write \(destination): \(error)")
    throw ExitCode.failure
  }
  printError("wrote \(destination)")
}
