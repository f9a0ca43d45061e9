import Foundation

/// Escaping for text that came from a user or a file.
///
/// Every string a report did not write itself (a note, a file name, an
/// exercise name from a header) goes through one of these before it is
/// put into HTML or CSV.
public enum Escape {
  /// Text made safe for HTML element content and quoted attribute values.
  ///
  /// - Parameter text: Any text.
  /// - Returns: The text with `&`, `<`, `>`, `"` and `'` as entities.
  public static func html(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.utf8.count)
    for character in text {
      switch character {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "'": result += "&#39;"
      default: result.append(character)
      }
    }
    return result
  }

  /// One CSV field as RFC 4180 writes it.
  ///
  /// A field holding a comma, a quote or a line break is put in quotes,
  /// with its quotes doubled. A field that a spreadsheet would read as a
  /// formula (starting with `=`, `+`, `-` or `@`) and that is not a number
  /// gets a leading apostrophe, so that opening the file runs nothing.
  ///
  /// - Parameter field: The field's text.
  /// - Returns: The field as it goes between the commas.
  public static func csvField(_ field: String) -> String {
    var text = field
    if let first = text.first, "=+-@".contains(first), Double(text) == nil {
      text = "'" + text
    }
    let needsQuotes = text.unicodeScalars.contains {
      $0 == "\"" || $0 == "," || $0 == "\r" || $0 == "\n"
    }
    guard needsQuotes else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
