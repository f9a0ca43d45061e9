/// Text from files and devices made safe to show: control characters
/// become visible escapes and long text is cut to an excerpt.
///
/// A header value or a refused field can hold anything; printed raw, an
/// escape sequence in `# note:` can retitle a terminal or write its
/// clipboard, and an 8 MB field floods it.
public enum VisibleText {
  /// Characters an error message quotes at most.
  public static let excerptLength = 60

  /// `text` with every control character (C0, DEL, C1 and the
  /// bidirectional overrides) written as `\r`, `\t`, `\n` or `\u{1b}`.
  ///
  /// - Parameters:
  ///   - text: Any text.
  ///   - keepingLineBreaks: Leave `\n` as it is, for text of several lines
  ///     this package put together.
  /// - Returns: Text that cannot move the cursor, change colours or talk to
  ///   the terminal.
  public static func escaped(
    _ text: some StringProtocol, keepingLineBreaks: Bool = false
  ) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      if isControl(scalar), !(keepingLineBreaks && scalar == "\n") {
        out += escape(scalar)
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// At most `limit` characters of `text`, escaped as ``escaped(_:)``, in
  /// single quotes, with how much was left out.
  public static func quoted(
    _ text: some StringProtocol, limit: Int = excerptLength
  )
    -> String
  {
    let count = text.count
    guard count > limit else { return "'" + escaped(text) + "'" }
    return "'" + escaped(text.prefix(limit)) + "'... (\(count) characters)"
  }

  /// ``quoted(_:limit:)`` of bytes read as UTF-8.
  public static func quoted(
    bytes: some Collection<UInt8>, limit: Int = excerptLength
  )
    -> String
  {
    // Decode only what is shown: a refused line may be megabytes long.
    let shown = String(decoding: bytes.prefix(limit * 4), as: UTF8.self)
    guard bytes.count > limit * 4 || shown.count > limit else {
      return "'" + escaped(shown) + "'"
    }
    return "'" + escaped(shown.prefix(limit)) + "'... (\(bytes.count) bytes)"
  }

  private static func isControl(_ s: Unicode.Scalar) -> Bool {
    switch s.value {
    case 0x00...0x1F, 0x7F...0x9F: true
    // Bidirectional overrides and isolates: they reorder what follows.
    case 0x202A...0x202E, 0x2066...0x2069: true
    default: false
    }
  }

  private static func escape(_ s: Unicode.Scalar) -> String {
    switch s {
    case "\n": return "\\n"
    case "\r": return "\\r"
    case "\t": return "\\t"
    default:
      let digits = "0123456789abcdef"
      var hex = ""
      var value = s.value
      repeat {
        let digit = digits[
          digits.index(digits.startIndex, offsetBy: Int(value % 16))]
        hex = String(digit) + hex
        value /= 16
      } while value > 0
      return "\\u{" + hex + "}"
    }
  }
}
