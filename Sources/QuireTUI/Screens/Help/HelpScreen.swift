import QuireRender

/// The help page over everything else, scrolled like the reader; closed by `q` or Esc.
struct HelpScreen {
    private(set) var lines: [DisplayLine]
    private var view = TextView()

    init(keymap: Keymap, context: KeyContext, topic: String?) {
        lines = HelpPage.lines(keymap: keymap, context: context, topic: topic)
    }

    mutating func move(_ motion: Motion, height: Int) {
        view.scroll(motion, lineCount: lines.count, height: height)
    }

    func draw(in canvas: Canvas, base: CellStyle) {
        view.draw(lines, in: canvas, base: base)
    }
}
