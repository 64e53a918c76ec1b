import ArgumentParser
import Dispatch
import Foundation
import ShopSSH

/// `--listen ADDR:PORT`, as `serve` and `market serve` take it: an IPv4 or host name, or an IPv6
/// address in brackets, and a port from 0 (any free one) to 65535. Parsed once, by the argument
/// parser; a value that is not one is refused before the command runs.
struct ListenAddress: ExpressibleByArgument, CustomStringConvertible, Sendable, Equatable {
    var host: String
    var port: Int

    init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    init?(argument text: String) {
        guard let colon = text.lastIndex(of: ":") else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else { return nil }
        self.init(host: host, port: port)
    }

    /// How it is written back: the default in `--help`, and the address in messages.
    var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
    var defaultValueDescription: String { description }
}

/// `--idle-timeout 15m`: a duration written for people (`DurationText`), kept with how it was
/// written for the messages. Each command checks the range its option allows.
struct DurationArgument: ExpressibleByArgument, Sendable, Equatable {
    var seconds: Double
    var text: String

    init?(argument text: String) {
        guard let seconds = try? DurationText.seconds(text) else { return nil }
        self.seconds = seconds
        self.text = text
    }

    var defaultValueDescription: String { text }
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
