/// Builds the exact lines the text-printing sketches send.
///
/// Every line ends with `\r\n`, as Arduino's `Serial.println` writes.
public enum TextLineEncoder {
  /// The comment block and header a HipForm CSV sketch prints at boot.
  ///
  /// - Parameters:
  ///   - rate: The nominal sample rate, Hz.
  ///   - sensor: A free-text sensor description, if any.
  ///   - hasGyro: Whether the `gx,gy,gz` columns are present.
  /// - Returns: The lines, `\r\n`-terminated.
  public static func csvPreamble(
    rate: Double, sensor: String? = nil, hasGyro: Bool = true
  ) -> [UInt8] {
    var out: [UInt8] = []
    line("# hipform-csv: 1", to: &out)
    if let sensor { line("# sensor: " + sensor, to: &out) }
    var rateText: [UInt8] = Array("# rate_hz: ".utf8)
    ByteCoding.appendFixed(
      rate, decimals: rate == rate.rounded() ? 0 : 3, to: &rateText)
    line(String(decoding: rateText, as: UTF8.self), to: &out)
    line("# accel_unit: g", to: &out)
    if hasGyro { line("# gyro_unit: dps", to: &out) }
    line(hasGyro ? "seq,t_us,ax,ay,az,gx,gy,gz" : "seq,t_us,ax,ay,az", to: &out)
    return out
  }

  /// Appends one HipForm CSV data line, `seq,t_us,ax,ay,az[,gx,gy,gz]`.
  ///
  /// Acceleration is written in g with 5 decimals and angular rate in °/s
  /// with 3, so a round trip is exact to 5e-6 g and 5e-4 °/s.
  ///
  /// - Parameters:
  ///   - sample: The sample; its angular rate is written when present.
  ///   - sequence: The sketch's `u32` line counter.
  ///   - microseconds: The sketch's `u32` `micros()` value.
  ///   - out: Receives the line.
  public static func appendCSV(
    _ sample: Sample, sequence: UInt32, microseconds: UInt32,
    to out: inout [UInt8]
  ) {
    ByteCoding.appendInteger(UInt64(sequence), to: &out)
    out.append(0x2C)
    ByteCoding.appendInteger(UInt64(microseconds), to: &out)
    let a = sample.acceleration
    for v in [a.x, a.y, a.z] {
      out.append(0x2C)
      ByteCoding.appendFixed(v, decimals: 5, to: &out)
    }
    if let w = sample.angularRate {
      for v in [w.x, w.y, w.z] {
        out.append(0x2C)
        ByteCoding.appendFixed(v, decimals: 3, to: &out)
      }
    }
    out.append(contentsOf: [0x0D, 0x0A])
  }

  /// Appends one Adafruit `plotter.ino` line, in m/s² and rad/s with 2
  /// decimals.
  ///
  /// - Parameters:
  ///   - sample: The sample; gyro fields are written when it has angular
  ///     rate.
  ///   - out: Receives the line.
  public static func appendAdafruit(_ sample: Sample, to out: inout [UInt8]) {
    let a = sample.acceleration * Units.standardGravity
    field("AccelX:", a.x, first: true, to: &out)
    field("AccelY:", a.y, to: &out)
    field("AccelZ:", a.z, to: &out)
    if let w = sample.angularRate {
      let r = w / Units.degreesPerRadian
      out.append(contentsOf: [0x2C, 0x20])
      field("GyroX:", r.x, first: true, to: &out)
      field("GyroY:", r.y, to: &out)
      field("GyroZ:", r.z, to: &out)
    }
    out.append(contentsOf: [0x0D, 0x0A])
  }

  /// Appends one SparkFun ICM-20948 `Example1_Basics` line.
  ///
  /// Acceleration in mg and angular rate in °/s, formatted as the sketch's
  /// `printFormattedFloat(val, 5, 2)` does (sign or space, five integer
  /// digits, two decimals). The magnetometer is not part of a sample and is
  /// written as zeros.
  ///
  /// - Parameters:
  ///   - sample: The sample; angular rate zero when it has none.
  ///   - temperature: The temperature field, °C.
  ///   - out: Receives the line.
  public static func appendSparkFun(
    _ sample: Sample, temperature: Double = 25, to out: inout [UInt8]
  ) {
    let mg = sample.acceleration * 1000
    let w = sample.angularRate ?? .zero
    out.append(contentsOf: Array("Scaled. Acc (mg) [ ".utf8))
    sparkfunTriple(mg, to: &out)
    out.append(contentsOf: Array(" ], Gyr (DPS) [ ".utf8))
    sparkfunTriple(w, to: &out)
    out.append(contentsOf: Array(" ], Mag (uT) [ ".utf8))
    sparkfunTriple(.zero, to: &out)
    out.append(contentsOf: Array(" ], Tmp (C) [ ".utf8))
    sparkfunNumber(temperature, to: &out)
    out.append(contentsOf: Array(" ]\r\n".utf8))
  }

  private static func line(_ text: String, to out: inout [UInt8]) {
    out.append(contentsOf: Array(text.utf8))
    out.append(contentsOf: [0x0D, 0x0A])
  }

  private static func field(
    _ label: String, _ value: Double, first: Bool = false,
    to out: inout [UInt8]
  ) {
    if !first { out.append(0x2C) }
    out.append(contentsOf: Array(label.utf8))
    ByteCoding.appendFixed(value, decimals: 2, to: &out)
  }

  private static func sparkfunTriple(_ v: Vector3, to out: inout [UInt8]) {
    sparkfunNumber(v.x, to: &out)
    out.append(contentsOf: [0x2C, 0x20])
    sparkfunNumber(v.y, to: &out)
    out.append(contentsOf: [0x2C, 0x20])
    sparkfunNumber(v.z, to: &out)
  }

  private static func sparkfunNumber(_ v: Double, to out: inout [UInt8]) {
    ByteCoding.appendFixed(
      v, decimals: 2, minIntegerDigits: 5, positiveSign: 0x20, to: &out)
  }
}
