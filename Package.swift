// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "crumbs",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "crumbs", targets: ["crumbs"]),
        .executable(name: "crumbs-bench", targets: ["CrumbsBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        // SQLite session stores (connect-sqlite3), on the system's libsqlite3.
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // node-postgres (`pg`) and connect-pg-simple talk to a real PostgreSQL server through it.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // C at the edge: each is imported by exactly one Swift module.
        .systemLibrary(
            name: "CReadline",
            pkgConfig: "readline",
            providers: [.apt(["libreadline-dev"])]
        ),
        .systemLibrary(
            name: "CJavaScriptCore",
            pkgConfig: "javascriptcoregtk-4.1",
            providers: [.apt(["libjavascriptcoregtk-4.1-dev"])]
        ),
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),

        // The browser side of RFC 6265: pure values.
        .target(name: "Cookies"),
        // The simulated browser: profiles, virtual clock, HTTP client over loopback.
        .target(
            name: "Browser",
            dependencies: [
                "Cookies",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // Safe Swift types over the JavaScriptCore C API.
        .target(name: "JavaScript", dependencies: ["CJavaScriptCore"]),
        // Express, express-session and cookie-parser on JavaScriptCore, and the NIO server.
        .target(
            name: "Express",
            dependencies: [
                "JavaScript",
                "Cookies",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "OrderedCollections", package: "swift-collections"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
                "Postgres",
            ],
            // crumbs' own JavaScript, embedded at build time (the binary works from anywhere).
            exclude: ["JavaScript"],
            plugins: ["Embed"]
        ),
        // node-postgres's Pool over postgres-nio: connections, parameters, results and errors as
        // the `pg` module gives them to JavaScript.
        .target(
            name: "Postgres",
            dependencies: [
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // Markdown documents (cmark-gfm) as Swift values.
        .target(name: "Markdown", dependencies: ["CCmarkGFM"]),
        // GNU readline behind a Swift line editor.
        .target(name: "LineEditor", dependencies: ["CReadline"]),

        // Lessons: markdown files to steps, code, goals and hints.
        .target(
            name: "Lessons",
            dependencies: ["Markdown", "JavaScript", .product(name: "Yams", package: "Yams")],
            // The goals' `expect`, embedded at build time.
            exclude: ["JavaScript"],
            plugins: ["Embed"]
        ),
        // Pure text layout for the terminal: measure, wrap, tables, panels, colour.
        .target(name: "TerminalUI"),
        // The tutor: REPL commands, lesson flow, rendering, and `crumbs serve`. The lessons are
        // embedded at build time, so the binary works from any directory.
        .target(
            name: "Tutor",
            dependencies: ["Browser", "Express", "Serve", "LineEditor", "Markdown", "Lessons", "TerminalUI", "JavaScript"],
            plugins: ["Embed"]
        ),

        // `crumbs serve`: an Express app file behind the NIO server, its requests printed live.
        .target(
            name: "Serve",
            dependencies: [
                "Express",
                "Cookies",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),

        // Embeds text files (lessons, the JavaScript runtime) in a module at build time.
        .executableTarget(name: "EmbedTool"),
        .plugin(name: "Embed", capability: .buildTool(), dependencies: ["EmbedTool"]),

        .executableTarget(
            name: "crumbs",
            dependencies: [
                "Tutor",
                "Serve",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // In-process round-trip benchmark (bench/run uses it; not part of the tests).
        .executableTarget(name: "CrumbsBench", dependencies: ["Browser", "Express", "Cookies", "Lessons", "JavaScript"]),

        // Fixtures several test targets share (a movable clock, counted session ids, the binary).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "CookiesTests", dependencies: ["Cookies"]),
        .testTarget(
            name: "BrowserTests",
            dependencies: [
                "Browser",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "JavaScriptTests", dependencies: ["JavaScript"]),
        .testTarget(
            name: "ExpressTests",
            // GRDB reads a SQLite store's file independently of the store.
            dependencies: ["Express", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            exclude: ["Differential"]
        ),
        .testTarget(name: "MarkdownTests", dependencies: ["Markdown"]),
        .testTarget(name: "LineEditorTests", dependencies: ["LineEditor"]),
        .testTarget(name: "LessonsTests", dependencies: ["Lessons"]),
        .testTarget(name: "RobustnessTests", dependencies: ["Cookies", "Express", "Lessons", "Tutor", "Browser", "Serve"]),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI"]),
        // On a real PostgreSQL server (CRUMBS_TEST_POSTGRES); each test makes its own database.
        .testTarget(
            name: "PostgresTests",
            dependencies: [
                "Postgres", "Express", "Cookies", "TestSupport", .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "TutorTests",
            dependencies: ["Tutor", "Serve", "Express", "Browser", "TestSupport", .product(name: "Subprocess", package: "swift-subprocess")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
