/// Minimum-cost assignment of rows to columns (the Hungarian method).
///
/// With `n` rows and `m >= n` columns, every row gets a distinct column and
/// the sum of the chosen costs is the least possible. Runs in `O(n² m)`, so
/// the smaller side should be the rows. This is the potentials form of
/// Kuhn–Munkres with Jonker–Volgenant's shortest augmenting paths; see
/// R. Jonker and A. Volgenant, "A shortest augmenting path algorithm for
/// dense and sparse linear assignment problems", Computing 38 (1987).
enum Assignment {
  /// The column of each row; `cost[row][column]`, finite, `rows <= columns`.
  static func solve(_ cost: [[Double]]) -> [Int] {
    let n = cost.count
    guard n > 0 else { return [] }
    let m = cost[0].count
    precondition(m >= n, "more rows than columns")
    // 1-based with a sentinel column 0, as the method is usually written.
    var rowPotential = [Double](repeating: 0, count: n + 1)
    var columnPotential = [Double](repeating: 0, count: m + 1)
    var rowOfColumn = [Int](repeating: 0, count: m + 1)
    var previous = [Int](repeating: 0, count: m + 1)
    for row in 1...n {
      rowOfColumn[0] = row
      var column = 0
      var slack = [Double](repeating: .infinity, count: m + 1)
      var used = [Bool](repeating: false, count: m + 1)
      repeat {
        used[column] = true
        let current = rowOfColumn[column]
        var delta = Double.infinity
        var next = 0
        for j in 1...m where !used[j] {
          let reduced =
            cost[current - 1][j - 1] - rowPotential[current]
            - columnPotential[j]
          if reduced < slack[j] {
            slack[j] = reduced
            previous[j] = column
          }
          if slack[j] < delta {
            delta = slack[j]
            next = j
          }
        }
        for j in 0...m {
          if used[j] {
            rowPotential[rowOfColumn[j]] += delta
            columnPotential[j] -= delta
          } else {
            slack[j] -= delta
          }
        }
        column = next
      } while rowOfColumn[column] != 0
      repeat {
        let before = previous[column]
        rowOfColumn[column] = rowOfColumn[before]
        column = before
      } while column != 0
    }
    var columnOfRow = [Int](repeating: 0, count: n)
    for j in 1...m where rowOfColumn[j] != 0 {
      columnOfRow[rowOfColumn[j] - 1] = j - 1
    }
    return columnOfRow
  }
}
