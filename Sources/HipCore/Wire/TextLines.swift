/// Decoder for sensors that print text lines: the HipForm CSV sketch format
/// and the Adafruit and SparkFun example sketches.
///
/// Lines end with LF; a trailing CR is stripped. With ``Layout/auto`` each
/// line picks its own layout: `Scaled.` starts a SparkFun line, `AccelX:`
/// marks an Adafruit line, anything else is read as CSV.
///
/// **HipForm CSV** (see `Firmware-notes/arduino-text.md`):
/// ```
/// # hipform-csv: 1
/// # rate_hz: 100
/// # accel_unit: g
/// # gyro_unit: dps
/// seq,t_us,ax,ay,az,gx,gy,gz
/// 0,1000123,0.01230,-0.99810,0.04560,0.120,-0.050,0.330
/// ```
/// `#` lines are comments; `rate_hz`, `accel_unit` (`g`, `mg`, `m/s2`) and
/// `gyro_unit` (`dps`, `rad/s`) in them are honoured. The header names the
/// columns in any order: `ax,ay,az` are required, `gx,gy,gz` all or none,
/// `seq` (a `u32` counter), `t_us` (`u32` `micros()`) or `t_ms` (`u32`
/// `millis()`) and `temp_c` are optional, other columns are ignored. Before
/// any header, a line of 7 fields is read as `t_us,ax,ay,az,gx,gy,gz`, of 6
/// as `ax,ay,az,gx,gy,gz`, of 4 as `t_us,ax,ay,az` and of 3 as `ax,ay,az`;
/// the first two lines in a row with the same count fix the layout, and
/// later lines of another count are garbled.
///
/// **Adafruit** `plotter.ino`:
/// `AccelX:0.12,AccelY:-0.30,AccelZ:9.79, GyroX:0.00,GyroY:0.01,GyroZ:0.00`
/// in m/s² and rad/s. **SparkFun** ICM-20948 `Example1_Basics`:
/// `Scaled. Acc (mg) [ x, y, z ], Gyr (DPS) [ x, y, z ], Mag (uT) [...],
/// Tmp (C) [ t ]`, acceleration in mg.
///
/// A line that fits no layout (boot messages, ESP32 ROM output at the wrong
/// baud, prose) is skipped and counted in
/// ``DecoderCounters/unparsableLines``; a line with a `nan`, `inf` or empty
/// value is skipped the same way, never read as zero.
public struct TextLineDecoder: SampleDecoder {
  /// Which line layouts to accept.
  public enum Layout: String, Sendable, Hashable, CaseIterable {
    /// Decide per line.
    case auto
    /// HipForm CSV only.
    case csv
    /// Adafruit `AccelX:...` lines only.
    case adafruit
    /// SparkFun `Scaled. Acc (mg) [...]` lines only.
    case sparkfun
  }

  /// Acceleration units a CSV sketch may declare.
  public enum AccelerationUnit: String, Sendable, Hashable, CaseIterable {
    case g
    case milliG = "mg"
    case metersPerSecondSquared = "m/s2"

    /// Multiply by this to get g.
    public var toG: Double {
      switch self {
      case .g: 1
      case .milliG: 0.001
      case .metersPerSecondSquared: 1 / Units.standardGravity
      }
    }
  }

  /// Angular-rate units a CSV sketch may declare.
  public enum AngularRateUnit: String, Sendable, Hashable, CaseIterable {
    case degreesPerSecond = "dps"
    case radiansPerSecond = "rad/s"

    /// Multiply by this to get degrees per second.
    public var toDegreesPerSecond: Double {
      switch self {
      case .degreesPerSecond: 1
      case .radiansPerSecond: Units.degreesPerRadian
      }
    }
  }

  /// What a CSV column holds.
  public enum Column: String, Sendable, Hashable, CaseIterable {
    case sequence = "seq"
    case microseconds = "t_us"
    case milliseconds = "t_ms"
    case ax, ay, az, gx, gy, gz
    case temperature = "temp_c"
    /// A column this decoder does not read.
    case ignored = ""
  }

  /// The longest line kept, in bytes.
  public static let maximumLineLength = 512

  public let layout: Layout
  public private(set) var counters = DecoderCounters()
  /// The CSV columns from the last header line, if one was seen.
  public private(set) var columns: [Column]?
  /// Acceleration unit of CSV lines (from `# accel_unit:`, default g).
  public private(set) var accelerationUnit = AccelerationUnit.g
  /// Angular-rate unit of CSV lines (from `# gyro_unit:`, default dps).
  public private(set) var angularRateUnit = AngularRateUnit.degreesPerSecond
  public private(set) var declaredRate: Double?
  private var line: [UInt8] = []
  private var overflow = false
  /// The field count two headerless data lines in a row agreed on.
  private var headerlessFieldCount: Int?
  /// A headerless data line waiting for the next to confirm its layout.
  private var unconfirmed: (fieldCount: Int, sample: DecodedSample)?
  /// The line just confirmed, handed out before the one that confirmed it.
  private var confirmed: DecodedSample?

  /// Creates a decoder.
  ///
  /// - Parameter layout: Which line layouts to accept.
  public init(layout: Layout = .auto) {
    self.layout = layout
    line.reserveCapacity(128)
  }

  public mutating func decode(
    _ bytes: ArraySlice<UInt8>, into samples: inout [DecodedSample]
  ) {
    counters.bytesReceived += bytes.count
    for byte in bytes {
      if byte == 0x0A {
        endLine(into: &samples)
      } else if overflow {
        counters.bytesSkipped += 1
      } else if line.count >= Self.maximumLineLength {
        overflow = true
        counters.bytesSkipped += line.count + 1
        line.removeAll(keepingCapacity: true)
      } else {
        line.append(byte)
      }
    }
  }

  public mutating func finish(into samples: inout [DecodedSample]) {
    if let waiting = unconfirmed {
      // Nothing came to contradict it: a stream of one line.
      unconfirmed = nil
      emit(waiting.sample, into: &samples)
    }
    if !line.isEmpty || overflow {
      counters.truncatedFrames += 1
      counters.bytesSkipped += line.count
    }
    line.removeAll(keepingCapacity: true)
    overflow = false
  }

  private mutating func endLine(into samples: inout [DecodedSample]) {
    defer {
      line.removeAll(keepingCapacity: true)
      overflow = false
    }
    if overflow {
      counters.unparsableLines += 1
      return
    }
    var end = line.endIndex
    if end > 0, line[end - 1] == 0x0D { end -= 1 }
    var start = 0
    while start < end, line[start] == 0x20 || line[start] == 0x09 {
      start += 1
    }
    guard start < end else { return }
    let text = line[start..<end]
    let sample: DecodedSample?
    switch layout {
    case .csv: sample = csvLine(text)
    case .adafruit: sample = Self.adafruitLine(text) ?? unparsable()
    case .sparkfun: sample = Self.sparkfunLine(text) ?? unparsable()
    case .auto:
      if Self.hasPrefix(text, Self.sparkfunPrefix) {
        sample = Self.sparkfunLine(text) ?? unparsable()
      } else if XIMU3Decoder.find(Self.adafruitMarker, in: text) != nil {
        sample = Self.adafruitLine(text) ?? unparsable()
      } else {
        sample = csvLine(text)
      }
    }
    if let early = confirmed {
      confirmed = nil
      emit(early, into: &samples)
    }
    guard let sample else { return }
    emit(sample, into: &samples)
  }

  private mutating func emit(
    _ sample: DecodedSample, into samples: inout [DecodedSample]
  ) {
    counters.framesDecoded += 1
    counters.samplesDecoded += 1
    samples.append(sample)
  }

  private mutating func unparsable() -> DecodedSample? {
    counters.unparsableLines += 1
    return nil
  }

  // MARK: - CSV

  private mutating func csvLine(_ text: ArraySlice<UInt8>) -> DecodedSample? {
    guard let first = text.first else { return nil }
    if first == UInt8(ascii: "#") {
      comment(text.dropFirst())
      counters.otherFrames += 1
      return nil
    }
    let isLetter = (first | 0x20) >= 0x61 && (first | 0x20) <= 0x7A
    if isLetter { return header(text) }
    return csvData(text)
  }

  private mutating func comment(_ text: ArraySlice<UInt8>) {
    guard let colon = text.firstIndex(of: 0x3A) else { return }
    let key = Self.trimmed(text[text.startIndex..<colon])
    let value = Self.trimmed(text[(colon + 1)...])
    switch String(decoding: key, as: UTF8.self) {
    case "rate_hz":
      if let r = DecimalParser.parse(value), r > 0, r.isFinite {
        declaredRate = r
      }
    case "accel_unit":
      if let u = AccelerationUnit(
        rawValue: String(decoding: value, as: UTF8.self))
      {
        accelerationUnit = u
      }
    case "gyro_unit":
      if let u = AngularRateUnit(
        rawValue: String(decoding: value, as: UTF8.self))
      {
        angularRateUnit = u
      }
    default: break
    }
  }

  private mutating func header(_ text: ArraySlice<UInt8>) -> DecodedSample? {
    var found: [Column] = []
    var start = text.startIndex
    for i in text.startIndex...text.endIndex
    where i == text.endIndex || text[i] == 0x2C {
      let name = String(decoding: Self.trimmed(text[start..<i]), as: UTF8.self)
      found.append(Column(rawValue: name) ?? .ignored)
      start = i + 1
    }
    let accel = [Column.ax, .ay, .az].filter { found.contains($0) }.count
    let gyro = [Column.gx, .gy, .gz].filter { found.contains($0) }.count
    let times = [Column.microseconds, .milliseconds].filter {
      found.contains($0)
    }.count
    guard accel == 3, gyro == 0 || gyro == 3, times <= 1,
      found.count <= 32
    else { return unparsable() }
    // A header that changes the time column mid-stream (noise that looks
    // like one, or a sketch restarted with another layout) would mix
    // device time with paced time, and time would go backwards: the
    // stream keeps its time base (found by FuzzTests).
    if let current = columns
      ?? headerlessFieldCount.flatMap(Self.defaultColumns)
    {
      for time in [Column.microseconds, .milliseconds]
      where current.contains(time) != found.contains(time) {
        return unparsable()
      }
    }
    columns = found
    counters.otherFrames += 1
    return nil
  }

  private static func defaultColumns(_ count: Int) -> [Column]? {
    switch count {
    case 7: [.microseconds, .ax, .ay, .az, .gx, .gy, .gz]
    case 6: [.ax, .ay, .az, .gx, .gy, .gz]
    case 4: [.microseconds, .ax, .ay, .az]
    case 3: [.ax, .ay, .az]
    default: nil
    }
  }

  private mutating func csvData(_ text: ArraySlice<UInt8>) -> DecodedSample? {
    var fieldCount = 1
    for byte in text where byte == 0x2C { fieldCount += 1 }
    if let columns {
      guard columns.count == fieldCount,
        let sample = csvFields(text, roles: columns)
      else { return unparsable() }
      return sample
    }
    if let agreed = headerlessFieldCount {
      guard fieldCount == agreed, let roles = Self.defaultColumns(agreed),
        let sample = csvFields(text, roles: roles)
      else { return unparsable() }
      return sample
    }
    // Without a header the layout comes from the field count. A reader
    // that starts mid-line sees a cut first line, and garbage can look
    // like a short line, so the layout is taken only when two data lines
    // in a row agree; lines of a different count after that are garbled, so
    // lines with and without a timestamp never mix in one stream.
    guard let roles = Self.defaultColumns(fieldCount),
      let sample = csvFields(text, roles: roles)
    else { return unparsable() }
    if let waiting = unconfirmed, waiting.fieldCount == fieldCount {
      headerlessFieldCount = fieldCount
      unconfirmed = nil
      confirmed = waiting.sample
      return sample
    }
    if unconfirmed != nil { counters.unparsableLines += 1 }
    unconfirmed = (fieldCount, sample)
    return nil
  }

  private func csvFields(_ text: ArraySlice<UInt8>, roles: [Column])
    -> DecodedSample?
  {
    var a = Vector3.zero
    var w = Vector3.zero
    var hasGyro = false
    var temperature: Double?
    var sequence: SequenceNumber?
    var timestamp: DeviceTimestamp?
    var start = text.startIndex
    var column = 0
    for i in text.startIndex...text.endIndex
    where i == text.endIndex || text[i] == 0x2C {
      let field = text[start..<i]
      start = i + 1
      let role = roles[column]
      column += 1
      switch role {
      case .ignored: continue
      case .sequence, .microseconds, .milliseconds:
        guard let n = XIMU3Decoder.parseUnsigned(Self.trimmed(field)),
          n <= UInt64(UInt32.max)
        else { return nil }
        switch role {
        case .sequence: sequence = SequenceNumber(n, bitWidth: 32)
        case .microseconds: timestamp = .microseconds(n, bitWidth: 32)
        default:
          timestamp = DeviceTimestamp(
            ticks: n, bitWidth: 32, ticksPerSecond: 1000)
        }
        continue
      default: break
      }
      guard let x = DecimalParser.parse(field), x.isFinite else {
        return nil
      }
      let g = accelerationUnit.toG
      let dps = angularRateUnit.toDegreesPerSecond
      switch role {
      case .ax: a.x = x * g
      case .ay: a.y = x * g
      case .az: a.z = x * g
      case .gx: w.x = x * dps
      case .gy: w.y = x * dps
      case .gz: w.z = x * dps
      default: temperature = x
      }
      if role == .gx { hasGyro = true }
    }
    return DecodedSample(
      timestamp: timestamp, sequence: sequence, acceleration: a,
      angularRate: hasGyro ? w : nil, temperature: temperature)
  }

  // MARK: - Adafruit

  static let adafruitMarker = ArraySlice("AccelX:".utf8)

  /// `Label:value` pairs separated by commas; m/s² and rad/s.
  static func adafruitLine(_ text: ArraySlice<UInt8>) -> DecodedSample? {
    var values: [Double?] = [nil, nil, nil, nil, nil, nil]
    var start = text.startIndex
    for i in text.startIndex...text.endIndex
    where i == text.endIndex || text[i] == 0x2C {
      let pair = text[start..<i]
      start = i + 1
      guard let colon = pair.firstIndex(of: 0x3A) else { return nil }
      let label = trimmed(pair[pair.startIndex..<colon])
      guard
        let slot = adafruitLabels.firstIndex(where: {
          $0.elementsEqual(label)
        })
      else { continue }
      guard let x = DecimalParser.parse(pair[(colon + 1)...]), x.isFinite
      else { return nil }
      values[slot] = x
    }
    guard let ax = values[0], let ay = values[1], let az = values[2] else {
      return nil
    }
    let g = 1 / Units.standardGravity
    var sample = DecodedSample(acceleration: Vector3(ax * g, ay * g, az * g))
    if let gx = values[3], let gy = values[4], let gz = values[5] {
      let d = Units.degreesPerRadian
      sample.angularRate = Vector3(gx * d, gy * d, gz * d)
    } else if values[3] != nil || values[4] != nil || values[5] != nil {
      return nil
    }
    return sample
  }

  static let adafruitLabels: [ArraySlice<UInt8>] = [
    "AccelX", "AccelY", "AccelZ", "GyroX", "GyroY", "GyroZ",
  ].map { ArraySlice($0.utf8) }

  // MARK: - SparkFun

  static let sparkfunPrefix = ArraySlice("Scaled.".utf8)
  static let sparkfunAcceleration = ArraySlice("Acc (mg) [".utf8)
  static let sparkfunAngularRate = ArraySlice("Gyr (DPS) [".utf8)
  static let sparkfunTemperature = ArraySlice("Tmp (C) [".utf8)

  static func sparkfunLine(_ text: ArraySlice<UInt8>) -> DecodedSample? {
    guard hasPrefix(text, sparkfunPrefix),
      let mg = bracketed(sparkfunAcceleration, in: text, count: 3)
    else { return nil }
    var sample = DecodedSample(
      acceleration: Vector3(mg[0], mg[1], mg[2]) * 0.001)
    if XIMU3Decoder.find(sparkfunAngularRate, in: text) != nil {
      guard let w = bracketed(sparkfunAngularRate, in: text, count: 3) else {
        return nil
      }
      sample.angularRate = Vector3(w[0], w[1], w[2])
    }
    sample.temperature =
      bracketed(sparkfunTemperature, in: text, count: 1)?
      .first
    return sample
  }

  /// The `count` comma-separated numbers after `label` up to `]`.
  static func bracketed(
    _ label: ArraySlice<UInt8>, in text: ArraySlice<UInt8>, count: Int
  ) -> [Double]? {
    guard let at = XIMU3Decoder.find(label, in: text) else { return nil }
    let from = at + label.count
    guard let close = text[from...].firstIndex(of: 0x5D) else { return nil }
    var values: [Double] = []
    var start = from
    for i in from...close where i == close || text[i] == 0x2C {
      guard let x = DecimalParser.parse(text[start..<i]), x.isFinite else {
        return nil
      }
      values.append(x)
      start = i + 1
    }
    return values.count == count ? values : nil
  }

  // MARK: - Helpers

  static func hasPrefix(_ text: ArraySlice<UInt8>, _ prefix: ArraySlice<UInt8>)
    -> Bool
  {
    text.count >= prefix.count
      && text.prefix(prefix.count).elementsEqual(prefix)
  }

  static func trimmed(_ s: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
    var a = s.startIndex
    var b = s.endIndex
    while a < b, s[a] == 0x20 || s[a] == 0x09 { a += 1 }
    while b > a, s[b - 1] == 0x20 || s[b - 1] == 0x09 { b -= 1 }
    return s[a..<b]
  }
}
