import QuireRender

/// Brings colours down to what a terminal shows: true colour -> 256 -> 16 -> none.
///
/// Without colour, a style that relied on a background (a selected row, a bar) gains
/// `reverse`, so it stays visible on a monochrome screen.
public enum ColourLowering {
    /// `style` as a terminal of `capability` can draw it.
    public static func lower(_ style: CellStyle, to capability: ColourCapability) -> CellStyle {
        if capability == .none {
            var attributes = style.attributes
            if style.background != nil { attributes.insert(.reverse) }
            return CellStyle(attributes: attributes)
        }
        return CellStyle(
            foreground: style.foreground.map { lower($0, to: capability) },
            background: style.background.map { lower($0, to: capability) },
            attributes: style.attributes
        )
    }

    /// `colour` as a terminal of `capability` can draw it (any colour for `.none`, which
    /// drops colours before asking).
    public static func lower(_ colour: Colour, to capability: ColourCapability) -> Colour {
        switch (capability, colour) {
        case (.trueColour, _), (_, .standard):
            return colour
        case (.indexed256, .indexed):
            return colour
        case (.indexed256, .rgb(let red, let green, let blue)):
            return .indexed(paletteIndex(red: red, green: green, blue: blue))
        case (.standard16, .indexed(let index)) where index < 16:
            return .standard(index)
        case (.standard16, .indexed(let index)):
            let (red, green, blue) = rgb(ofPaletteIndex: index)
            return .standard(standardIndex(red: red, green: green, blue: blue))
        case (.standard16, .rgb(let red, let green, let blue)), (.none, .rgb(let red, let green, let blue)):
            return .standard(standardIndex(red: Int(red), green: Int(green), blue: Int(blue)))
        case (.none, .indexed):
            return colour
        }
    }

    /// The nearest entry of the 256-colour cube or grey ramp.
    static func paletteIndex(red: UInt8, green: UInt8, blue: UInt8) -> UInt8 {
        if red == green && green == blue {
            if red < 8 { return 16 }
            if red > 238 { return 231 }
            return UInt8(232 + (Int(red) - 8) / 10)
        }
        func level(_ component: UInt8) -> Int {
            component < 48 ? 0 : component < 115 ? 1 : (Int(component) - 35) / 40
        }
        return UInt8(16 + 36 * level(red) + 6 * level(green) + level(blue))
    }

    /// The colour of a 256-palette entry (16 and above).
    static func rgb(ofPaletteIndex index: UInt8) -> (Int, Int, Int) {
        if index >= 232 {
            let grey = 8 + 10 * (Int(index) - 232)
            return (grey, grey, grey)
        }
        let cube = max(0, Int(index) - 16)
        let steps = [0, 95, 135, 175, 215, 255]
        return (steps[cube / 36], steps[(cube / 6) % 6], steps[cube % 6])
    }

    /// The nearest of the 16 standard colours: each channel above half the brightest sets its
    /// bit, and a bright colour picks the bright half of the table.
    static func standardIndex(red: Int, green: Int, blue: Int) -> UInt8 {
        let brightest = max(red, green, blue)
        if brightest < 60 { return 0 }
        let threshold = brightest / 2
        var index = (red > threshold ? 1 : 0) | (green > threshold ? 2 : 0) | (blue > threshold ? 4 : 0)
        if brightest > 200 { index += 8 }
        if index == 8 { return 7 }
        return UInt8(index)
    }
}

extension UITheme {
    /// This theme as a terminal of `capability` draws it.
    ///
    /// Without colour, a role that was told apart only by its colour would look plain; such
    /// roles take the `mono` theme's attributes instead, so tags, links and dates stay
    /// distinct under `NO_COLOR`.
    public func lowered(to capability: ColourCapability) -> UITheme {
        guard capability != .trueColour else { return self }
        let mono = capability == .none ? UITheme.builtIn(named: "mono") : nil
        func lower(_ style: CellStyle, mono monoStyle: CellStyle?) -> CellStyle {
            let lowered = ColourLowering.lower(style, to: capability)
            let wasColoured = style.foreground != nil || style.background != nil
            if let monoStyle, wasColoured, lowered.attributes == style.attributes, !monoStyle.attributes.isEmpty {
                return CellStyle(attributes: style.attributes.union(monoStyle.attributes))
            }
            return lowered
        }
        var entries = document.entries
        for (role, entry) in entries { entries[role] = lower(entry, mono: mono?.document.entries[role]) }
        var loweredChrome = chrome
        for (role, style) in loweredChrome { loweredChrome[role] = lower(style, mono: mono?.chrome[role]) }
        return UITheme(document: Theme(name: document.name, entries: entries), chrome: loweredChrome)
    }
}
