import HipCore

/// Seeded mutations of an input's bytes: the same seed gives the same
/// inputs on every machine, so a failure found in a long run can be made
/// again from its seed and index alone.
struct Mutator {
  private var random: SplitMix64

  init(seed: UInt64) { random = SplitMix64(seed: seed) }

  /// The next 64 random bits.
  mutating func next() -> UInt64 { random.next() }

  /// A number in `0..<bound`.
  mutating func below(_ bound: Int) -> Int {
    bound <= 1 ? 0 : Int(next() % UInt64(bound))
  }

  /// Bytes that mean something to a reader or a decoder.
  static let interestingBytes: [UInt8] = [
    0x0A, 0x0D, 0x2C, 0x23, 0x3A, 0x2E, 0x2D, 0x2B, 0x65, 0x20, 0x09, 0x00,
    0xFF, 0x55, 0x51, 0x52, 0x22, 0x3B, 0x1B, 0x30, 0x39, 0x7B, 0x7D, 0x5B,
  ]

  /// Text that once broke something, or might.
  static let interestingTokens: [String] = [
    "1e19", "1e300", "-1e300", "5e-324", "1e-19", "1e-12", "nan", "-nan",
    "inf", "-inf", "0", "-0", "99999999999999999999", "1.7976931348623157e308",
    "4294967295", "4294967296", "18446744073709551616", "-1", "0.5", "10001",
    "", ",", ",,", "\r", "\r\n", "# rate_hz: 1e19\n", "# rate_hz: 100\n",
    "t,ax,ay,az\n", "seq,t_us,ax,ay,az,gx,gy,gz\n", "\u{1B}]0;x\u{07}",
    "AccelX:", "Scaled. Acc (mg) [", "{\"ping\":null}\n", "]", "[",
    "\"", "=1+1", "\u{FEFF}",
  ]

  /// `input` with one to eight mutations.
  mutating func mutate(_ input: [UInt8]) -> [UInt8] {
    var bytes = input
    for _ in 0..<(1 + below(8)) { mutateOnce(&bytes) }
    return bytes
  }

  private mutating func mutateOnce(_ bytes: inout [UInt8]) {
    let at = below(bytes.count + 1)
    switch below(10) {
    case 0 where !bytes.isEmpty:  // flip a bit
      let i = min(at, bytes.count - 1)
      bytes[i] ^= UInt8(1 << below(8))
    case 1 where !bytes.isEmpty:  // a byte that means something
      let i = min(at, bytes.count - 1)
      bytes[i] = Self.interestingBytes[below(Self.interestingBytes.count)]
    case 2:  // random bytes in
      let count = 1 + below(16)
      bytes.insert(
        contentsOf: (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) },
        at: at)
    case 3 where !bytes.isEmpty:  // a range out
      let count = 1 + below(min(64, bytes.count))
      bytes.removeSubrange(at..<min(bytes.count, at + count))
    case 4 where !bytes.isEmpty:  // a range twice
      let count = 1 + below(min(256, bytes.count))
      let start = min(at, bytes.count - 1)
      let end = min(bytes.count, start + count)
      bytes.insert(contentsOf: Array(bytes[start..<end]), at: end)
    case 5, 6:  // a token, replacing what is there or not
      let token = Array(
        Self.interestingTokens[below(Self.interestingTokens.count)].utf8)
      if below(2) == 0, at < bytes.count {
        let end =
          bytes[at...].firstIndex { $0 == 0x2C || $0 == 0x0A } ?? bytes.count
        bytes.replaceSubrange(at..<end, with: token)
      } else {
        bytes.insert(contentsOf: token, at: at)
      }
    case 7 where bytes.count > 1:  // cut short
      bytes.removeSubrange(max(1, at)..<bytes.count)
    case 8 where !bytes.isEmpty:  // one line moved elsewhere
      let lineStart =
        bytes[..<min(at, bytes.count)].lastIndex(of: 0x0A).map {
          $0 + 1
        } ?? 0
      let lineEnd =
        bytes[lineStart...].firstIndex(of: 0x0A).map { $0 + 1 } ?? bytes.count
      let line = Array(bytes[lineStart..<lineEnd])
      bytes.removeSubrange(lineStart..<lineEnd)
      bytes.insert(contentsOf: line, at: below(bytes.count + 1))
    default:  // a run of one byte
      let byte = Self.interestingBytes[below(Self.interestingBytes.count)]
      bytes.insert(
        contentsOf: repeatElement(byte, count: 1 + below(300)), at: at)
    }
  }
}
