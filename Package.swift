// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "reelshop",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "ShopCore", targets: ["ShopCore"]),
        .library(name: "ShopMedia", targets: ["ShopMedia"]),
        .executable(name: "reelshop", targets: ["reelshop"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // The shared model layer: Foundation only, never a terminal.
        .target(name: "ShopCore"),
        // The app without a terminal: Grid, State, reduce, one file per screen.
        .target(name: "ShopUI", dependencies: ["ShopCore"]),
        // ncursesw through a shim header; only NcursesBackend imports it.
        .systemLibrary(
            name: "CNcursesw",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncurses-dev"])]
        ),
        .target(name: "NcursesBackend", dependencies: ["CNcursesw", "ShopUI"]),
        // libpng (simplified API only: no setjmp) and giflib through shim headers.
        .systemLibrary(
            name: "CPNG",
            pkgConfig: "libpng",
            providers: [.apt(["libpng-dev"])]
        ),
        // Debian's libgif-dev has no .pc file: the modulemap links "gif" itself.
        .systemLibrary(name: "CGIF", providers: [.apt(["libgif-dev"])]),
        // Pictures to terminal cells: decoding, scaling, palettes, half-block raster, timing.
        .target(name: "ShopMedia", dependencies: ["CPNG", "CGIF"]),
        .executableTarget(
            name: "reelshop",
            dependencies: [
                "ShopCore", "ShopUI", "NcursesBackend", "ShopMedia",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "ShopCoreTests", dependencies: ["ShopCore"]),
        .testTarget(name: "ShopUITests", dependencies: ["ShopUI", "ShopCore"]),
        .testTarget(name: "NcursesBackendTests", dependencies: ["NcursesBackend", "ShopUI"]),
        .testTarget(name: "ShopMediaTests", dependencies: ["ShopMedia", "CPNG", "CGIF"]),
        .testTarget(name: "EndToEndTests", dependencies: ["ShopCore"]),
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
