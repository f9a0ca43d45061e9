import Foundation
import HipCore
import HipRecording
import HipTestSupport
import Testing

@testable import HipReport

/// The report's outputs from a scripted recording: numbers agree with the
/// analysis, text from users and files stays text, same input same bytes.
struct ReportOutputTests {
  @Test func aNoteWithAScriptStaysTextInTheHTML() throws {
    let directory = try TemporaryDirectory()
    let path = try ScriptedRecording.write(
      name: "a<b>&\"c\".csv", in: directory)
    let (_, report) = try ScriptedRecording.report(
      path: path, pain: 2, note: "<script>alert(1)</script> & 'more'")
    let html = HTMLReport.render(report)
    #expect(!html.contains("<script"))
    #expect(!html.contains("a<b>"))
    #expect(
      html.contains(
        "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#39;more&#39;"))
    #expect(html.contains("a&lt;b&gt;&amp;&quot;c&quot;.csv"))
  }

  @Test func aHoldsDurationIsWrittenToTheMillisecondLikeItsEnds() throws {
    let hold = Hold(startSeconds: 56.7, endSeconds: 70.931)
    let text = String(
      decoding: try JSONEncoder().encode(hold), as: UTF8.self)
    #expect(text.contains("\"duration_s\":14.231"), "\(text)")
    #expect(!text.contains("14.2310000"))
  }

  @Test func escapingHandlesEveryMarkupCharacter() {
    #expect(
      Escape.html("<a href=\"x\">Tom & 'Jerry'</a>")
        == "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;")
    #expect(Escape.csvField("plain") == "plain")
    #expect(Escape.csvField("a, \"b\"") == "\"a, \"\"b\"\"\"")
    #expect(Escape.csvField("two\nlines") == "\"two\nlines\"")
    #expect(
      Escape.csvField("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
    #expect(Escape.csvField("-5.8") == "-5.8")
  }

  @Test func aCSVFieldWithCommasAndQuotesReadsBack() throws {
    let name = "my session, \"good\" one.csv"
    let directory = try TemporaryDirectory()
    let path = try ScriptedRecording.write(name: name, in: directory)
    let (_, report) = try ScriptedRecording.report(path: path)
    let rows = ScriptedRecording.parseCSV(CSVReport.render(report))
    let header = try #require(rows.first)
    #expect(header == CSVReport.columns)
    let column = try #require(header.firstIndex(of: "recording"))
    for row in rows.dropFirst() {
      #expect(row.count == header.count)
      #expect(row[column] == name)
    }
  }

  @Test func csvAndJSONNumbersAgreeWithTheAnalysis() throws {
    let directory = try TemporaryDirectory()
    let path = try ScriptedRecording.write(in: directory)
    let (recording, report) = try ScriptedRecording.report(path: path)
    let reps = recording.analysis.reps.map(Rounding.rep)
    #expect(reps.count == ScriptedRecording.script().count)

    let rows = ScriptedRecording.parseCSV(CSVReport.render(report))
    let header = try #require(rows.first)
    func column(_ name: String) throws -> Int {
      try #require(header.firstIndex(of: name))
    }
    #expect(rows.count == reps.count + 1)

    let json = try #require(
      try JSONSerialization.jsonObject(
        with: Data(ReportJSON(report: report).text().utf8)) as? [String: Any])
    #expect(json["format"] as? String == "hipform-analysis/1")
    let jsonReps = try #require(json["reps"] as? [[String: Any]])
    let verdicts = try #require(json["verdicts"] as? [[String: Any]])
    #expect(jsonReps.count == reps.count)
    #expect(verdicts.count == reps.count)
    #expect(json["pain"] is NSNull)

    for (offset, rep) in reps.enumerated() {
      let row = rows[offset + 1]
      let fromJSON = jsonReps[offset]
      let pairs: [(String, String, Double)] = [
        ("start (s)", "start_s", rep.startSeconds),
        ("peak (s)", "peak_s", rep.peakSeconds),
        ("end (s)", "end_s", rep.endSeconds),
        ("range of motion (deg)", "rom_deg", rep.romDegrees),
        ("hold (s)", "hold_s", rep.holdSeconds),
        ("level change (deg)", "level_change_deg", rep.levelChangeDegrees ?? 0),
      ]
      for (csvName, jsonName, expected) in pairs {
        #expect(
          Double(row[try column(csvName)]) == expected,
          "rep \(offset + 1) \(csvName)")
        #expect(
          (fromJSON[jsonName] as? NSNumber)?.doubleValue == expected,
          "rep \(offset + 1) \(jsonName)")
      }
      let verdict = RepVerdict(rep: rep, exercise: .bridge)
      #expect(row[try column("verdict")] == verdict.text)
      #expect(verdicts[offset]["text"] as? String == verdict.text)
      #expect(row[try column("good")] == (verdict.isGood ? "true" : "false"))
    }
  }

  @Test func theSameRecordingGivesTheSameBytes() throws {
    let directory = try TemporaryDirectory()
    let path = try ScriptedRecording.write(in: directory)
    let (_, first) = try ScriptedRecording.report(path: path, note: "n")
    let (_, second) = try ScriptedRecording.report(path: path, note: "n")
    #expect(HTMLReport.render(first) == HTMLReport.render(second))
    #expect(CSVReport.render(first) == CSVReport.render(second))
    #expect(
      try ReportJSON(report: first).text()
        == ReportJSON(report: second).text())
    #expect(TextReport.render(first) == TextReport.render(second))
  }

  @Test func theHTMLShowsEveryRepInTheTraceAndTheBars() throws {
    let directory = try TemporaryDirectory()
    let path = try ScriptedRecording.write(in: directory)
    let (recording, report) = try ScriptedRecording.report(path: path, pain: 4)
    let html = HTMLReport.render(report)
    let count = recording.analysis.reps.count
    #expect(html.components(separatedBy: "class=\"rep-band").count - 1 == count)
    #expect(html.components(separatedBy: "class=\"bar rom").count - 1 == count)
    #expect(html.components(separatedBy: "class=\"bar hold").count - 1 == count)
    #expect(
      html.components(separatedBy: "class=\"bar tempo lift").count - 1 == count)
    #expect(html.contains("class=\"trace\""))
    #expect(html.contains("class=\"pain-marker\""))
    #expect(html.contains("What this report does not do"))
    #expect(html.contains("triggered by a fall"))
    // Rep 4 of each set drops the right side 7 degrees.
    #expect(html.contains("right side dropped 7 degrees"))
    #expect(!html.contains("http://") || !html.contains("<link"))
  }

  @Test func theTextSummaryCountsRepsAndNamesTheCues() throws {
    let directory = try TemporaryDirectory()
    let path = try ScriptedRecording.write(in: directory)
    let (_, report) = try ScriptedRecording.report(path: path, pain: 1)
    let text = TextReport.render(report)
    #expect(text.contains("done: 2 x 6"))
    #expect(text.contains("right side dropped 7 degrees"))
    #expect(text.contains("pain after the session: 1/10"))
    #expect(text.contains("does not diagnose"))
  }

  @Test func aDocumentReadsBackAsItWasWritten() throws {
    let directory = try TemporaryDirectory()
    let path = try ScriptedRecording.write(in: directory)
    let (_, report) = try ScriptedRecording.report(path: path)
    let text = try report.document.jsonText()
    let decoded = try AnalysisDocument(jsonText: text)
    #expect(try decoded.jsonText() == text)
    #expect(throws: (any Error).self) {
      try AnalysisDocument(jsonText: "{\"format\": \"other/2\"}")
    }
  }
}
