import ArgumentParser
import QuireRender
import QuireTUI

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `quire render`: shows a message body the way the reader will, to preview a draft.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render a Markdown message body for the terminal."
    )

    enum ColourChoice: String, ExpressibleByArgument, CaseIterable {
        case auto, always, never
    }

    @Option(help: "Columns to render for (default: the terminal's width, or 80).")
    var width: Int?

    @Option(name: .customLong("color"), help: "Colour: auto (a terminal without NO_COLOR), always or never.")
    var colour: ColourChoice = .auto

    @Option(help: "Theme: default, light, mono, or the path of a theme file.")
    var theme: String = "default"

    @Flag(help: "Print slide decks as separate pages instead of the whole message.")
    var slides = false

    @Flag(help: "Count East Asian Ambiguous characters as two columns (CJK terminals).")
    var ambiguousWide = false

    @Flag(help: "Emit OSC 8 hyperlinks for web links (with colour).")
    var hyperlinks = false

    @Argument(help: "The Markdown file, or - for standard input.")
    var file: String = "-"

    func run() throws {
        let markdown = try readInput()
        let environment = currentEnvironment()
        let isTerminal = isatty(STDOUT_FILENO) == 1
        let useColour: Bool
        switch colour {
        case .always: useColour = true
        case .never: useColour = false
        case .auto: useColour = isTerminal && environment["NO_COLOR"].map(\.isEmpty) ?? true
        }
        var options = RenderOptions(
            width: width ?? terminalWidth() ?? 80,
            theme: try loadTheme(),
            colour: useColour,
            colourDepth: ColourDepth.detect(environment: environment),
            osc8Hyperlinks: hyperlinks,
            ambiguousWide: ambiguousWide
        )
        if let width, width < 10 { throw ValidationError("--width must be at least 10") }
        options.width = max(10, options.width)
        let document = Renderer(options: options).render(markdown)
        let writer = ANSIWriter(options: options)
        if slides {
            guard !document.decks.isEmpty else { throw ValidationError("the message has no slide deck") }
            for (index, page) in document.slides.enumerated() {
                if index > 0 { print("") }
                print(writer.write(page, links: document.links), terminator: "")
            }
        } else {
            print(writer.write(document), terminator: "")
        }
    }

    private func readInput() throws -> String {
        let bytes = try Self.readAll(path: file == "-" ? nil : file, limit: 64 << 20)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The bytes of a file, or of standard input when `path` is nil, up to `limit`.
    private static func readAll(path: String?, limit: Int) throws -> [UInt8] {
        let descriptor = path.map { open($0, O_RDONLY) } ?? STDIN_FILENO
        guard descriptor >= 0 else { throw ValidationError("cannot open \(path ?? "-")") }
        defer { if path != nil { close(descriptor) } }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while bytes.count < limit {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw ValidationError("cannot read \(path ?? "-")")
            }
            bytes += buffer[..<count]
        }
        return bytes
    }

    private func loadTheme() throws -> Theme {
        if let builtIn = Theme.builtIn(named: theme) { return builtIn }
        let bytes: [UInt8]
        do {
            bytes = try Self.readAll(path: theme, limit: 1 << 20)
        } catch {
            throw ValidationError("no theme \(theme): use default, light, mono or a theme file")
        }
        do {
            return try UIThemeFile.parse(String(decoding: bytes, as: UTF8.self), file: theme).document
        } catch {
            throw ValidationError(error.description)
        }
    }

    private func terminalWidth() -> Int? {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    private func currentEnvironment() -> [String: String] {
        var environment: [String: String] = [:]
        for name in ["NO_COLOR", "COLORTERM", "TERM"] {
            if let value = getenv(name) { environment[name] = String(cString: value) }
        }
        return environment
    }
}
