import QuireRender

/// How one terminal cell is drawn: colours (nil is the terminal's default) and attributes.
///
/// The same shape as a theme entry, so a resolved theme role is drawn as is.
public typealias CellStyle = Theme.Entry

extension Theme.Entry {
    /// The terminal's default colours, no attributes.
    public static let plain = Theme.Entry()

    /// This style with more attributes.
    public func adding(_ extra: Style.Attributes) -> Theme.Entry {
        var copy = self
        copy.attributes.formUnion(extra)
        return copy
    }

    /// This style drawn over `base`: colours this style leaves unset come from `base`.
    public func layered(over base: Theme.Entry) -> Theme.Entry {
        Theme.Entry(
            foreground: foreground ?? base.foreground,
            background: background ?? base.background,
            attributes: attributes.union(base.attributes)
        )
    }
}
