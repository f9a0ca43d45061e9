import Testing

@testable import HipHistory

/// SHA-256 against the FIPS 180-4 examples.
struct SHA256Tests {
  @Test(arguments: [
    ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    (
      "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
    ),
    (
      "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnop"
        + "jklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
      "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
    ),
  ])
  func knownVectors(message: String, hex: String) {
    #expect(SHA256.hash(Array(message.utf8)).hex == hex)
  }

  @Test func aMillionAsInUnevenChunks() {
    var hash = SHA256()
    var left = 1_000_000
    var size = 1
    while left > 0 {
      let n = Swift.min(size, left)
      hash.update([UInt8](repeating: UInt8(ascii: "a"), count: n))
      left -= n
      size = size * 3 % 1001 + 1
    }
    #expect(
      hash.finalize().hex
        == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }
}
