import HipCore
import RealModule

/// Byte streams and sample sets shared by the wire-protocol tests.
enum WireFixtures {
  /// Chunk sizes every decoder must give identical results for.
  static let chunkSizes = [1, 2, 3, 5, 7, 11, 13, 64, 4096]

  /// Feeds `bytes` to `decoder` in chunks of `chunk`, then finishes.
  static func decode<D: SampleDecoder>(
    _ decoder: inout D, _ bytes: [UInt8], chunk: Int, finish: Bool = true
  ) -> [DecodedSample] {
    var out: [DecodedSample] = []
    var i = 0
    while i < bytes.count {
      let end = min(bytes.count, i + chunk)
      decoder.decode(bytes[i..<end], into: &out)
      i = end
    }
    if finish { decoder.finish(into: &out) }
    return out
  }

  /// A smooth, deterministic motion: a slow sway under gravity with
  /// angular rate, values inside every protocol's range.
  static func motion(count: Int, rate: Double, gyro: Bool = true) -> [Sample] {
    (0..<count).map { i in
      let t = Double(i) / rate
      let a = Vector3(
        0.3 * .sin(2 * .pi * 0.7 * t), -0.95 + 0.05 * .cos(3 * t),
        0.2 * .cos(2 * .pi * 0.4 * t))
      let w = Vector3(
        40 * .cos(2 * .pi * 0.7 * t), -25 * .sin(1.3 * t), 90 * .sin(0.5 * t))
      return Sample(time: t, acceleration: a, angularRate: gyro ? w : nil)
    }
  }

  /// `true` when every component differs by at most `tolerance`.
  static func close(_ a: Vector3?, _ b: Vector3?, _ tolerance: Double) -> Bool {
    guard let a, let b else { return a == nil && b == nil }
    return abs(a.x - b.x) <= tolerance && abs(a.y - b.y) <= tolerance
      && abs(a.z - b.z) <= tolerance
  }

  /// Parses `"55 51 00"`-style hex.
  static func hex(_ text: String) -> [UInt8] {
    text.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap {
      UInt8($0, radix: 16)
    }
  }

  /// Formats bytes as `"55 51 00"`-style hex.
  static func hex(_ bytes: [UInt8]) -> String {
    bytes.map { b in
      let s = String(b, radix: 16, uppercase: true)
      return s.count == 1 ? "0" + s : s
    }.joined(separator: " ")
  }
}
