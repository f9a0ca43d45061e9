import Foundation
import HipCore
import HipTestSupport
import Testing

@testable import HipReport

/// The report and the trend page laid out by headless Chromium at a phone's
/// width and a desktop's: nothing runs past the window, no label or point
/// is cut off at its chart's edge, no two labels of a chart overlap.
///
/// The pages have no JavaScript; the test adds a script to its own copy
/// that measures every element once the page is laid out, and reads the
/// result back from the DOM.
struct LayoutTests {
  /// Window widths, CSS pixels: Chromium's narrowest headless window (a
  /// phone held upright is 360-430; the page is laid out at 500 at most),
  /// and a desktop.
  static let widths = [390, 1280]

  static let measure = """
    <script>
    window.addEventListener('load', () => {
      const problems = [];
      const width = document.documentElement.clientWidth;
      if (document.documentElement.scrollWidth > width + 1)
        problems.push('the page is wider than the window');
      const name = svg => svg.getAttribute('aria-label') || 'a chart';
      for (const svg of document.querySelectorAll('svg')) {
        const box = svg.getBoundingClientRect();
        const texts = [];
        for (const element of svg.querySelectorAll('text, circle')) {
          const r = element.getBoundingClientRect();
          if (r.width === 0 && r.height === 0) continue;
          if (r.left < box.left - 1 || r.right > box.right + 1
              || r.top < box.top - 1 || r.bottom > box.bottom + 1)
            problems.push(name(svg) + ': "' + element.textContent.trim()
              + '" (' + element.tagName + ') is cut off');
          if (element.tagName === 'text') texts.push([element, r]);
        }
        for (let i = 0; i < texts.length; i++)
          for (let j = i + 1; j < texts.length; j++) {
            const a = texts[i][1], b = texts[j][1];
            if (Math.min(a.right, b.right) - Math.max(a.left, b.left) > 2
                && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 2)
              problems.push(name(svg) + ': "' + texts[i][0].textContent
                + '" overlaps "' + texts[j][0].textContent + '"');
          }
      }
      for (const element of document.querySelectorAll(
          'header, section, table, figure, p, h1, h2')) {
        if (element.getBoundingClientRect().right > width + 1)
          problems.push(element.tagName.toLowerCase() + ' runs past the window');
      }
      document.body.setAttribute('data-layout', JSON.stringify(problems));
    });
    </script>
    """

  /// What Chromium found wrong with `html` laid out `width` pixels wide.
  static func problems(_ html: String, width: Int, browser: String) throws
    -> [String]
  {
    let directory = try TemporaryDirectory()
    let page = directory.file("page.html")
    try html.replacingOccurrences(of: "</body>", with: measure + "</body>")
      .write(toFile: page, atomically: true, encoding: .utf8)
    let dom = try BrowserTests.run(
      browser,
      [
        "--window-size=\(width),900", "--virtual-time-budget=3000",
        "--dump-dom", URL(fileURLWithPath: page).absoluteString,
      ])
    let attribute = try #require(
      dom.components(separatedBy: "data-layout=\"").dropFirst().first?
        .prefix { $0 != "\"" },
      "the measuring script did not run")
    let json = String(attribute).replacingOccurrences(of: "&quot;", with: "\"")
      .replacingOccurrences(of: "&lt;", with: "<")
      .replacingOccurrences(of: "&gt;", with: ">")
      .replacingOccurrences(of: "&amp;", with: "&")
    return try JSONDecoder().decode([String].self, from: Data(json.utf8))
  }

  /// Bundled recordings whose reports draw every kind of chart: sets, a
  /// partial rep, left against right, level over time, a thigh's view.
  @Test(arguments: [
    "bridge-sacrum-100hz.csv", "bird-dog-hip-left-50hz-nogyro.csv",
    "bridge-thigh-left-50hz-nogyro.csv",
    "single-leg-bridge-right-sacrum-50hz-nogyro.csv",
    "hip-flexor-stretch-left-sacrum-100hz.csv",
  ])
  func theReportFitsAPhoneAndADesktop(recording: String) throws {
    guard let browser = BrowserTests.browser() else {
      Issue.record(BrowserTests.missing)
      return
    }
    let (_, report) = try ScriptedRecording.report(
      path: SensorViewTests.recording(recording), pain: 4,
      note: "Felt fine; a bit tired by the end of set 2.")
    let html = HTMLReport.render(report)
    for width in Self.widths {
      let problems = try Self.problems(html, width: width, browser: browser)
      #expect(problems.isEmpty, "\(recording) at \(width) px: \(problems)")
    }
  }

  @Test func theTrendPageFitsAPhoneAndADesktop() throws {
    guard let browser = BrowserTests.browser() else {
      Issue.record(BrowserTests.missing)
      return
    }
    let entries = (0..<12).map { k in
      TrendEntry(
        id: Int64(k + 1), date: 1_800_000_000 + Double(k / 2) * 3 * 86_400,
        exercise: k % 2 == 0 ? "bridge" : "clamshell", fullReps: 10 + k,
        meanRomDegrees: 18 + Double(k), meanHoldSeconds: 2,
        levelDifferenceDegrees: k % 3 == 0 ? -1.5 : 0.8,
        romSymmetryPercent: nil, pain: (k * 3) % 7, note: "week \(k / 4 + 1)",
        recordingState: "present")
    }
    for exercise in [nil, "bridge"] as [String?] {
      let html = TrendReport.render(
        entries: entries.filter { exercise == nil || $0.exercise == exercise },
        exercise: exercise)
      for width in Self.widths {
        let problems = try Self.problems(html, width: width, browser: browser)
        #expect(problems.isEmpty, "trend at \(width) px: \(problems)")
      }
    }
  }

  /// Walking's page from a pelvis sensor (every chart) and from a thigh
  /// without a gyroscope (no dip).
  @Test func theWalkingReportFitsAPhoneAndADesktop() throws {
    guard let browser = BrowserTests.browser() else {
      Issue.record(BrowserTests.missing)
      return
    }
    let reports = [
      WalkingFixture.report(),
      WalkingFixture.report(
        WalkingFixture.document(
          leftDrop: nil, rightDrop: nil, placement: "thigh-left",
          hasGyro: false)),
    ]
    for report in reports {
      let html = HTMLReport.render(report)
      for width in Self.widths {
        let problems = try Self.problems(html, width: width, browser: browser)
        #expect(
          problems.isEmpty,
          "walking (\(report.placement)) at \(width) px: \(problems)")
      }
    }
  }

  @Test func theWalkingTrendPageFitsAPhoneAndADesktop() throws {
    guard let browser = BrowserTests.browser() else {
      Issue.record(BrowserTests.missing)
      return
    }
    let entries = (0..<12).map { k in
      let walking = k % 3 == 0
      return TrendEntry(
        id: Int64(k + 1), date: 1_800_000_000 + Double(k) * 2 * 86_400,
        exercise: walking ? "walking" : "bridge", fullReps: walking ? 0 : 12,
        meanRomDegrees: walking ? nil : 20, meanHoldSeconds: walking ? nil : 2,
        levelDifferenceDegrees: nil, romSymmetryPercent: nil, pain: k % 4,
        note: nil, recordingState: "present",
        gait: walking
          ? WalkingFixture.document(
            rightStep: 0.64 - 0.01 * Double(k), rightDrop: 7.5 - 0.4 * Double(k)
          ).analysis.gait : nil)
    }
    for exercise in [nil, "walking"] as [String?] {
      let html = TrendReport.render(
        entries: entries.filter { exercise == nil || $0.exercise == exercise },
        exercise: exercise)
      for width in Self.widths {
        let problems = try Self.problems(html, width: width, browser: browser)
        #expect(
          problems.isEmpty,
          "trend \(exercise ?? "all") at \(width) px: \(problems)")
      }
    }
  }
}
