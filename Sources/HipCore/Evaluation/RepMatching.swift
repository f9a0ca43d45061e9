/// One true rep paired with one detected rep.
public struct RepMatch: Sendable, Equatable, Hashable {
  /// Position in the ground truth's `reps`.
  public var trueIndex: Int
  /// Position in the analysis's `reps`.
  public var detectedIndex: Int

  public init(trueIndex: Int, detectedIndex: Int) {
    self.trueIndex = trueIndex
    self.detectedIndex = detectedIndex
  }
}

/// Pairs detected reps with true ones.
///
/// A detected rep *may* pair with a true rep when each one's peak lies in
/// the other's span (`start_s...end_s`, ends included). Among the pairs
/// allowed, the pairing is one-to-one and optimal: as many pairs as
/// possible, and among those the least total distance between peaks.
/// Reps that overlap in time only through their edges never pair, so a
/// detector cannot score by reporting one long rep over several true ones.
public enum RepMatching {
  /// Whether two reps may be paired.
  ///
  /// They may when each one's peak lies within the other's span. Symmetric;
  /// a rep with a non-finite time never pairs.
  public static func canPair(_ a: some RepTimes, _ b: some RepTimes) -> Bool {
    let times = [
      a.startSeconds, a.peakSeconds, a.endSeconds, b.startSeconds,
      b.peakSeconds, b.endSeconds,
    ]
    guard times.allSatisfy(\.isFinite) else { return false }
    return a.startSeconds <= b.peakSeconds && b.peakSeconds <= a.endSeconds
      && b.startSeconds <= a.peakSeconds && a.peakSeconds <= b.endSeconds
  }

  /// The optimal one-to-one pairing of `truth[trueCandidates]` with
  /// `detected[detectedCandidates]`, sorted by true index.
  ///
  /// Only the candidates listed take part; indices refer to the full
  /// arrays. Pairs form components (reps linked by allowed pairs), and each
  /// component is solved on its own, so the cost stays near linear for
  /// reps that follow one another in time.
  public static func match<Truth: RepTimes, Detected: RepTimes>(
    truth: [Truth], detected: [Detected], trueCandidates: [Int],
    detectedCandidates: [Int]
  ) -> [RepMatch] {
    let edges = allowedPairs(
      truth: truth, detected: detected, trueCandidates: trueCandidates,
      detectedCandidates: detectedCandidates)
    var matches: [RepMatch] = []
    for component in components(of: edges) {
      matches += solve(component, truth: truth, detected: detected)
    }
    return matches.sorted {
      ($0.trueIndex, $0.detectedIndex) < ($1.trueIndex, $1.detectedIndex)
    }
  }

  /// Every allowed pair, found by searching the detections sorted by peak:
  /// those whose peak lies in a true rep's span are one contiguous run.
  private static func allowedPairs<Truth: RepTimes, Detected: RepTimes>(
    truth: [Truth], detected: [Detected], trueCandidates: [Int],
    detectedCandidates: [Int]
  ) -> [RepMatch] {
    let byPeak = detectedCandidates.filter {
      detected[$0].peakSeconds.isFinite
    }.sorted {
      (detected[$0].peakSeconds, $0) < (detected[$1].peakSeconds, $1)
    }
    var edges: [RepMatch] = []
    for t in trueCandidates.sorted() {
      let rep = truth[t]
      var position = firstIndex(in: byPeak, detected: detected) {
        $0 >= rep.startSeconds
      }
      while position < byPeak.count,
        detected[byPeak[position]].peakSeconds <= rep.endSeconds
      {
        let d = byPeak[position]
        if canPair(rep, detected[d]) {
          edges.append(RepMatch(trueIndex: t, detectedIndex: d))
        }
        position += 1
      }
    }
    return edges
  }

  /// The first position in `order` whose rep's peak satisfies `isAfter`
  /// (a predicate that is false, then true, along `order`).
  private static func firstIndex(
    in order: [Int], detected: [some RepTimes], where isAfter: (Double) -> Bool
  ) -> Int {
    var low = 0
    var high = order.count
    while low < high {
      let middle = (low + high) / 2
      if isAfter(detected[order[middle]].peakSeconds) {
        high = middle
      } else {
        low = middle + 1
      }
    }
    return low
  }

  /// Groups pairs into connected components, each in the order of its
  /// first pair (deterministic for a deterministic input).
  private static func components(of edges: [RepMatch]) -> [[RepMatch]] {
    // Union-find over true reps (key 2i) and detected reps (key 2i + 1);
    // a key without a parent is a root.
    var parent: [Int: Int] = [:]
    func root(_ key: Int) -> Int {
      var top = key
      while let up = parent[top] { top = up }
      var key = key
      while let up = parent[key] {
        parent[key] = top
        key = up
      }
      return top
    }
    for edge in edges {
      let a = root(2 * edge.trueIndex)
      let b = root(2 * edge.detectedIndex + 1)
      if a != b { parent[b] = a }
    }
    var order: [Int] = []
    var groups: [Int: [RepMatch]] = [:]
    for edge in edges {
      let key = root(2 * edge.trueIndex)
      if groups[key] == nil { order.append(key) }
      groups[key, default: []].append(edge)
    }
    return order.map { groups[$0] ?? [] }
  }

  /// The best pairing inside one component: most pairs, then least total
  /// peak distance.
  private static func solve(
    _ edges: [RepMatch], truth: [some RepTimes], detected: [some RepTimes]
  ) -> [RepMatch] {
    if edges.count == 1 { return edges }
    let trues = Array(Set(edges.map(\.trueIndex))).sorted()
    let detections = Array(Set(edges.map(\.detectedIndex))).sorted()
    var distance: [RepMatch: Double] = [:]
    for edge in edges {
      distance[edge] =
        (truth[edge.trueIndex].peakSeconds
        - detected[edge.detectedIndex].peakSeconds).magnitude
    }
    // A forbidden pair costs more than all allowed pairs together, so the
    // least total cost first has the fewest forbidden pairs: the most
    // allowed ones. Summed in the edges' order, not the dictionary's (which
    // changes from run to run), so that ties break the same way every time.
    let forbidden = (edges.compactMap { distance[$0] }.reduce(0, +) + 1) * 2
    guard forbidden.isFinite else {
      // Times near the largest Double: no exact optimum to be had, so
      // closest peaks first.
      return greedy(edges, distance: distance)
    }
    let rowsAreTrue = trues.count <= detections.count
    let rows = rowsAreTrue ? trues : detections
    let columns = rowsAreTrue ? detections : trues
    let cost = rows.map { row in
      columns.map { column in
        let edge =
          rowsAreTrue
          ? RepMatch(trueIndex: row, detectedIndex: column)
          : RepMatch(trueIndex: column, detectedIndex: row)
        return distance[edge] ?? forbidden
      }
    }
    var matches: [RepMatch] = []
    for (row, column) in Assignment.solve(cost).enumerated() {
      let edge =
        rowsAreTrue
        ? RepMatch(trueIndex: rows[row], detectedIndex: columns[column])
        : RepMatch(trueIndex: columns[column], detectedIndex: rows[row])
      if distance[edge] != nil { matches.append(edge) }
    }
    return matches
  }

  /// Pairs closest peaks first, one-to-one.
  private static func greedy(
    _ edges: [RepMatch], distance: [RepMatch: Double]
  ) -> [RepMatch] {
    let order = edges.sorted {
      (distance[$0] ?? 0, $0.trueIndex, $0.detectedIndex)
        < (distance[$1] ?? 0, $1.trueIndex, $1.detectedIndex)
    }
    var usedTrue = Set<Int>()
    var usedFound = Set<Int>()
    var matches: [RepMatch] = []
    for edge in order
    where !usedTrue.contains(edge.trueIndex)
      && !usedFound.contains(edge.detectedIndex)
    {
      usedTrue.insert(edge.trueIndex)
      usedFound.insert(edge.detectedIndex)
      matches.append(edge)
    }
    return matches
  }
}
