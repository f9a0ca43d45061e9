extension Array {
  /// Appends `element`, keeping only the last `limit` elements: the
  /// recent values that a typical one is taken from.
  mutating func append(_ element: Element, keepingLast limit: Int) {
    append(element)
    if count > limit { removeFirst(count - limit) }
  }
}
