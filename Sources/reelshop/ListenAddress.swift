import ArgumentParser
import Dispatch
import Foundation

/// `--listen ADDR:PORT`, as `serve` and `market serve` take it: an IPv4 or host name, or an IPv6
/// address in brackets, and a port from 0 (any free one) to 65535.
enum ListenAddress {
    static func parse(_ text: String, example: String) throws -> (host: String, port: Int) {
        guard let colon = text.lastIndex(of: ":") else {
            throw ValidationError("--listen must be ADDR:PORT, e.g. \(example)")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
            throw ValidationError("--listen must be ADDR:PORT with a port from 0 to 65535, e.g. \(example)")
        }
        return (host, port)
    }
}

extension SignalSources {
    /// SIGINT and SIGTERM as a stream, their default action off: how a server command waits to stop.
    static func termination() -> AsyncStream<Int32> {
        AsyncStream<Int32> { continuation in
            for signalNumber in [SIGINT, SIGTERM] {
                signal(signalNumber, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
                source.setEventHandler { continuation.yield(signalNumber) }
                source.resume()
                keep(source)
            }
        }
    }
}
