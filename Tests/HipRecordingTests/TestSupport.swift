import Foundation
import HipCore
import HipRecording
import HipTestSupport

/// Everything a reader gives for a recording.
struct ReadBack {
  var reader: RecordingReader
  var samples: [Sample]
  /// ``RecordingReader/extraFields`` after each sample.
  var extraFields: [[String]]

  var statistics: RecordingStatistics { reader.statistics }
}

/// Reads the recording at `path` to its end.
func readRecording(_ path: String) throws -> ReadBack {
  let reader = try RecordingReader(path: path)
  var samples: [Sample] = []
  var extras: [[String]] = []
  while let sample = try reader.next() {
    samples.append(sample)
    extras.append(reader.extraFields)
  }
  return ReadBack(reader: reader, samples: samples, extraFields: extras)
}

/// The lines joined with `\n`, each ended by one (as a file is).
func fileText(_ lines: [String]) -> String {
  lines.map { $0 + "\n" }.joined()
}

/// Whether `a` and `b` agree to `relativeTolerance` of the larger one.
func isClose(_ a: Double, _ b: Double, relativeTolerance: Double = 1e-12)
  -> Bool
{
  a == b || abs(a - b) <= relativeTolerance * max(abs(a), abs(b))
}

/// Whether every component agrees to `relativeTolerance`.
func isClose(_ a: Vector3?, _ b: Vector3?, relativeTolerance: Double = 1e-12)
  -> Bool
{
  guard let a, let b else { return a == nil && b == nil }
  return isClose(a.x, b.x, relativeTolerance: relativeTolerance)
    && isClose(a.y, b.y, relativeTolerance: relativeTolerance)
    && isClose(a.z, b.z, relativeTolerance: relativeTolerance)
}

/// The bit patterns of every number in a sample, so that `-0.0` and `0.0`
/// differ and a round trip can be checked exactly.
func bits(_ sample: Sample) -> [UInt64] {
  let a = sample.acceleration
  var result = [sample.time, a.x, a.y, a.z].map(\.bitPattern)
  if let g = sample.angularRate {
    result += [g.x, g.y, g.z].map(\.bitPattern)
  }
  return result
}

/// The metadata lines every test recording starts with, with gyro.
let standardHeader = [
  "# hipform-recording: 1",
  "# rate_hz: 100",
  "# accel_unit: g",
  "# gyro_unit: dps",
  "# axes: x=right,y=up,z=back",
]

/// `x=right,y=up,z=back`, the spec's example mounting.
func exampleAxes() throws -> AxesMapping {
  try AxesMapping(x: .right, y: .up, z: .back)
}
