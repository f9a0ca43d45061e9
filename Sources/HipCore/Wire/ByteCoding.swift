/// Little-endian integer and float access and fixed-point text, shared by
/// the wire decoders and encoders.
enum ByteCoding {
  /// The little-endian `UInt16` at `offset`.
  @inline(__always)
  static func u16(_ b: [UInt8], _ offset: Int) -> UInt16 {
    UInt16(b[offset]) | UInt16(b[offset + 1]) << 8
  }

  /// The little-endian `Int16` at `offset`.
  @inline(__always)
  static func i16(_ b: [UInt8], _ offset: Int) -> Int16 {
    Int16(bitPattern: u16(b, offset))
  }

  /// The little-endian `UInt32` at `offset`.
  @inline(__always)
  static func u32(_ b: [UInt8], _ offset: Int) -> UInt32 {
    UInt32(u16(b, offset)) | UInt32(u16(b, offset + 2)) << 16
  }

  /// The little-endian `UInt64` at `offset`.
  @inline(__always)
  static func u64(_ b: [UInt8], _ offset: Int) -> UInt64 {
    UInt64(u32(b, offset)) | UInt64(u32(b, offset + 4)) << 32
  }

  /// The little-endian IEEE-754 `Float` at `offset`.
  @inline(__always)
  static func f32(_ b: [UInt8], _ offset: Int) -> Float {
    Float(bitPattern: u32(b, offset))
  }

  static func append(_ v: UInt16, to out: inout [UInt8]) {
    out.append(UInt8(truncatingIfNeeded: v))
    out.append(UInt8(truncatingIfNeeded: v >> 8))
  }

  static func append(_ v: Int16, to out: inout [UInt8]) {
    append(UInt16(bitPattern: v), to: &out)
  }

  static func append(_ v: UInt32, to out: inout [UInt8]) {
    append(UInt16(truncatingIfNeeded: v), to: &out)
    append(UInt16(truncatingIfNeeded: v >> 16), to: &out)
  }

  static func append(_ v: UInt64, to out: inout [UInt8]) {
    append(UInt32(truncatingIfNeeded: v), to: &out)
    append(UInt32(truncatingIfNeeded: v >> 32), to: &out)
  }

  static func append(_ v: Float, to out: inout [UInt8]) {
    append(v.bitPattern, to: &out)
  }

  /// `value / scale * 32768` rounded to the nearest count and clamped to
  /// the `Int16` range, as a sensor's ADC would saturate.
  ///
  /// - Parameters:
  ///   - value: The physical value.
  ///   - fullScale: The value that maps to 32768 counts.
  /// - Returns: The count; 0 for a non-finite value.
  static func counts(_ value: Double, fullScale: Double) -> Int16 {
    let raw = (value / fullScale * 32768).rounded()
    guard raw.isFinite else { return 0 }
    return Int16(max(-32768, min(32767, raw)))
  }

  /// Appends `value` as fixed-point ASCII with `decimals` fraction digits.
  ///
  /// Rounds half away from zero. `minIntegerDigits` zero-pads the integer
  /// part; `positiveSign` is written before non-negative values (e.g. a
  /// space, as C's `% f` does).
  ///
  /// - Parameters:
  ///   - value: A finite value below 1e15 in magnitude.
  ///   - decimals: Fraction digits, 0...9.
  ///   - minIntegerDigits: Zero-pad the integer part to this many digits.
  ///   - positiveSign: Written before non-negative values, if any.
  ///   - out: Receives the text.
  static func appendFixed(
    _ value: Double, decimals: Int, minIntegerDigits: Int = 1,
    positiveSign: UInt8? = nil, to out: inout [UInt8]
  ) {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    guard value.isFinite, scaled < 9e18 else {
      out.append(contentsOf: Array("nan".utf8))
      return
    }
    var magnitude = UInt64(scaled)
    if value < 0 && magnitude != 0 {
      out.append(0x2D)
    } else if let sign = positiveSign {
      out.append(sign)
    }
    // Digits, least significant first, in a fixed-size buffer (no heap).
    var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
    var count = 0
    withUnsafeMutableBytes(of: &digits) { buffer in
      repeat {
        buffer[count] = 0x30 + UInt8(magnitude % 10)
        magnitude /= 10
        count += 1
      } while magnitude > 0
      while count < min(decimals + minIntegerDigits, buffer.count) {
        buffer[count] = 0x30
        count += 1
      }
      for i in stride(from: count - 1, through: 0, by: -1) {
        out.append(buffer[i])
        if i == decimals && decimals > 0 { out.append(0x2E) }
      }
    }
  }

  /// Appends the decimal digits of an unsigned integer.
  ///
  /// - Parameters:
  ///   - value: The integer.
  ///   - out: Receives the text.
  static func appendInteger(_ value: UInt64, to out: inout [UInt8]) {
    var divisor: UInt64 = 1
    while value / divisor >= 10 { divisor *= 10 }
    var rest = value
    while divisor > 0 {
      out.append(0x30 + UInt8(rest / divisor))
      rest %= divisor
      divisor /= 10
    }
  }
}
