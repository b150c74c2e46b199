/// A terminal colour, at whatever depth the theme gives; ``ANSIWriter`` lowers it to what the
/// terminal supports.
public enum Colour: Sendable, Hashable {
    /// One of the 16 standard colours (0-7 normal, 8-15 bright).
    case standard(UInt8)
    /// An entry of the 256-colour palette.
    case indexed(UInt8)
    /// A 24-bit colour.
    case rgb(UInt8, UInt8, UInt8)

    /// Names of the 16 standard colours, as theme files spell them.
    public static let standardNames = [
        "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
        "bright-black", "bright-red", "bright-green", "bright-yellow", "bright-blue", "bright-magenta",
        "bright-cyan", "bright-white",
    ]

    /// Parses `red`, `bright-blue`, `color208`, `208` or `#5fafff`.
    public init?(spec: String) {
        if let index = Colour.standardNames.firstIndex(of: spec) {
            self = .standard(UInt8(index))
        } else if spec.hasPrefix("#"), spec.utf8.count == 7, let value = UInt32(spec.dropFirst(), radix: 16) {
            self = .rgb(UInt8(value >> 16), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF))
        } else if let number = UInt8(spec.hasPrefix("color") ? String(spec.dropFirst(5)) : spec) {
            self = .indexed(number)
        } else {
            return nil
        }
    }

    /// The theme-file spelling.
    public var spec: String {
        switch self {
        case .standard(let index): Colour.standardNames[Int(index) % 16]
        case .indexed(let index): "color\(index)"
        case .rgb(let red, let green, let blue):
            "#"
                + [red, green, blue].map { byte in
                    let hex = String(byte, radix: 16)
                    return hex.count == 1 ? "0" + hex : hex
                }.joined()
        }
    }

    /// The nearest 256-palette index (standard colours keep their index).
    var paletteIndex: UInt8 {
        switch self {
        case .standard(let index): return index
        case .indexed(let index): return index
        case .rgb(let red, let green, let blue):
            func level(_ component: UInt8) -> Int {
                component < 48 ? 0 : component < 115 ? 1 : (Int(component) - 35) / 40
            }
            if red == green && green == blue && red > 8 && red < 238 {
                return UInt8(232 + (Int(red) - 8) / 10)
            }
            return UInt8(16 + 36 * level(red) + 6 * level(green) + level(blue))
        }
    }

    /// The nearest of the 16 standard colours.
    var standardIndex: UInt8 {
        let (red, green, blue): (Int, Int, Int)
        switch self {
        case .standard(let index):
            return index
        case .indexed(let index) where index < 16:
            return index
        case .indexed(let index) where index >= 232:
            let grey = 8 + 10 * (Int(index) - 232)
            (red, green, blue) = (grey, grey, grey)
        case .indexed(let index):
            let cube = Int(index) - 16
            let steps = [0, 95, 135, 175, 215, 255]
            (red, green, blue) = (steps[cube / 36], steps[(cube / 6) % 6], steps[cube % 6])
        case .rgb(let r, let g, let b):
            (red, green, blue) = (Int(r), Int(g), Int(b))
        }
        let brightest = max(red, green, blue)
        if brightest < 60 { return 0 }
        let threshold = brightest / 2
        var index = (red > threshold ? 1 : 0) | (green > threshold ? 2 : 0) | (blue > threshold ? 4 : 0)
        if brightest > 200 { index += 8 }
        if index == 8 { return 7 }  // dim grey reads better as white than as bright black
        return UInt8(index)
    }
}

/// How many colours the terminal can show.
public enum ColourDepth: Sendable, Hashable {
    case standard16
    case indexed256
    case trueColour

    /// The depth an environment advertises through `COLORTERM` and `TERM`.
    public static func detect(environment: [String: String]) -> ColourDepth {
        let colourTerm = environment["COLORTERM"]?.lowercased() ?? ""
        if colourTerm.contains("truecolor") || colourTerm.contains("24bit") { return .trueColour }
        if environment["TERM"]?.contains("256") ?? false { return .indexed256 }
        return .standard16
    }
}
