/// A rectangle of cells on the screen.
public struct Rect: Sendable, Hashable, CustomStringConvertible {
    public var row: Int
    public var column: Int
    public var height: Int
    public var width: Int

    public init(row: Int, column: Int, height: Int, width: Int) {
        self.row = row
        self.column = column
        self.height = max(0, height)
        self.width = max(0, width)
    }

    /// The whole screen.
    public init(size: TerminalSize) {
        self.init(row: 0, column: 0, height: size.rows, width: size.columns)
    }

    public static let zero = Rect(row: 0, column: 0, height: 0, width: 0)

    public var isEmpty: Bool { height == 0 || width == 0 }
    public var bottom: Int { row + height }
    public var right: Int { column + width }

    /// The top `rows` rows, and the rest below.
    public func splitTop(_ rows: Int) -> (top: Rect, rest: Rect) {
        let taken = min(max(0, rows), height)
        return (
            Rect(row: row, column: column, height: taken, width: width),
            Rect(row: row + taken, column: column, height: height - taken, width: width)
        )
    }

    /// The bottom `rows` rows, and the rest above.
    public func splitBottom(_ rows: Int) -> (rest: Rect, bottom: Rect) {
        let taken = min(max(0, rows), height)
        return (
            Rect(row: row, column: column, height: height - taken, width: width),
            Rect(row: row + height - taken, column: column, height: taken, width: width)
        )
    }

    /// The left `columns` columns, and the rest to the right.
    public func splitLeft(_ columns: Int) -> (left: Rect, rest: Rect) {
        let taken = min(max(0, columns), width)
        return (
            Rect(row: row, column: column, height: height, width: taken),
            Rect(row: row, column: column + taken, height: height, width: width - taken)
        )
    }

    public var description: String { "\(width)x\(height)+\(column)+\(row)" }
}
