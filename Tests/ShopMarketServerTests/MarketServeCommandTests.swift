import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
import Testing

/// The real `reelshop market serve` binary (built by `swift test`; `REELSHOP_BIN` overrides).
@Suite("reelshop market serve", .serialized)
struct MarketServeCommandTests {
    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["REELSHOP_BIN"], !path.isEmpty { return path }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/reelshop").path
    }

    @Test func printsTheBoundAddressLogsWithoutSecretsAndStopsOnSIGTERM() async throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("market-cli-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["market", "serve", "--listen", "127.0.0.1:0", "--state-dir", state.path, "--public-url", "https://shop.example.net/"]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        // The banner is one flushed line; read until its newline.
        var banner = Data()
        while !banner.contains(0x0a) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            banner.append(chunk)
        }
        let line = String(decoding: banner, as: UTF8.self).trimmingCharacters(in: .newlines)
        let pattern = #/^Marketplace listening on http://127\.0\.0\.1:(\d+) \(public URL: https://shop\.example\.net\)$/#
        let match = try #require(line.wholeMatch(of: pattern), "banner was \(line)")
        let port = String(match.1)

        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/riverstone/oauth/device_authorization")!)
        request.httpMethod = "POST"
        request.httpBody = Data("client_id=reelshop".utf8)
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        let (data, _) = try await URLSession.shared.data(for: request)
        let started = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let deviceCode = try #require(started["device_code"] as? String)
        let userCode = try #require(started["user_code"] as? String)
        #expect(started["verification_uri"] as? String == "https://shop.example.net/riverstone/device")
        let page = URL(string: "http://127.0.0.1:\(port)/riverstone/device?user_code=\(userCode)")!
        _ = try await URLSession.shared.data(from: page)

        let database = state.appendingPathComponent("marketplace.sqlite").path
        #expect(try FileManager.default.attributesOfItem(atPath: database)[.posixPermissions] as? Int == 0o600)

        process.terminate()  // SIGTERM
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let log = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(log.contains("POST /riverstone/oauth/device_authorization 200"))
        #expect(log.contains("GET /riverstone/device 200"))
        #expect(!log.contains(deviceCode))
        #expect(!log.contains(userCode))
    }
}
