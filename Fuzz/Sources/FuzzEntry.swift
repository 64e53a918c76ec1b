import Foundation

/// libFuzzer's entry points: `REELSHOP_FUZZ_TARGET` picks which decoder this process fuzzes.
///
/// One binary serves every target so the sanitized libraries are linked once (see scripts/fuzz).

nonisolated(unsafe) private var selected: FuzzTarget?

@_cdecl("LLVMFuzzerInitialize")
public func fuzzerInitialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> CInt {
    let name = ProcessInfo.processInfo.environment["REELSHOP_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget.all.first(where: { $0.name == name }) else {
        let names = FuzzTarget.all.map(\.name).joined(separator: " ")
        FileHandle.standardError.write(Data("set REELSHOP_FUZZ_TARGET to one of: \(names)\n".utf8))
        exit(2)
    }
    selected = target
    // Lazy tables (the 256-colour lookup) take seconds to fill in a sanitized -Onone build;
    // filling them here keeps that out of the first input's time limit.
    if target.draws { Fixtures.prime() }
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    selected?.run(bytes)
    return 0
}
