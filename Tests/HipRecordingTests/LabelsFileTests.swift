import Foundation
import HipCore
import HipRecording
import HipTestSupport
import Testing

/// Labels as real datasets give them: the contract's keys, some rep
/// fields left out, and keys of their own that say where numbers came from.
@Suite("Labels file")
struct LabelsFileTests {
  /// A labels file in the shape of `shared/real/mex`: no `hold_s` or
  /// `level_change_deg`, extra keys at the top and in a rep.
  static let thighLabels = """
    {
     "exercise": "bridge",
     "side": "both",
     "reps": [
      {"start_s": 1.86, "peak_s": 3.682, "end_s": 5.714, "side": "both",
       "rom_deg": 10.3, "partial": false, "aux": {"seat_off_s": 2.1}},
      {"start_s": 7.953, "peak_s": 9.709, "end_s": 11.302, "side": "both",
       "partial": false, "level_change_deg": null},
      {"start_s": 15.1, "peak_s": 16.5, "end_s": 17.8, "side": "both",
       "partial": true, "level_change_deg": -2.5, "hold_s": 0.75}
     ],
     "holds": [],
     "sets": [{"start_s": 1.86, "end_s": 59.993}],
     "source": {"repository": "someone/dataset", "path": "a/b.csv"},
     "derivation": {"axes_misfit_deg": 12},
     "steps": [{"t_s": 1.0, "side": "left"}],
     "seat_events": [{"t_s": 4.1, "event": "seat_off"}],
     "gaps": [{"start_s": 2.0, "end_s": 2.7}]
    }
    """

  @Test("rep fields left out read as not labelled; null level is labelled")
  func fieldsLeftOut() throws {
    let folder = try TemporaryDirectory()
    let path = try folder.write("bridge.labels.json", Self.thighLabels)
    let truth = try LabelsFile.read(path)

    #expect(truth.exercise == "bridge")
    #expect(truth.reps.count == 3)
    #expect(truth.reps[0].romDegrees == 10.3)
    #expect(truth.reps[0].holdSeconds == nil)
    #expect(truth.reps[0].levelChange == nil)
    #expect(truth.reps[1].romDegrees == nil)
    #expect(truth.reps[1].levelChange == .undefined)
    #expect(truth.reps[2].levelChange == .measured(-2.5))
    #expect(truth.reps[2].holdSeconds == 0.75)
    #expect(truth.reps[2].partial)
    #expect(truth.sets.count == 1)
    #expect(truth.gaps == [LabelledGap(startSeconds: 2.0, endSeconds: 2.7)])
  }

  @Test("written back, a field left out stays out and a null stays null")
  func writtenBack() throws {
    let folder = try TemporaryDirectory()
    let path = try folder.write("bridge.labels.json", Self.thighLabels)
    let truth = try LabelsFile.read(path)
    let text = String(decoding: try LabelsFile.encode(truth), as: UTF8.self)
    let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
    let top = try #require(object as? [String: Any])
    let reps = try #require(top["reps"] as? [[String: Any]])

    #expect(reps.count == 3)
    #expect(reps[0]["hold_s"] == nil)
    #expect(reps[0]["level_change_deg"] == nil)
    #expect(reps[1]["rom_deg"] == nil)
    #expect(reps[1]["level_change_deg"] is NSNull)
    #expect(reps[2]["level_change_deg"] as? Double == -2.5)
    let again = try folder.write("again.labels.json", text)
    #expect(try LabelsFile.read(again) == truth)
  }

  @Test("a rep without its times is still an error that names the key")
  func timesRequired() throws {
    let folder = try TemporaryDirectory()
    let path = try folder.write(
      "bad.labels.json",
      """
      {"exercise": "bridge", "reps": [{"start_s": 1, "end_s": 2,
       "side": "both", "partial": false}]}
      """)
    let error = #expect(throws: RecordingError.self) {
      try LabelsFile.read(path)
    }
    #expect(error?.description.contains("peak_s") == true)
  }

  @Test("a missing field is named by its path in the labels")
  func missingFieldIsNamedByItsPath() throws {
    let folder = try TemporaryDirectory()
    let path = try folder.write(
      "bad.labels.json",
      """
      {"exercise": "bridge", "reps": [
       {"start_s": 1, "peak_s": 1.5, "end_s": 2, "side": "both", "partial": false},
       {"start_s": 3, "end_s": 4, "side": "both", "partial": false}]}
      """)
    let error = try #require(throws: RecordingError.self) {
      try LabelsFile.read(path)
    }
    #expect(error.message.hasSuffix("reps[1].peak_s is missing"))
  }

  @Test("a syntax error gives its line and column")
  func syntaxErrorGivesItsLineAndColumn() throws {
    let folder = try TemporaryDirectory()
    let path = try folder.write(
      "bad.labels.json", "{\n  \"exercise\": \"bridge\",\n  \"reps\": ]\n}\n")
    let error = try #require(throws: RecordingError.self) {
      try LabelsFile.read(path)
    }
    #expect(error.line == 3)
    #expect(error.description.hasPrefix("\(path):3: "))
    #expect(error.message.hasSuffix("not JSON at column 11"), "\(error)")
  }
}
