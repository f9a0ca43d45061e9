import Foundation
import HipCore

/// The ground-truth sidecar `NAME.labels.json` beside `NAME.csv`.
public enum LabelsFile {
  /// The sidecar path for a recording path: `a/b.csv` → `a/b.labels.json`.
  public static func path(forRecording recording: String) -> String {
    let base =
      recording.hasSuffix(".csv") ? String(recording.dropLast(4)) : recording
    return base + ".labels.json"
  }

  public static func read(_ path: String) throws(RecordingError) -> GroundTruth
  {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      throw RecordingError(
        kind: .layout, path: path, message: "cannot read labels: \(error)")
    }
    do {
      return try JSONDecoder().decode(GroundTruth.self, from: data)
    } catch {
      let (line, problem) = explain(error, in: data)
      throw RecordingError(
        kind: .layout, path: path, line: line,
        message: "labels are not valid ground truth JSON: \(problem)")
    }
  }

  /// Where in the labels a decoding error is, said so a person can find
  /// it: the line and column of a syntax error (the decoder says only
  /// "not valid JSON"), or the field's path (`reps[3].start_s`).
  static func explain(_ error: Error, in data: Data) -> (Int?, String) {
    guard let decoding = error as? DecodingError else {
      return (nil, VisibleText.quoted("\(error)", limit: 200))
    }
    func place(_ path: [any CodingKey]) -> String {
      let text = path.map { key in
        key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)"
      }.joined()
      return text.isEmpty ? "the top level" : String(text.trimmingPrefix("."))
    }
    switch decoding {
    case .dataCorrupted(let context) where context.codingPath.isEmpty:
      // JSONSerialization says where the syntax breaks: "around character
      // N", N a byte offset.
      do {
        _ = try JSONSerialization.jsonObject(with: data)
      } catch {
        let said = "\((error as NSError).userInfo["NSDebugDescription"] ?? "")"
        if let offset = Int(
          said.split(separator: " ").last?.filter(\.isNumber) ?? "")
        {
          let before = data.prefix(offset)
          let line = before.filter { $0 == 0x0A }.count + 1
          let column =
            offset - (before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0) + 1
          return (line, "not JSON at column \(column)")
        }
      }
      return (nil, context.debugDescription)
    case .keyNotFound(let key, let context):
      return (nil, "\(place(context.codingPath + [key])) is missing")
    case .typeMismatch(_, let context), .valueNotFound(_, let context),
      .dataCorrupted(let context):
      return (nil, "\(place(context.codingPath)): \(context.debugDescription)")
    @unknown default:
      return (nil, VisibleText.quoted("\(error)", limit: 200))
    }
  }

  /// Writes labels with sorted keys and numbers rounded to a thousandth,
  /// so the same truth always gives the same bytes.
  public static func write(_ truth: GroundTruth, to path: String)
    throws(RecordingError)
  {
    do {
      try encode(truth).write(to: URL(fileURLWithPath: path))
    } catch {
      throw RecordingError(
        kind: .layout, path: path, message: "cannot write labels: \(error)")
    }
  }

  public static func encode(_ truth: GroundTruth) throws -> Data {
    var rounded = truth
    rounded.reps = truth.reps.map { rep in
      var r = rep
      r.startSeconds = round3(r.startSeconds)
      r.peakSeconds = round3(r.peakSeconds)
      r.endSeconds = round3(r.endSeconds)
      r.romDegrees = r.romDegrees.map(round3)
      if case .measured(let degrees) = r.levelChange {
        r.levelChange = .measured(round3(degrees))
      }
      r.holdSeconds = r.holdSeconds.map(round3)
      return r
    }
    rounded.holds = truth.holds.map {
      Hold(
        startSeconds: round3($0.startSeconds), endSeconds: round3($0.endSeconds)
      )
    }
    rounded.sets = truth.sets.map {
      ExerciseSet(
        startSeconds: round3($0.startSeconds),
        endSeconds: round3($0.endSeconds),
        reps: $0.reps)
    }
    rounded.gaps = truth.gaps?.map {
      LabelledGap(
        startSeconds: round3($0.startSeconds),
        endSeconds: round3($0.endSeconds))
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [
      .prettyPrinted, .sortedKeys, .withoutEscapingSlashes,
    ]
    var data = try encoder.encode(rounded)
    data.append(0x0A)
    return data
  }

  private static func round3(_ value: Double) -> Double {
    (value * 1000).rounded() / 1000
  }
}
