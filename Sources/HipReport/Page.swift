/// An HTML page with the reports' shared stylesheet.
struct Page {
  var title = ""
  /// Rules only some pages need (walking's), after the shared ones: pages
  /// without them stay as they were.
  var extraCSS = ""
  private var sections: [String] = []

  mutating func add(_ html: String) {
    if !html.isEmpty { sections.append(html) }
  }

  func render() -> String {
    """
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="generator" content="hipform">
    <title>\(Escape.html(title))</title>
    <style>
    \(Self.css)\(extraCSS.isEmpty ? "" : "\n" + extraCSS)
    </style>
    </head>
    <body>
    <main>
    \(sections.joined(separator: "\n"))
    </main>
    </body>
    </html>

    """
  }

  /// Walking's steps, per leg: the colours of left and right elsewhere.
  static let walkingCSS = """
    .step-dot.left, .key.left { fill: #0f766e; color: #0f766e; }
    .step-dot.right, .key.right { fill: #7c3aed; color: #7c3aed; }
    .walk-mean { stroke: var(--ink); stroke-width: 2.5; }
    .drop-line { stroke-width: 1.4; stroke-opacity: 0.6; }
    .drop-line.left { stroke: #0f766e; }
    .drop-line.right { stroke: #7c3aed; }
    .drop-mean { stroke-width: 1.5; stroke-dasharray: 6 4; }
    .drop-mean.left { stroke: #0f766e; }
    .drop-mean.right { stroke: #7c3aed; }
    .trend-line.left { stroke: #0f766e; }
    .trend-line.right { stroke: #7c3aed; }
    .dot.left { fill: #0f766e; }
    .dot.right { fill: #7c3aed; }
    .dot.missing { fill: #b91c1c; }
    """

  static let css = """
    :root { --good: #2e7d32; --good-bg: #e3f1e4; --watch: #b45309;
      --watch-bg: #fdf0dc; --ink: #1f2933; --muted: #5f6b7a;
      --line: #d5dbe3; --accent: #1d4ed8; }
    * { box-sizing: border-box; }
    body { margin: 0; background: #f6f7f9; color: var(--ink);
      font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto,
      "DejaVu Sans", sans-serif; }
    main { max-width: 1140px; margin: 0 auto; padding: 20px 20px 40px; }
    header h1 { margin: 0 0 2px; font-size: 30px; }
    .facts, .caption, figcaption { color: var(--muted); margin: 4px 0 10px; }
    section { background: #fff; border: 1px solid var(--line);
      border-radius: 10px; padding: 14px 18px; margin: 14px 0; }
    h2 { font-size: 18px; margin: 0 0 6px; }
    .notice { background: #fde8e8; border: 1px solid #f3b4b4;
      border-radius: 8px; padding: 10px 14px; font-weight: 600; }
    .tiles { display: grid; gap: 10px;
      grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); }
    .tile { border-radius: 8px; padding: 10px 12px; background: #eef1f5;
      border-left: 6px solid #9aa5b1; }
    .tile.good { background: var(--good-bg); border-left-color: var(--good); }
    .tile.watch { background: var(--watch-bg);
      border-left-color: var(--watch); }
    .tile .label { font-size: 13px; color: var(--muted); }
    .tile .value { font-size: 26px; font-weight: 700; }
    .tile .detail { font-size: 12px; color: var(--muted); }
    .summary { font-size: 17px; margin: 12px 0 0; }
    .summary.good { color: var(--good); }
    .note { margin: 8px 0 0; white-space: pre-wrap; }
    .grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 14px; }
    figure { margin: 0; }
    svg.chart { width: 100%; height: auto; display: block; }
    .grid { stroke: #e6e9ee; stroke-width: 1; }
    .axis { stroke: #9aa5b1; stroke-width: 1; }
    .tick { font-size: 11px; fill: var(--muted); }
    .axis-title { font-size: 11px; fill: var(--muted); }
    .set-band { fill: #eef1f5; }
    .set-label { font-size: 12px; fill: var(--muted); font-weight: 600; }
    .hold-band { fill: #dbe7fb; }
    .away-band { fill: #f3f4f6; }
    .away-label { font-size: 12px; fill: var(--muted); font-style: italic; }
    .hold-label { font-size: 12px; fill: var(--accent); font-weight: 600; }
    .rep-band.good { fill: var(--good); fill-opacity: 0.16; }
    .rep-band.watch { fill: var(--watch); fill-opacity: 0.22; }
    .rep-band.partial { fill: #9aa5b1; fill-opacity: 0.25; }
    .rep-number { font-size: 11px; font-weight: 700; }
    .rep-number.good { fill: var(--good); }
    .rep-number.watch { fill: var(--watch); }
    .rep-number.partial { fill: var(--muted); }
    .trace { stroke: var(--accent); stroke-width: 1.6; }
    .trace.sketch { stroke-dasharray: 4 3; }
    .level-trace { stroke: #7c3aed; stroke-width: 1.4; }
    .rep-tick { fill: #eef1f5; }
    .ok-band { fill: var(--good); fill-opacity: 0.10; }
    .zero { stroke: #9aa5b1; stroke-width: 1; }
    .target { stroke: var(--ink); stroke-width: 1.5; stroke-dasharray: 5 3; }
    .bar.neutral { fill: #64748b; }
    .bar.good { fill: var(--good); }
    .bar.watch { fill: var(--watch); }
    .bar.partial { fill: #cbd2d9; }
    .bar.tempo.lift { fill: #93b4f0; }
    .bar.tempo.lower.good { fill: var(--accent); }
    .bar.tempo.lower.watch { fill: var(--watch); }
    .side-bar.left { fill: #0f766e; }
    .side-bar.right { fill: #7c3aed; }
    .side-row { font-size: 13px; font-weight: 600; }
    .side-value { font-size: 12px; }
    .fatigue-line { stroke-width: 2; }
    .fatigue-line.s0 { stroke: var(--accent); }
    .fatigue-line.s1 { stroke: #0f766e; }
    .fatigue-line.s2 { stroke: #7c3aed; }
    .fatigue-line.s3 { stroke: #b45309; }
    .pain-low { fill: var(--good); fill-opacity: 0.25; }
    .pain-high { fill: var(--watch); fill-opacity: 0.18; }
    .pain-marker { fill: var(--ink); }
    .pain-value { font-size: 14px; font-weight: 700; }
    table.reps { border-collapse: collapse; width: 100%; font-size: 14px; }
    table.reps th { text-align: left; color: var(--muted);
      font-weight: 600; border-bottom: 2px solid var(--line); }
    table.reps td, table.reps th { padding: 4px 8px; }
    table.reps tr + tr td { border-top: 1px solid #eef1f5; }
    table.reps tr.good .mark { color: var(--good); font-weight: 700; }
    table.reps tr.watch .mark { color: var(--watch); font-weight: 700; }
    table.reps tr.partial td { color: var(--muted); }
    .limits { border-left: 6px solid #b91c1c; }
    .trend-hint { font-size: 18px; font-weight: 600; }
    .trend-hint.progress { color: var(--good); }
    .trend-hint.scaleBack { color: #b91c1c; }
    .dot { fill: var(--accent); }
    .dot.missing { fill: #b91c1c; }
    .trend-line { stroke: var(--accent); stroke-width: 2; }
    @media (max-width: 640px) {
      main { padding: 12px 8px 32px; }
      .grid2 { grid-template-columns: 1fr; }
      table.reps { font-size: 12px; }
      table.reps td, table.reps th { padding: 3px 3px; }
    }
    @media print { body { background: #fff; } section { break-inside: avoid; } }
    """
}
