import CCmarkGFM
import Synchronization

/// The parsed Markdown tree, copied out of libcmark-gfm into Swift values.
///
/// Copying keeps the C API in one file, and lets the copy cap the depth: a subtree deeper than
/// the cap becomes a paragraph of its text, so neither this walk nor the renderer can recurse
/// without bound.
struct MarkdownNode: Sendable {
    enum Kind: Sendable {
        case document
        case blockQuote
        case list(ordered: Bool, start: Int, tight: Bool)
        case item(task: Bool?)
        case codeBlock(info: String, literal: String)
        case htmlBlock(String)
        case paragraph
        case heading(Int)
        case thematicBreak
        case table(alignments: [TableAlignment])
        case tableRow(header: Bool)
        case tableCell
        case text(String)
        case softBreak
        case lineBreak
        case code(String)
        case htmlInline(String)
        case emphasis
        case strong
        case strikethrough
        case link(destination: String, title: String)
        case image(destination: String, title: String)
        /// Text of a subtree that was nested too deeply, kept readable without its structure.
        case flattened(String)
    }

    enum TableAlignment: Sendable {
        case none, left, center, right
    }

    var kind: Kind
    var children: [MarkdownNode]
}

/// Parses Markdown with libcmark-gfm and the GitHub extensions.
enum MarkdownParser {
    /// The parse result: the tree, and whether anything was flattened.
    struct Result {
        var root: MarkdownNode
        var flattened: Bool
    }

    /// libcmark-gfm keeps process-wide tables that parsers edit: the extension registry, and the inline
    /// special-character table that attaching and freeing a parser with extensions changes. Two parses at once
    /// can lose `~` (strikethrough) or a registration, so parses take turns.
    private static let libraryLock = Mutex(())

    static func parse(_ markdown: String, maximumDepth: Int) -> Result {
        libraryLock.withLock { _ in parseAlone(markdown, maximumDepth: maximumDepth) }
    }

    private static func parseAlone(_ markdown: String, maximumDepth: Int) -> Result {
        cmark_gfm_core_extensions_ensure_registered()
        // CMARK_OPT_VALIDATE_UTF8 would be redundant: Swift strings are valid UTF-8.
        guard let parser = cmark_parser_new(CMARK_OPT_DEFAULT) else {
            return Result(root: MarkdownNode(kind: .document, children: []), flattened: false)
        }
        defer { cmark_parser_free(parser) }
        for name in ["table", "strikethrough", "autolink", "tasklist"] {
            if let extensionPointer = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, extensionPointer)
            }
        }
        UTF8Bytes.with(markdown) { buffer in
            buffer.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    cmark_parser_feed(parser, $0, buffer.count)
                }
            }
        }
        guard let document = cmark_parser_finish(parser) else {
            return Result(root: MarkdownNode(kind: .document, children: []), flattened: false)
        }
        defer { cmark_node_free(document) }
        var converter = Converter(maximumDepth: maximumDepth)
        let root = converter.convert(document, depth: 0)
        return Result(root: root, flattened: converter.flattened)
    }

    private struct Converter {
        let maximumDepth: Int
        var flattened = false

        mutating func convert(_ node: OpaquePointer, depth: Int) -> MarkdownNode {
            let kind = self.kind(of: node)
            if depth >= maximumDepth, hasChildren(node) {
                flattened = true
                return MarkdownNode(kind: .flattened(Self.text(of: node)), children: [])
            }
            var children: [MarkdownNode] = []
            var count = 0
            var sibling = cmark_node_first_child(node)
            while let current = sibling {
                count += 1
                sibling = cmark_node_next(current)
            }
            children.reserveCapacity(count)
            var child = cmark_node_first_child(node)
            while let current = child {
                children.append(convert(current, depth: depth + 1))
                child = cmark_node_next(current)
            }
            return MarkdownNode(kind: kind, children: children)
        }

        private func hasChildren(_ node: OpaquePointer) -> Bool {
            cmark_node_first_child(node) != nil
        }

        private func kind(of node: OpaquePointer) -> MarkdownNode.Kind {
            let type = cmark_node_get_type(node)
            switch type {
            case CMARK_NODE_DOCUMENT: return .document
            case CMARK_NODE_BLOCK_QUOTE: return .blockQuote
            case CMARK_NODE_LIST:
                return .list(
                    ordered: cmark_node_get_list_type(node) == CMARK_ORDERED_LIST,
                    start: Int(cmark_node_get_list_start(node)),
                    tight: cmark_node_get_list_tight(node) != 0
                )
            case CMARK_NODE_ITEM:
                let isTask = Self.string(cmark_node_get_type_string(node)) == "tasklist"
                return .item(task: isTask ? cmark_gfm_extensions_get_tasklist_item_checked(node) : nil)
            case CMARK_NODE_CODE_BLOCK:
                return .codeBlock(
                    info: Self.string(cmark_node_get_fence_info(node)),
                    literal: Self.string(cmark_node_get_literal(node))
                )
            case CMARK_NODE_HTML_BLOCK: return .htmlBlock(Self.string(cmark_node_get_literal(node)))
            case CMARK_NODE_CUSTOM_BLOCK, CMARK_NODE_CUSTOM_INLINE: return .paragraph
            case CMARK_NODE_PARAGRAPH: return .paragraph
            case CMARK_NODE_HEADING: return .heading(Int(cmark_node_get_heading_level(node)))
            case CMARK_NODE_THEMATIC_BREAK: return .thematicBreak
            case CMARK_NODE_TEXT: return .text(Self.string(cmark_node_get_literal(node)))
            case CMARK_NODE_SOFTBREAK: return .softBreak
            case CMARK_NODE_LINEBREAK: return .lineBreak
            case CMARK_NODE_CODE: return .code(Self.string(cmark_node_get_literal(node)))
            case CMARK_NODE_HTML_INLINE: return .htmlInline(Self.string(cmark_node_get_literal(node)))
            case CMARK_NODE_EMPH: return .emphasis
            case CMARK_NODE_STRONG: return .strong
            case CMARK_NODE_LINK:
                return .link(
                    destination: Self.string(cmark_node_get_url(node)), title: Self.string(cmark_node_get_title(node))
                )
            case CMARK_NODE_IMAGE:
                return .image(
                    destination: Self.string(cmark_node_get_url(node)), title: Self.string(cmark_node_get_title(node))
                )
            case quire_cmark_node_table():
                let columns = Int(cmark_gfm_extensions_get_table_columns(node))
                var alignments: [MarkdownNode.TableAlignment] = []
                if let pointer = cmark_gfm_extensions_get_table_alignments(node) {
                    for column in 0..<columns {
                        switch pointer[column] {
                        case UInt8(ascii: "l"): alignments.append(.left)
                        case UInt8(ascii: "c"): alignments.append(.center)
                        case UInt8(ascii: "r"): alignments.append(.right)
                        default: alignments.append(.none)
                        }
                    }
                }
                return .table(alignments: alignments)
            case quire_cmark_node_table_row():
                return .tableRow(header: cmark_gfm_extensions_get_table_row_is_header(node) != 0)
            case quire_cmark_node_table_cell(): return .tableCell
            case quire_cmark_node_strikethrough(): return .strikethrough
            default:
                return .text(Self.string(cmark_node_get_literal(node)))
            }
        }

        private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
            guard let pointer else { return "" }
            return String(cString: pointer)
        }

        /// The literal text under `node`, gathered without recursion.
        private static func text(of node: OpaquePointer) -> String {
            guard let iterator = cmark_iter_new(node) else { return "" }
            defer { cmark_iter_free(iterator) }
            var text = ""
            while true {
                let event = cmark_iter_next(iterator)
                if event == CMARK_EVENT_DONE { break }
                guard event == CMARK_EVENT_ENTER, let current = cmark_iter_get_node(iterator) else { continue }
                let type = cmark_node_get_type(current)
                if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                    text += " "
                } else if let literal = cmark_node_get_literal(current) {
                    if type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_CODE_BLOCK, !text.isEmpty { text += " " }
                    text += string(literal)
                } else if type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING, !text.isEmpty {
                    text += " "
                }
            }
            return text
        }
    }
}
