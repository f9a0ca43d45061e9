import Foundation
import HipCore

/// A small builder of inline SVG charts: a plot area, linear scales,
/// ticks, and elements as text.
///
/// Coordinates are written with one decimal, so the same values give the
/// same bytes.
struct SVGChart {
  var width: Double
  var height: Double
  var left = 52.0
  var right = 14.0
  var top = 26.0
  var bottom = 36.0
  var xRange: ClosedRange<Double>
  var yRange: ClosedRange<Double>
  var label: String
  private(set) var body: [String] = []

  init(
    width: Double, height: Double, x: ClosedRange<Double>,
    y: ClosedRange<Double>, label: String
  ) {
    self.width = width
    self.height = height
    xRange = x.lowerBound < x.upperBound ? x : x.lowerBound...x.lowerBound + 1
    yRange = y.lowerBound < y.upperBound ? y : y.lowerBound...y.lowerBound + 1
    self.label = label
  }

  var plotWidth: Double { width - left - right }
  var plotHeight: Double { height - top - bottom }

  func x(_ value: Double) -> Double {
    left + (value - xRange.lowerBound)
      / (xRange.upperBound - xRange.lowerBound) * plotWidth
  }

  func y(_ value: Double) -> Double {
    top + plotHeight
      - (value - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound)
      * plotHeight
  }

  mutating func add(_ element: String) { body.append(element) }

  /// A rectangle in data coordinates, clipped to the plot.
  mutating func band(
    x0: Double, x1: Double, y0: Double? = nil, y1: Double? = nil,
    cssClass: String, title: String? = nil, extra: String = ""
  ) {
    let left = Swift.max(x(x0), self.left)
    let right = Swift.min(x(x1), self.left + plotWidth)
    let top = y1.map { Swift.max(y($0), self.top) } ?? self.top
    let bottom =
      y0.map { Swift.min(y($0), self.top + plotHeight) }
      ?? self.top + plotHeight
    guard right > left, bottom >= top else { return }
    var element =
      "<rect class=\"\(cssClass)\"\(extra) x=\"\(n(left))\" y=\"\(n(top))\" "
      + "width=\"\(n(Swift.max(right - left, 1)))\" "
      + "height=\"\(n(Swift.max(bottom - top, 0.5)))\""
    if let title {
      element += "><title>\(Escape.html(title))</title></rect>"
    } else {
      element += "/>"
    }
    add(element)
  }

  /// A horizontal line across the plot at a data value.
  mutating func rule(y value: Double, cssClass: String) {
    add(
      "<line class=\"\(cssClass)\" x1=\"\(n(left))\" x2=\"\(n(left + plotWidth))\" "
        + "y1=\"\(n(y(value)))\" y2=\"\(n(y(value)))\"/>")
  }

  /// A polyline through data points.
  mutating func line(
    _ points: [(Double, Double)], cssClass: String, extra: String = ""
  ) {
    guard !points.isEmpty else { return }
    let text = points.map { "\(n(x($0.0))),\(n(y($0.1)))" }
      .joined(separator: " ")
    add(
      "<polyline class=\"\(cssClass)\"\(extra) fill=\"none\" points=\"\(text)\"/>"
    )
  }

  /// Text at a position in pixels.
  mutating func text(
    _ content: String, px: Double, py: Double, cssClass: String,
    anchor: String = "middle"
  ) {
    add(
      "<text class=\"\(cssClass)\" x=\"\(n(px))\" y=\"\(n(py))\" "
        + "text-anchor=\"\(anchor)\">\(Escape.html(content))</text>")
  }

  /// Grid lines and labels on both axes.
  mutating func axes(
    xTitle: String, yTitle: String,
    xLabel: (Double) -> String = { SVGChart.fmt($0) },
    yLabel: (Double) -> String = { SVGChart.fmt($0) }, xTickCount: Int = 10,
    xTicks: [Double]? = nil
  ) {
    for tick in Self.ticks(yRange, count: 5) {
      let py = y(tick)
      add(
        "<line class=\"grid\" x1=\"\(n(left))\" x2=\"\(n(left + plotWidth))\" "
          + "y1=\"\(n(py))\" y2=\"\(n(py))\"/>")
      text(
        yLabel(tick), px: left - 6, py: py + 4, cssClass: "tick", anchor: "end")
    }
    for tick in xTicks ?? Self.ticks(xRange, count: xTickCount) {
      text(
        xLabel(tick), px: x(tick), py: top + plotHeight + 16, cssClass: "tick")
    }
    add(
      "<line class=\"axis\" x1=\"\(n(left))\" x2=\"\(n(left + plotWidth))\" "
        + "y1=\"\(n(top + plotHeight))\" y2=\"\(n(top + plotHeight))\"/>")
    // Above the bottom edge by a descender ("rep", "(min:s)").
    text(
      xTitle, px: left + plotWidth, py: height - 4, cssClass: "axis-title",
      anchor: "end")
    text(yTitle, px: 4, py: 12, cssClass: "axis-title", anchor: "start")
  }

  /// The chart as an `<svg>` element that scales to its container.
  func render(cssClass: String) -> String {
    "<svg class=\"\(cssClass)\" viewBox=\"0 0 \(n(width)) \(n(height))\" "
      + "role=\"img\" aria-label=\"\(Escape.html(label))\" "
      + "xmlns=\"http://www.w3.org/2000/svg\">\n"
      + body.joined(separator: "\n") + "\n</svg>"
  }

  /// Round tick values inside a range: steps of 1, 2 or 5 times a power
  /// of ten.
  static func ticks(_ range: ClosedRange<Double>, count: Int) -> [Double] {
    let span = range.upperBound - range.lowerBound
    guard span > 0, span.isFinite, count > 0 else { return [] }
    let raw = span / Double(count)
    let power = pow(10, floor(log10(raw)))
    let step =
      [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= raw } ?? 10 * power
    var result: [Double] = []
    var value = (range.lowerBound / step).rounded(.up) * step
    while value <= range.upperBound + step * 1e-9 {
      result.append(value == 0 ? 0 : value)
      value += step
    }
    return result
  }

  /// The first tick at or above `high` for a range from `low` in about
  /// `count` steps: the top of the chart is a labelled grid line, and no
  /// point sits above the highest label.
  static func tickAbove(_ high: Double, from low: Double, count: Int = 5)
    -> Double
  {
    let ticks = Self.ticks(low...high, count: count)
    guard ticks.count >= 2, let last = ticks.last, last < high else {
      return high
    }
    return last + (ticks[1] - ticks[0])
  }

  /// A tick label: no decimals for whole numbers.
  static func fmt(_ value: Double) -> String {
    value == value.rounded()
      ? NumberText.fixed(value, 0) : NumberText.fixed(value, 1)
  }
}

/// A coordinate with one decimal.
private func n(_ value: Double) -> String { NumberText.fixed(value, 1) }
