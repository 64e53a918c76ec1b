import Benchmark
import Foundation
import ShopCore

/// A cart of `count` lines, each its own product, as a long-lived shopper's cart would be.
func largeCart(lines count: Int) -> Cart {
    let added = Date(timeIntervalSince1970: 1_790_000_000)
    return Cart(
        lines: (0..<count).map { i in
            CartLine(
                productID: "product-\(i)", variantID: "standard", quantity: 1 + i % 3,
                unitPrice: Money(minorUnits: 499 + i, currency: "USD"), addedAt: added.addingTimeInterval(Double(i)))
        })
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal],
        timeUnits: .microseconds,
        // p99 needs samples: a change of the large cart takes tens of milliseconds.
        maxDuration: .seconds(60),
        maxIterations: 2_000
    )

    // A real state directory on the real file system: the lock, the fsyncs and the rename are
    // part of what a persisted change costs.
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("reelshop-cart-bench-\(getpid())", isDirectory: true)

    for size in [1_000, 10] {
        Benchmark("Cart change persisted, \(size)-line cart (quantity +1/-1 through CartStore)") { benchmark in
            let stateDirectory = StateDirectory(url: directory.appendingPathComponent("\(size)"))
            try FileManager.default.createDirectory(at: stateDirectory.url, withIntermediateDirectories: true)
            let catalog = Catalog(directory: stateDirectory.url, marketplaces: [], creators: [], products: [], posts: [])
            let store = CartStore(stateDirectory: stateDirectory, catalog: catalog)
            try store.document.update { $0 = largeCart(lines: size) }
            let key = CartLineKey(productID: "product-\(size / 2)", variantID: "standard")
            var delta = 1
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(try store.adjust(key, by: delta))
                delta = -delta
            }
            benchmark.stopMeasurement()
            try? FileManager.default.removeItem(at: stateDirectory.url)
        }
    }
}
