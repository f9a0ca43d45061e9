/// Consistent Overhead Byte Stuffing and the CRC used by HipForm frames.
///
/// COBS (Cheshire and Baker, "Consistent Overhead Byte Stuffing", IEEE/ACM
/// Transactions on Networking 7(2), 1999) removes every `0x00` from a
/// payload at a cost of one byte per 254, so `0x00` can delimit frames and
/// a receiver resynchronises at the next delimiter.
public enum COBS {
  /// Appends the COBS encoding of `payload` (without the delimiter).
  ///
  /// - Parameters:
  ///   - payload: Any bytes.
  ///   - out: Receives the encoding, which contains no `0x00`.
  public static func encode(_ payload: [UInt8], to out: inout [UInt8]) {
    var codeIndex = out.count
    out.append(0)
    var code: UInt8 = 1
    for byte in payload {
      if byte != 0 {
        out.append(byte)
        code += 1
      }
      if byte == 0 || code == 0xFF {
        out[codeIndex] = code
        codeIndex = out.count
        out.append(0)
        code = 1
      }
    }
    out[codeIndex] = code
  }

  /// Decodes one COBS block (without its delimiter) into `out`.
  ///
  /// - Parameters:
  ///   - encoded: The bytes between two delimiters.
  ///   - out: Cleared, then receives the payload.
  /// - Returns: `false` when `encoded` is not valid COBS (a zero byte, or a
  ///   code that runs past the end).
  public static func decode(_ encoded: [UInt8], into out: inout [UInt8]) -> Bool
  {
    out.removeAll(keepingCapacity: true)
    var i = 0
    while i < encoded.count {
      let code = Int(encoded[i])
      guard code != 0, i + code <= encoded.count else { return false }
      var j = i + 1
      while j < i + code {
        guard encoded[j] != 0 else { return false }
        out.append(encoded[j])
        j += 1
      }
      i += code
      if code != 0xFF && i < encoded.count { out.append(0) }
    }
    return true
  }
}

/// CRC-16/CCITT-FALSE, the checksum of HipForm frames.
///
/// Polynomial 0x1021, initial value 0xFFFF, no reflection, no final XOR. Its
/// check value, the CRC of the ASCII bytes
/// `123456789`, is 0x29B1.
public enum CRC16 {
  /// The CRC of `bytes`.
  ///
  /// - Parameters:
  ///   - bytes: The data.
  ///   - initial: The register's starting value; chain calls by passing the
  ///     previous result.
  /// - Returns: The 16-bit CRC.
  public static func ccittFalse(
    _ bytes: ArraySlice<UInt8>, initial: UInt16 = 0xFFFF
  ) -> UInt16 {
    var crc = initial
    for byte in bytes {
      crc = (crc << 8) ^ table[Int(UInt8(crc >> 8) ^ byte)]
    }
    return crc
  }

  private static let table: [UInt16] = (0..<256).map { n in
    var c = UInt16(n) << 8
    for _ in 0..<8 {
      c = c & 0x8000 != 0 ? (c << 1) ^ 0x1021 : c << 1
    }
    return c
  }
}
