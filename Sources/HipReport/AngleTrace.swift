import Foundation
import HipCore

/// The session's attitude over time, downsampled for a chart.
///
/// Fed the analyzer's live status after each sample, it keeps one point per
/// ``interval`` seconds of recording time, never more than
/// ``maximumPoints``: past that it halves its points and doubles the
/// interval, so a long session costs the same memory as a short one. It
/// also notes when each movement left rest, the anchors that the excursion
/// (``excursionDegrees()``) is measured from.
public struct AngleTrace: Sendable, Equatable {
  /// One point of the trace.
  public struct Point: Sendable, Equatable {
    /// Recording time, s.
    public var time: Double
    /// Sagittal tilt, degrees (`recording-format.md`).
    public var tiltDegrees: Double
    /// Right side above left, degrees.
    public var levelDegrees: Double

    public init(time: Double, tiltDegrees: Double, levelDegrees: Double) {
      self.time = time
      self.tiltDegrees = tiltDegrees
      self.levelDegrees = levelDegrees
    }

    /// The sky's direction in the body frame, rebuilt from the two angles.
    var up: (x: Double, y: Double, z: Double) {
      let tilt = tiltDegrees * .pi / 180
      let level = levelDegrees * .pi / 180
      let c = cos(level)
      return (-c * sin(tilt), c * cos(tilt), sin(level))
    }
  }

  /// Seconds between kept points (grows when the trace is thinned).
  public private(set) var interval: Double
  /// The most points kept at once.
  public let maximumPoints: Int
  public private(set) var points: [Point] = []
  /// Times at which the body was at rest before a movement, s.
  ///
  /// A rep's start and end; the moment any other movement (a hold, a
  /// fidget) was seen to leave rest.
  public var restTimes: [Double] {
    let starts = movementStarts.filter { time in
      !repSpans.contains { time > $0.lowerBound && time < $0.upperBound }
    }
    return (starts + repSpans.flatMap { [$0.lowerBound, $0.upperBound] })
      .sorted()
  }
  private var movementStarts: [Double] = []
  private var repSpans: [ClosedRange<Double>] = []

  /// Creates an empty trace.
  ///
  /// - Parameters:
  ///   - interval: Seconds between points; 0.1 s draws reps of a second
  ///     or more smoothly.
  ///   - maximumPoints: The bound on memory (and on the chart's size).
  public init(interval: Double = 0.1, maximumPoints: Int = 4000) {
    self.interval = interval
    self.maximumPoints = Swift.max(16, maximumPoints)
  }

  /// Adds the status after a sample, if a point is due.
  ///
  /// - Parameter status: The analyzer's status.
  public mutating func add(_ status: SessionAnalyzer.Status) {
    add(
      time: status.time, tiltDegrees: status.tiltDegrees,
      levelDegrees: status.levelDegrees)
  }

  /// Adds an attitude, if a point is due.
  ///
  /// - Parameters:
  ///   - time: Recording time, s.
  ///   - tiltDegrees: Sagittal tilt, degrees.
  ///   - levelDegrees: Right side above left, degrees.
  public mutating func add(
    time: Double, tiltDegrees: Double, levelDegrees: Double
  ) {
    if let last = points.last, time < last.time + interval { return }
    guard time.isFinite, tiltDegrees.isFinite, levelDegrees.isFinite else {
      return
    }
    points.append(
      Point(time: time, tiltDegrees: tiltDegrees, levelDegrees: levelDegrees))
    if points.count > maximumPoints {
      points = stride(from: 0, to: points.count, by: 2).map { points[$0] }
      interval *= 2
    }
  }

  /// Notes an analysis event: a movement's start marks a rest.
  ///
  /// - Parameter event: An event of the analysis.
  public mutating func note(_ event: AnalysisEvent) {
    switch event {
    case .movementStarted(let time):
      movementStarts.append(time)
    case .repCompleted(let rep):
      repSpans.append(
        rep.startSeconds...Swift.max(rep.startSeconds, rep.endSeconds))
    default:
      break
    }
  }

  /// The angle away from the last rest at each point, degrees.
  ///
  /// The angle between the sky's direction now and at the latest rest
  /// before (the first rest for points before it): 0 at rest, the range of
  /// motion at a rep's top.
  ///
  /// - Returns: One value per point of ``points``.
  public func excursionDegrees() -> [Double] {
    guard !points.isEmpty else { return [] }
    let rests = restTimes
    var restIndex = 0
    var reference = upAt(rests.first ?? points[0].time)
    return points.map { point in
      while restIndex < rests.count, rests[restIndex] <= point.time {
        reference = upAt(rests[restIndex])
        restIndex += 1
      }
      let up = point.up
      let dot = up.x * reference.x + up.y * reference.y + up.z * reference.z
      return acos(Swift.min(1, Swift.max(-1, dot))) * 180 / .pi
    }
  }

  /// The sky's direction at the point nearest a time.
  private func upAt(_ time: Double) -> (x: Double, y: Double, z: Double) {
    var low = 0
    var high = points.count - 1
    while low < high {
      let middle = (low + high) / 2
      if points[middle].time < time { low = middle + 1 } else { high = middle }
    }
    return points[low].up
  }
}
