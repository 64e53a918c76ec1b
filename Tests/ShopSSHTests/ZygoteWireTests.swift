import Foundation
import Testing

@testable import ShopSSH

/// The messages between `reelshop serve` and its zygote (issue 15).
@Suite struct ZygoteWireTests {
    @Test func aLaunchRoundTripsWithEveryStringIntact() throws {
        let launch = ZygoteWire.Launch(
            id: 0x0102_0304_0506_0708, arguments: ["--state-dir", "/d/sha256-x", "--catalog", "/c a t", ""],
            environment: ["TERM": "xterm-256color", "LANG": "C.UTF-8", "EMPTY": "", "EQ": "a=b=c", "UNI": "héllo ✓"],
            workingDirectory: "/d/sha256-x")
        let bytes = try #require(launch.encoded())
        #expect(ZygoteWire.Launch.decode(bytes) == launch)
    }

    @Test func launchesThatCannotBeSentSafelyAreRefused() {
        let nul = ZygoteWire.Launch(id: 1, arguments: ["a\u{0}b"], environment: [:], workingDirectory: "/")
        #expect(nul.encoded() == nil)
        let badName = ZygoteWire.Launch(id: 1, arguments: [], environment: ["A=B": "c"], workingDirectory: "/")
        #expect(badName.encoded() == nil)
        let emptyName = ZygoteWire.Launch(id: 1, arguments: [], environment: ["": "c"], workingDirectory: "/")
        #expect(emptyName.encoded() == nil)
        let huge = ZygoteWire.Launch(id: 1, arguments: [String(repeating: "x", count: ZygoteWire.maxRequest)], environment: [:], workingDirectory: "/")
        #expect(huge.encoded() == nil)
    }

    @Test func malformedLaunchesDecodeToNothing() throws {
        let good = try #require(ZygoteWire.Launch(id: 7, arguments: ["x"], environment: ["A": "1"], workingDirectory: "/").encoded())
        #expect(ZygoteWire.Launch.decode([]) == nil)
        #expect(ZygoteWire.Launch.decode(Array(good.dropLast())) == nil, "no final NUL")
        #expect(ZygoteWire.Launch.decode(good + [0]) == nil, "one string too many")
        var wrongKind = good
        wrongKind[0] = UInt8(ascii: "X")
        #expect(ZygoteWire.Launch.decode(wrongKind) == nil)
        var moreArguments = good
        moreArguments[9] = 5
        #expect(ZygoteWire.Launch.decode(moreArguments) == nil, "counts that do not match the strings")
        // Every truncation of a good message is refused, never misread.
        for length in 0..<good.count { #expect(ZygoteWire.Launch.decode(Array(good.prefix(length))) == nil) }
    }

    @Test func repliesRoundTripAndNonsenseIsRefused() {
        let replies: [ZygoteWire.Reply] = [
            .ready(pid: 42), .started(id: 9, pid: 1234), .failed(id: 9, error: EAGAIN), .exited(pid: 1234, status: 139),
        ]
        for reply in replies { #expect(ZygoteWire.Reply.decode(reply.encoded()) == reply) }
        #expect(ZygoteWire.Reply.decode([]) == nil)
        #expect(ZygoteWire.Reply.decode(Array(ZygoteWire.Reply.ready(pid: 1).encoded().dropLast())) == nil)
        // A started or exited report for pid 0 or below would signal a process group: refused.
        #expect(ZygoteWire.Reply.decode(ZygoteWire.Reply.started(id: 1, pid: 0).encoded()) == nil)
        #expect(ZygoteWire.Reply.decode(ZygoteWire.Reply.exited(pid: -1, status: 0).encoded()) == nil)
        var unknown = ZygoteWire.Reply.ready(pid: 1).encoded()
        unknown[0] = UInt8(ascii: "?")
        #expect(ZygoteWire.Reply.decode(unknown) == nil)
    }
}
