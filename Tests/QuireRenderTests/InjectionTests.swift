import Testing

@testable import QuireRender

/// Hostile payloads from the terminal-injection literature, placed everywhere a message can
/// carry text. No byte sequence from the input may reach the output as a control sequence.
@Suite struct InjectionTests {
    static let payloads: [String] = [
        "\u{1B}]52;c;cm0gLXJmIH4vKg==\u{07}",  // OSC 52 clipboard write, BEL
        "\u{1B}]52;c;cm0gLXJmIH4vKg==\u{1B}\\",  // OSC 52 with ST
        "\u{1B}]8;;https://evil.test\u{1B}\\https://bank.example\u{1B}]8;;\u{1B}\\",  // OSC 8 spoof
        "\u{1B}]8;;https://evil.test\u{07}click\u{1B}]8;;\u{07}",  // OSC 8 with BEL
        "\u{1B}]0;pwned\u{07}",  // window title
        "\u{1B}]2;pwned\u{1B}\\",  // window title, ST
        "\u{1B}[2J\u{1B}[H",  // clear screen, home
        "\u{1B}[10A\u{1B}[5C",  // cursor up and right
        "\u{1B}[6n",  // cursor position report (reply on stdin)
        "\u{1B}[21t",  // title report
        "\u{1B}[?1000h",  // mouse tracking on
        "\u{1B}[?1004h",  // focus events on
        "\u{1B}[?1049h",  // alternate screen
        "\u{1B}]8;;http://evil.test",  // unterminated OSC
        "\u{1B}]",  // bare OSC introducer
        "\u{1B}P+q544e\u{1B}\\",  // DCS termcap query
        "\u{1B}Ptmux;\u{1B}\u{1B}]52;c;eA==\u{07}\u{1B}\\",  // tmux passthrough
        "\u{1B}_Gf=100;AAAA\u{1B}\\",  // APC (kitty graphics)
        "\u{1B}^privacy\u{1B}\\",  // PM
        "\u{1B}Xsos\u{1B}\\",  // SOS
        "\u{1B}c",  // full reset
        "\u{1B}(0lqqk\u{1B}(B",  // line-drawing charset switch
        "\u{1B}7\u{1B}8",  // save and restore cursor
        "\u{9B}2J",  // 8-bit CSI clear screen
        "\u{9D}0;pwned\u{9C}",  // 8-bit OSC title, 8-bit ST
        "\u{90}+q544e\u{9C}",  // 8-bit DCS
        "\u{9B}6n",  // 8-bit status query
        "\u{85}\u{8D}\u{8E}\u{8F}",  // NEL, RI, SS2, SS3
        "line\roverwrite",  // carriage return overwrite
        "\u{08}\u{08}\u{08}xxx",  // backspaces
        "\u{07}\u{00}\u{0B}\u{0C}\u{7F}",  // bell, NUL, VT, FF, DEL
        "user\u{202E}nimda\u{202C}",  // RLO bidi override
        "\u{2066}\u{2067}\u{2068}\u{2069}\u{202A}\u{202B}\u{202D}",  // isolates and embeddings
        "pay\u{200B}pal\u{2060}\u{FEFF}",  // zero-width characters
        "&#27;[2J &#x1b;]0;t&#7; &#155;6n &#x9d;",  // entities decoding to controls
        "\u{1B}[38;2;255;0;0m\u{1B}[5m",  // colour and blink
        "\u{1B}\u{1B}[[31m",  // doubled introducers
        "\u{1B}[1;31",  // unterminated CSI at end of text
    ]

    /// The payload in every place a message can carry text.
    static func documents(with payload: String) -> [String] {
        [
            payload,
            "# Heading \(payload)\n\nText \(payload) more *em \(payload)* and `code \(payload)`",
            "[text \(payload)](https://example.com/\(payload)) <https://x.test/\(payload)>",
            "![alt \(payload)](this_u:\(payload).png) ![?\(payload)](this_f:\(payload))",
            "> quote \(payload)\n\n- item \(payload)\n- [ ] task \(payload)",
            "```\(payload)\ncode \(payload)\n```\n\n    indented \(payload)",
            "| h \(payload) | b |\n|---|---|\n| \(payload) | #tag\(payload) |",
            "```chart\ntitle: \(payload)\nx: \(payload)\na \(payload),1\nb,2\n```",
            "```chart\ntype: sparkline\n\(payload),1\n```",
            ":::\n# slide \(payload)\n:::\n\(payload)\n:::>",
            "<div>\(payload)</div>\n\ninline <b>\(payload)</b>",
            "[\(payload)](#0000018c2d5e4f10&0000018c2d9a7700) [x](\(payload)_u:\(payload))",
        ]
    }

    @Test(arguments: payloads)
    func plainOutputHasNoControls(_ payload: String) {
        for markdown in Self.documents(with: payload) {
            for width in [20, 80] {
                let document = render(markdown, options: RenderOptions(width: width))
                let output = ANSIWriter().write(document)
                #expect(
                    Self.forbiddenScalars(in: output, allowingEscape: false).isEmpty, "\(markdown.debugDescription)")
                for line in document.lines { #expect(line.width() <= width) }
            }
        }
    }

    @Test(arguments: payloads)
    func colourOutputHasOnlyOurSequences(_ payload: String) throws {
        for markdown in Self.documents(with: payload) {
            let options = RenderOptions(width: 60, colour: true, osc8Hyperlinks: true)
            let document = render(markdown, options: options)
            let output = ANSIWriter(options: options).write(document)
            #expect(Self.forbiddenScalars(in: output, allowingEscape: true).isEmpty)
            let followable: Set<String> = Set(
                document.links.compactMap { link in
                    if case .web(let url, _) = link.kind { return url }
                    return nil
                }
            )
            try Self.checkSequences(in: output, hyperlinks: followable)
        }
    }

    @Test func thereAreEnoughPayloads() {
        #expect(Self.payloads.count >= 30)
    }

    /// Scalars that must never be in output: C0 other than newline (and ESC when colour is on,
    /// checked separately), DEL, C1, and raw bidi or invisible format characters.
    static func forbiddenScalars(in output: String, allowingEscape: Bool) -> [UInt32] {
        output.unicodeScalars.map(\.value).filter { value in
            if value == 0x0A || (allowingEscape && value == 0x1B) { return false }
            if value < 0x20 || (0x7F...0x9F).contains(value) { return true }
            return (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value) || value == 0x200B
                || value == 0xFEFF || value == 0x2060
        }
    }

    /// Parses every escape sequence: only `ESC [ digits;... m` and
    /// `ESC ] 8 ; ; URL ESC \` with a printable-ASCII URL of a followable link may appear.
    static func checkSequences(in output: String, hyperlinks: Set<String>) throws {
        let bytes = Array(output.utf8)
        var index = 0
        while index < bytes.count {
            guard bytes[index] == 0x1B else {
                index += 1
                continue
            }
            try #require(index + 1 < bytes.count)
            if bytes[index + 1] == UInt8(ascii: "[") {
                var end = index + 2
                while end < bytes.count, (0x30...0x39).contains(bytes[end]) || bytes[end] == UInt8(ascii: ";") {
                    end += 1
                }
                try #require(end < bytes.count && bytes[end] == UInt8(ascii: "m"), "not an SGR sequence")
                index = end + 1
            } else {
                let prefix = Array("\u{1B}]8;;".utf8)
                try #require(Array(bytes[index..<min(bytes.count, index + prefix.count)]) == prefix, "unknown escape")
                var end = index + prefix.count
                while end < bytes.count, bytes[end] != 0x1B {
                    try #require((0x21...0x7E).contains(bytes[end]), "URL byte \(bytes[end])")
                    end += 1
                }
                try #require(end + 1 < bytes.count && bytes[end + 1] == UInt8(ascii: "\\"), "OSC 8 without ST")
                let url = String(decoding: bytes[(index + prefix.count)..<end], as: UTF8.self)
                if !url.isEmpty {
                    #expect(hyperlinks.contains(url), "hyperlink to \(url)")
                }
                index = end + 2
            }
        }
    }
}
