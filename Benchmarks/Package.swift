// swift-tools-version: 6.1
// Benchmarks live in their own package so `make test` in the root never builds them.
// Run: cd Benchmarks && swift package benchmark
import Foundation
import PackageDescription

// SwiftPM names a path dependency after its folder (the checkout's name, which varies),
// so derive it instead of hard-coding "reelshop".
let rootPackage = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "reelshop-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    // One suite per library it measures: (suite, library).
    targets: [("MediaBenchmarks", "ShopMedia"), ("CartBenchmarks", "ShopCore")].map { suite, library in
        .executableTarget(
            name: suite,
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: library, package: rootPackage),
            ],
            path: "Benchmarks/\(suite)",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    }
)
