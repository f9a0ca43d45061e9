import Foundation
import HipTestSupport
import Testing

@testable import HipReport

/// The HTML report in a real browser: headless Chromium parses it, lays
/// it out and draws it.
///
/// Chromium comes from Debian's packages; `Scripts/test.sh` installs it
/// (`Scripts/setup.sh chromium`). Without it these tests fail and say so:
/// a report that no browser has opened is not a tested report.
struct BrowserTests {
  static let candidates = ["chromium", "chromium-browser", "google-chrome"]

  static let missing: Comment = """
    Chromium is not installed: run 'Scripts/setup.sh chromium' \
    (Scripts/test.sh does) to test the report in a browser.
    """

  /// The browser's path, from `PATH`.
  static func browser() -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for name in candidates {
      for folder in path.split(separator: ":") {
        let file = "\(folder)/\(name)"
        if FileManager.default.isExecutableFile(atPath: file) { return file }
      }
    }
    return nil
  }

  /// Runs the browser headless on a page; returns standard output.
  static func run(_ browser: String, _ arguments: [String]) throws -> String {
    let profile = FileManager.default.temporaryDirectory
      .appendingPathComponent("hipform-chromium-\(UUID().uuidString)")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: browser)
    process.arguments =
      [
        "--headless", "--no-sandbox", "--disable-gpu",
        "--user-data-dir=\(profile.path)", "--no-first-run",
        "--hide-scrollbars",
      ] + arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    try? FileManager.default.removeItem(at: profile)
    #expect(process.terminationStatus == 0, "\(browser) \(arguments)")
    return String(decoding: data, as: UTF8.self)
  }

  /// A report with a hostile note, written next to its recording in
  /// `directory`.
  static func page(in directory: TemporaryDirectory) throws -> (
    html: URL, reps: Int
  ) {
    let path = try ScriptedRecording.write(in: directory)
    let (recording, report) = try ScriptedRecording.report(
      path: path, pain: 3, note: "<script>alert(1)</script> felt fine")
    let url = URL(fileURLWithPath: path).deletingPathExtension()
      .appendingPathExtension("html")
    try HTMLReport.render(report).write(
      to: url, atomically: true, encoding: .utf8)
    return (url, recording.analysis.reps.count)
  }

  @Test func chromiumFindsTheChartsAndEveryRep() throws {
    guard let browser = Self.browser() else {
      Issue.record(Self.missing)
      return
    }
    let directory = try TemporaryDirectory()
    let (url, reps) = try Self.page(in: directory)
    let dom = try Self.run(browser, ["--dump-dom", url.absoluteString])
    #expect(dom.contains("<svg"))
    #expect(dom.components(separatedBy: "<svg").count - 1 >= 6)
    #expect(
      dom.components(separatedBy: "<rect class=\"rep-band").count - 1 == reps)
    #expect(
      dom.components(separatedBy: "<rect class=\"bar rom").count - 1 == reps)
    #expect(dom.contains("<polyline class=\"trace\""))
    // The note's script is text in the page, never an element.
    #expect(!dom.contains("<script"))
    #expect(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt; felt fine"))
  }

  @Test func chromiumDrawsThePage() throws {
    guard let browser = Self.browser() else {
      Issue.record(Self.missing)
      return
    }
    let directory = try TemporaryDirectory()
    let (url, _) = try Self.page(in: directory)
    let png = url.deletingPathExtension().appendingPathExtension("png")
    _ = try Self.run(
      browser,
      [
        "--screenshot=\(png.path)", "--window-size=1200,2400",
        url.absoluteString,
      ])
    let data = try Data(contentsOf: png)
    let bytes = [UInt8](data)
    try #require(bytes.count > 24)
    #expect(
      bytes.prefix(8) == [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    func word(_ offset: Int) -> Int {
      bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
    }
    #expect(word(16) == 1200)
    #expect(word(20) == 2400)
    // A blank page compresses to a few kilobytes; charts and text do not.
    #expect(bytes.count > 60_000, "screenshot of \(bytes.count) bytes")
  }
}
