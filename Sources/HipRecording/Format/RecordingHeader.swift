import HipCore

/// The metadata of a format-v1 recording (`recording-format.md`).
public struct RecordingHeader: Sendable, Equatable {
  /// Accelerometer unit as declared by `accel_unit`.
  public enum AccelerationUnit: String, Sendable, CaseIterable {
    case g
    case metersPerSecondSquared = "m/s2"

    /// Multiplier from this unit to g.
    public var toG: Double {
      switch self {
      case .g: 1
      case .metersPerSecondSquared: 1 / Units.standardGravity
      }
    }
  }

  /// Gyroscope unit as declared by `gyro_unit`.
  public enum AngularRateUnit: String, Sendable, CaseIterable {
    case degreesPerSecond = "dps"
    case radiansPerSecond = "rad/s"

    /// Multiplier from this unit to degrees per second.
    public var toDegreesPerSecond: Double {
      switch self {
      case .degreesPerSecond: 1
      case .radiansPerSecond: Units.degreesPerRadian
      }
    }
  }

  /// Where the sensor sits on the body.
  public typealias Placement = HipCore.Placement

  /// Format version, from the first line.
  public var version = 1
  /// Nominal sample rate of the device, Hz.
  public var rateHz: Double
  public var accelerationUnit: AccelerationUnit
  /// `nil` when the file declares none (it must when it has gyro columns).
  public var angularRateUnit: AngularRateUnit?
  public var axes: AxesMapping
  public var placement: Placement
  /// Every other `key: value` line, in file order: `sensor`, `started`,
  /// `exercise`, `side`, `subject`, `note` and any key this version does not
  /// know, all passed through untouched.
  public var metadata: [Entry]

  /// One `key: value` metadata line.
  public struct Entry: Sendable, Equatable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
      self.key = key
      self.value = value
    }
  }

  public init(
    rateHz: Double,
    accelerationUnit: AccelerationUnit = .g,
    angularRateUnit: AngularRateUnit? = .degreesPerSecond,
    axes: AxesMapping,
    placement: Placement = .sacrum,
    metadata: [Entry] = []
  ) {
    self.rateHz = rateHz
    self.accelerationUnit = accelerationUnit
    self.angularRateUnit = angularRateUnit
    self.axes = axes
    self.placement = placement
    self.metadata = metadata
  }

  /// The value of a pass-through metadata key, if present.
  public subscript(key: String) -> String? {
    get { metadata.first { $0.key == key }?.value }
    set {
      if let index = metadata.firstIndex(where: { $0.key == key }) {
        if let newValue {
          metadata[index].value = newValue
        } else {
          metadata.remove(at: index)
        }
      } else if let newValue {
        metadata.append(Entry(key: key, value: newValue))
      }
    }
  }

  public var exercise: String? { self["exercise"] }
  public var side: String? { self["side"] }

  /// Keys with a meaning of their own in the header type.
  static let typedKeys: Set<String> = [
    "hipform-recording", "rate_hz", "accel_unit", "gyro_unit", "axes",
    "placement",
  ]
}

extension RecordingHeader {
  /// The header lines as this package writes them: required keys first,
  /// then the pass-through metadata in its original order.
  func formattedLines(hasGyro: Bool) -> [String] {
    var lines = [
      "# hipform-recording: \(version)",
      "# rate_hz: \(formatNumber(rateHz))",
      "# accel_unit: \(accelerationUnit.rawValue)",
    ]
    if hasGyro, let unit = angularRateUnit {
      lines.append("# gyro_unit: \(unit.rawValue)")
    }
    lines.append("# axes: \(axes)")
    lines.append("# placement: \(placement.rawValue)")
    for entry in metadata {
      let value = entry.value.replacing("\n", with: " ")
      lines.append("# \(entry.key): \(value)")
    }
    return lines
  }
}

/// The shortest decimal that reads back as exactly `value`, without a
/// trailing `.0` on whole numbers.
func formatNumber(_ value: Double) -> String {
  // `Int64` would drop the sign of `-0.0`.
  if value == 0 && value.sign == .minus { return "-0" }
  if value == value.rounded(), abs(value) < 1e15 {
    return String(Int64(value))
  }
  return value.description
}
