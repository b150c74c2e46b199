// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Quire",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "quire", targets: ["quire"]),
        .executable(name: "tmtpd", targets: ["tmtpd"]),
        .library(name: "TMTP", targets: ["TMTP"]),
        .library(name: "TMTPTransport", targets: ["TMTPTransport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        // Pinned: the server's TLS calls the BoringSSL that swift-nio-ssl builds but does not export
        // (`CNIOBoringSSL`, all in Sources/TMTPTransport/BoringSSL.swift), so a new release can change it under us.
        // Widen the range only after reading BoringSSL's changes and running the TLS tests and the tls-fuzz target.
        .package(url: "https://github.com/apple/swift-nio-ssl.git", "2.37.6"..<"2.38.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/LebJe/TOMLKit.git", from: "0.6.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
    ],
    targets: [
        // System-library shims.
        .systemLibrary(name: "CNCursesW", path: "Sources/CNCursesW"),
        .systemLibrary(name: "CCmarkGFM", path: "Sources/CCmarkGFM"),

        // The protocol: frames, messages, rules. No I/O.
        .target(name: "CCRC32C"),
        .target(name: "TMTP", dependencies: ["CCRC32C"]),

        // SwiftNIO + NIOSSL links carrying TMTP frames.
        .target(
            name: "TMTPTransport",
            dependencies: [
                "TMTP",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // The server as a library: links, directory, durable queues, presence.
        .target(
            name: "TMTPServer",
            dependencies: [
                "TMTP",
                "TMTPTransport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ]
        ),

        // The client without a screen: accounts, sync, store, address book, search, signing in.
        .target(
            name: "QuireCore",
            dependencies: [
                "TMTP",
                "TMTPTransport",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C interface for the few reads that must start in a millisecond (`quire check`).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),

        // Markdown to safe, styled terminal lines.
        .target(name: "QuireRender", dependencies: ["CCmarkGFM"]),

        // `quire demo`: an in-process site with demo people who answer.
        .target(
            name: "QuireDemo",
            dependencies: [
                "QuireCore", "TMTPServer", "TMTPTransport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // Screens and panes over a small Terminal protocol (ncurses, or an in-memory grid).
        .target(
            name: "QuireTUI",
            dependencies: ["QuireCore", "QuireRender", "CNCursesW", .product(name: "TOMLKit", package: "TOMLKit")]
        ),

        // Front doors.
        .executableTarget(
            name: "quire",
            dependencies: [
                "TMTP",
                "QuireRender",
                "QuireCore",
                "QuireTUI",
                "QuireDemo",
                "TMTPServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "tmtpd",
            dependencies: [
                "TMTP",
                "TMTPTransport",
                "TMTPServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),

        // Benchmarks and fuzzing.
        .executableTarget(name: "tmtp-bench", dependencies: ["TMTP"]),
        .executableTarget(name: "tmtp-fuzz", dependencies: ["TMTP"], exclude: ["README.md"]),
        .executableTarget(
            name: "tls-fuzz",
            dependencies: [
                "TMTPTransport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .executableTarget(name: "render-bench", dependencies: ["QuireRender"]),
        .executableTarget(name: "render-fuzz", dependencies: ["QuireRender"]),
        .executableTarget(
            name: "tui-bench",
            dependencies: [
                "QuireTUI", "QuireCore", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "quire-bench",
            dependencies: [
                "QuireCore", "TMTPServer", "TMTPTransport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "tmtp-load",
            dependencies: [
                "TMTP", "TMTPTransport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),

        // Helpers the test targets share: child processes, temporary directories, an in-process site, raw peers.
        .target(
            name: "QuireTestSupport",
            dependencies: [
                "TMTP", "TMTPTransport", "TMTPServer",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            path: "Tests/QuireTestSupport"
        ),
        .testTarget(name: "TMTPTests", dependencies: ["TMTP"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "TMTPTransportTests",
            dependencies: [
                "TMTP", "TMTPTransport", "QuireTestSupport",
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .testTarget(
            name: "TMTPServerTests",
            dependencies: [
                "TMTP", "TMTPTransport", "TMTPServer", "QuireTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "QuireCoreTests", dependencies: ["TMTP", "QuireCore", "TMTPServer", "QuireTestSupport"],
            resources: [.copy("Fixtures")]),
        // The built `quire` and `tmtpd` binaries, run as processes (also in tmux); depending on them builds
        // them first, so these tests never run a stale binary.
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "quire", "tmtpd", "QuireTestSupport", "TMTP", "TMTPTransport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "QuireRenderTests", dependencies: ["QuireRender"], resources: [.copy("Golden")]),
        .testTarget(
            name: "QuireDemoTests", dependencies: ["QuireDemo", "QuireCore", "QuireRender", "QuireTestSupport"]),
        .testTarget(
            name: "QuireTUITests",
            dependencies: ["QuireTUI", "QuireRender", "QuireCore", "QuireTestSupport"],
            resources: [.copy("Snapshots")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
