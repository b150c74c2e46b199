/// What a screen asks the app to do beyond itself: another screen opens or takes the keys.
/// Screens return routes rather than reach for each other, so the app alone decides focus.
enum AppRoute {
    /// The reader opens `thread`, scrolled to `msgid` when given.
    case openThread(ThreadKey, revealing: String?)
    /// A modal pane opens for `request`; `unavailable` names it when it cannot.
    case present(PaneRequest, unavailable: String)
    /// The prompt line opens for `kind`, prefilled with `text`.
    case prompt(Prompt.Kind, text: String)
}
