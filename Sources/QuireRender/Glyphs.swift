/// The renderer's own drawing characters.
///
/// Box drawing, bullets and block elements are East Asian Ambiguous: CJK terminals draw them
/// two columns wide. When ambiguous characters are wide the renderer uses ASCII instead, so
/// frames keep their shape everywhere.
struct Glyphs: Sendable {
    var horizontal: String
    var vertical: String
    var topLeft: String
    var topRight: String
    var bottomLeft: String
    var bottomRight: String
    var topTee: String
    var bottomTee: String
    var leftTee: String
    var rightTee: String
    var cross: String
    var headerHorizontal: String
    var headerLeftTee: String
    var headerRightTee: String
    var headerCross: String
    var quoteBar: String
    var bullets: [String]
    var heading1Rule: String
    var wrapMarker: String
    var clipMarker: String
    var ellipsis: String
    /// Eighths of a cell, for bars: index 0 is empty, 8 is full.
    var barEighths: [String]
    /// Sparkline levels, lowest first.
    var sparkLevels: [String]
    var usesBraille: Bool

    static let unicode = Glyphs(
        horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
        topTee: "┬", bottomTee: "┴", leftTee: "├", rightTee: "┤", cross: "┼",
        headerHorizontal: "═", headerLeftTee: "╞", headerRightTee: "╡", headerCross: "╪",
        quoteBar: "│", bullets: ["•", "◦", "▪"], heading1Rule: "═", wrapMarker: "↩", clipMarker: "→",
        ellipsis: "…", barEighths: ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"],
        sparkLevels: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"], usesBraille: true
    )

    static let ascii = Glyphs(
        horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
        topTee: "+", bottomTee: "+", leftTee: "+", rightTee: "+", cross: "+",
        headerHorizontal: "=", headerLeftTee: "+", headerRightTee: "+", headerCross: "+",
        quoteBar: "|", bullets: ["*", "-", "+"], heading1Rule: "=", wrapMarker: "\\", clipMarker: ">",
        ellipsis: "~", barEighths: ["", "", "", "", "#", "#", "#", "#", "#"],
        sparkLevels: ["_", ".", "-", "~", "=", "+", "*", "#"], usesBraille: true
    )

    static func forAmbiguousWide(_ wide: Bool) -> Glyphs { wide ? .ascii : .unicode }
}
