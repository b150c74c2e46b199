/// A cursor or scroll movement in a list or a text.
public enum Motion: String, Sendable, Hashable, CaseIterable {
    case down
    case up
    case pageDown = "page-down"
    case pageUp = "page-up"
    case halfPageDown = "half-page-down"
    case halfPageUp = "half-page-up"
    case first
    case last

    /// The new position after moving from `position` in `count` items with `page` of them
    /// visible at a time.
    public func apply(to position: Int, count: Int, page: Int) -> Int {
        guard count > 0 else { return 0 }
        let step = max(1, page)
        let target: Int
        switch self {
        case .down: target = position + 1
        case .up: target = position - 1
        case .pageDown: target = position + step
        case .pageUp: target = position - step
        case .halfPageDown: target = position + max(1, step / 2)
        case .halfPageUp: target = position - max(1, step / 2)
        case .first: target = 0
        case .last: target = count - 1
        }
        return min(max(0, target), count - 1)
    }
}
