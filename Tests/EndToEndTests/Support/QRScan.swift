import Foundation

/// A terminal screen (tmux `capture-pane -p -e`, colours kept) drawn as a PNG by
/// scripts/screen-png (half blocks as exact pixels) and read by zbarimg, as a phone's camera
/// would read the link screen. `stdout` is what the QR code holds.
enum QRScan {
    static func scan(screenWithEscapes: String, width: Int, height: Int) throws -> ProcessResult {
        let scratch = try TemporaryDirectory("qr-scan")
        defer { scratch.remove() }
        let capture = scratch.url.appendingPathComponent("screen.txt"), png = scratch.url.appendingPathComponent("screen.png")
        try screenWithEscapes.write(to: capture, atomically: true, encoding: .utf8)
        let env = URL(fileURLWithPath: "/usr/bin/env"), environment = ProcessInfo.processInfo.environment
        let drawn = try run(
            env,
            [
                "python3", packageRoot.appendingPathComponent("scripts/screen-png").path,
                "--size", "\(width)x\(height)", "--out", png.path, capture.path,
            ], environment: environment)
        guard drawn.status == 0 else { return drawn }
        return try run(env, ["zbarimg", "--raw", "-q", png.path], environment: environment)
    }
}
