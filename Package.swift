// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "reelshop",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "ShopCore", targets: ["ShopCore"]),
        .library(name: "ShopMedia", targets: ["ShopMedia"]),
        // The doubles, for tests of code built on these libraries (as swift-nio ships NIOEmbedded).
        .library(name: "ShopTesting", targets: ["ShopTesting"]),
        .executable(name: "reelshop", targets: ["reelshop"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio-ssh", .upToNextMinor(from: "0.15.1")),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // The marketplace: server (Hummingbird 2 over SQLite through GRDB) and client (AsyncHTTPClient).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // Imported by the server directly (graceful shutdown, HTTP field names), so named here
        // rather than reached through Hummingbird's own dependencies.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        // Tests only: `expectNoDifference` prints a failing golden or whole-state comparison as
        // a line diff. Never a dependency of a product target. It reports through IssueReporting
        // (xctest-dynamic-overlay), whose IssueReportingTestSupport must be linked into the test
        // target: without it, on Linux, a difference is only printed and the test passes.
        .package(url: "https://github.com/pointfreeco/swift-custom-dump", from: "1.7.3"),
        .package(url: "https://github.com/pointfreeco/xctest-dynamic-overlay", from: "1.13.1"),
    ],
    targets: [
        // The shared model layer: Foundation only, never a terminal.
        .target(name: "ShopCore"),
        // The app without a terminal: Grid, State, reduce, one file per screen.
        .target(name: "ShopUI", dependencies: ["ShopCore", "ShopMedia"]),
        // ncursesw through a shim header; only NcursesBackend imports it.
        .systemLibrary(
            name: "CNcursesw",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncurses-dev"])]
        ),
        // Key and mouse decoding and the escape-sequence filter: what `wget_wch` and `getmouse`
        // report, made into the app's input events. No terminal I/O; CNcursesw only for the
        // key-code macros (static inline in the shim), so the fuzz build compiles it whole.
        .target(name: "ShopInput", dependencies: ["CNcursesw", "ShopUI"]),
        .target(name: "NcursesBackend", dependencies: ["CNcursesw", "ShopUI", "ShopInput"]),
        // libpng (simplified API only: no setjmp) and giflib through shim headers.
        .systemLibrary(
            name: "CPNG",
            pkgConfig: "libpng",
            providers: [.apt(["libpng-dev"])]
        ),
        // Debian's libgif-dev has no .pc file: the modulemap links "gif" itself.
        .systemLibrary(name: "CGIF", providers: [.apt(["libgif-dev"])]),
        // zlib (one-shot compress2/uncompress) for the kitty graphics protocol's `o=z` payloads:
        // Foundation on Linux has no zlib API (docs/ARCHITECTURE.md says why not a package).
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // Pictures to terminal cells and pixels: decoding, scaling, palettes, half-block,
        // quadrant and sextant rasters, the kitty / sixel / iTerm2 encoders, timing.
        // Optimised even in debug builds: decoding, scaling and rasterising are per-pixel
        // loops that ran 10-20x slower unoptimised, so `make run`, `catalog check` and the
        // end-to-end tests on the debug binary were far slower than the product (a 25 s check).
        .target(
            name: "ShopMedia", dependencies: ["CPNG", "CGIF", "CZlib"],
            swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        // In-band graphics detection on file descriptors (kitty query, XTVERSION, DA1 within a
        // budget); no ncurses, so the CLI and, later, the storefront share it.
        .target(name: "TerminalGraphics", dependencies: ["ShopMedia"]),
        // Fork + setsid + TIOCSCTTY + execve on a fresh pseudo-terminal, in C so the child
        // only makes async-signal-safe calls between fork and exec.
        .target(name: "CSpawnPTY", linkerSettings: [.linkedLibrary("util", .when(platforms: [.linux]))]),
        // glibc's malloc tuning (mallopt, malloc_trim), which the Glibc module does not export.
        .target(name: "CMalloc"),
        // What an SSH visitor or a balancer sends before the storefront starts, checked without
        // the SSH stack: authorized_keys lines, pty-req / env / window-change values, the PROXY
        // protocol header. Foundation only (no NIO, no swift-crypto), so the fuzz build compiles it.
        .target(name: "ShopSSHWire"),
        // The embedded SSH server: one PTY + child process per session.
        .target(
            name: "ShopSSH",
            dependencies: [
                "ShopCore", "ShopSSHWire", "CSpawnPTY",
                .product(name: "NIOSSH", package: "swift-nio-ssh"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // QR codes for the link screen (libqrencode): a URL in, a square of modules out.
        .systemLibrary(
            name: "CQRencode",
            pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"])]
        ),
        .target(name: "ShopQR", dependencies: ["ShopCore", "CQRencode"]),
        // `reelshop market serve`: OAuth metadata (RFC 8414), the device grant (RFC 8628),
        // revocation (RFC 7009), the verification page and the shopping API over SQLite (WAL).
        .target(
            name: "ShopMarketServer",
            dependencies: [
                "ShopCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // The MarketplaceService over HTTP: what the storefront, the CLI and `serve` talk to.
        .target(
            name: "ShopMarketHTTP",
            dependencies: [
                "ShopCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "reelshop",
            dependencies: [
                "ShopCore", "ShopUI", "NcursesBackend", "ShopMedia", "ShopSSH", "ShopSSHWire", "TerminalGraphics",
                "ShopQR", "ShopMarketServer", "ShopMarketHTTP", "CMalloc",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Doubles for unit tests only — the terminal (`TestBackend`), the clock (`ManualClock`), a
        // file-backed marketplace — never linked into the executable.
        .target(name: "ShopTesting", dependencies: ["ShopCore", "ShopUI"]),
        .testTarget(name: "ShopCoreTests", dependencies: ["ShopCore", "ShopTesting"]),
        .testTarget(
            name: "ShopUITests",
            dependencies: [
                "ShopUI", "ShopCore", "ShopMedia", "CPNG", "CGIF", "ShopTesting",
                .product(name: "CustomDump", package: "swift-custom-dump"),
                .product(name: "IssueReportingTestSupport", package: "xctest-dynamic-overlay"),
            ]
        ),
        .testTarget(name: "ShopInputTests", dependencies: ["ShopInput", "ShopUI"]),
        .testTarget(name: "NcursesBackendTests", dependencies: ["NcursesBackend", "ShopUI", "ShopMedia"]),
        .testTarget(
            name: "TerminalGraphicsTests",
            dependencies: ["TerminalGraphics", "ShopMedia"],
            linkerSettings: [.linkedLibrary("util", .when(platforms: [.linux]))]
        ),
        .testTarget(name: "ShopMediaTests", dependencies: ["ShopMedia", "CPNG", "CGIF", "CZlib"]),
        .testTarget(
            name: "ShopSSHTests",
            dependencies: [
                "ShopSSH", "ShopSSHWire", "ShopCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOSSH", package: "swift-nio-ssh"),
            ]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["ShopCore", "ShopMarketHTTP", "ShopTesting", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(name: "ShopQRTests", dependencies: ["ShopQR", "ShopCore"]),
        .testTarget(
            name: "ShopMarketServerTests",
            dependencies: [
                "ShopMarketServer", "ShopCore", "ShopTesting",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "ShopMarketHTTPTests",
            dependencies: [
                "ShopMarketHTTP", "ShopMarketServer", "ShopCore", "ShopTesting",
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        // A hostile SSH client for the attack tests and scripts/faults/ssh_attacks.py (floods,
        // stalled windows, many channels, raw pre-auth connections); never shipped.
        .executableTarget(
            name: "reelshop-ssh-attack",
            dependencies: [
                "ShopSSH",
                .product(name: "NIOSSH", package: "swift-nio-ssh"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Tests/SSHAttack"
        ),
    ]
)

// Swift 6 language mode everywhere, with the same settings for every target.
let sharedSwiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]
for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + sharedSwiftSettings
}
