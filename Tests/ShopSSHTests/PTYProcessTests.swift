import Foundation
import NIOConcurrencyHelpers
import Testing

@testable import ShopSSH

/// Collects a child's output and exit status for assertions.
final class ChildRecorder: Sendable {
    private let box = NIOLockedValueBox<(output: [UInt8], status: Int32?)>(([], nil))
    var output: String { String(decoding: box.withLockedValue { $0.output }, as: UTF8.self) }
    var status: Int32? { box.withLockedValue { $0.status } }
    func append(_ bytes: [UInt8]) { box.withLockedValue { $0.output += bytes } }
    func exited(_ status: Int32) { box.withLockedValue { $0.status = status } }

    func waitFor(timeout: Double = 15, _ condition: (ChildRecorder) -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition(self) { return true }
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
        return condition(self)
    }
}

@Suite struct PTYProcessTests {
    private func spawn(_ script: String, rows: Int = 24, columns: Int = 80, recorder: ChildRecorder) throws -> PTYProcess {
        try PTYProcess(
            executable: "/bin/sh", arguments: ["-c", script], environment: ["TERM": "xterm-256color", "PATH": "/usr/bin:/bin"],
            workingDirectory: "/", rows: rows, columns: columns,
            onOutput: { recorder.append($0) }, onExit: { recorder.exited($0) })
    }

    @Test func childGetsATerminalOfTheRequestedSizeAndItsStatusIsReported() async throws {
        let recorder = ChildRecorder()
        _ = try spawn("tty >/dev/null && echo TTY-OK; stty size; echo TERM=$TERM; exit 3", rows: 33, columns: 101, recorder: recorder)
        #expect(await recorder.waitFor { $0.status != nil })
        #expect(recorder.status == 3)
        #expect(recorder.output.contains("TTY-OK"))
        #expect(recorder.output.contains("33 101"))
        #expect(recorder.output.contains("TERM=xterm-256color"))
    }

    @Test func inputReachesTheChildAndResizeSendsSIGWINCH() async throws {
        let recorder = ChildRecorder()
        let process = try spawn(
            "trap 'stty size; exit 0' WINCH; echo READY; read line; echo GOT:$line; while :; do sleep 0.05; done",
            recorder: recorder)
        #expect(await recorder.waitFor { $0.output.contains("READY") })
        process.write(Array("hello\r".utf8))
        #expect(await recorder.waitFor { $0.output.contains("GOT:hello") })
        process.resize(rows: 40, columns: 120)
        #expect(await recorder.waitFor { $0.status != nil })
        #expect(recorder.output.contains("40 120"))
        #expect(recorder.status == 0)
    }

    @Test func hangUpEndsTheChildAndItIsReaped() async throws {
        let recorder = ChildRecorder()
        let process = try spawn("echo READY; exec sleep 3600", recorder: recorder)
        #expect(await recorder.waitFor { $0.output.contains("READY") })
        let pid = process.pid
        process.hangUp(grace: 5)
        #expect(await recorder.waitFor { $0.status != nil })
        #expect(recorder.status == 128 + SIGHUP)
        // Reaped: the pid no longer exists (not even as a zombie).
        #expect(kill(pid, 0) == -1 && errno == ESRCH)
    }

    @Test func aChildIgnoringSIGHUPIsKilledAfterTheGracePeriod() async throws {
        let recorder = ChildRecorder()
        let process = try spawn("trap '' HUP; echo READY; while :; do sleep 0.05; done", recorder: recorder)
        #expect(await recorder.waitFor { $0.output.contains("READY") })
        process.hangUp(grace: 0.3)
        #expect(await recorder.waitFor { $0.status != nil })
        #expect(recorder.status == 128 + SIGKILL)
    }
}

@Suite struct ExitCodeTests {
    /// The reaper reads the status from waitid's siginfo (another waitpid in the process may reap
    /// the child first, leaving waitpid nothing): an exit is its status, a kill 128 + the signal.
    @Test func siginfoGivesTheStatusOrTheSignal() {
        #expect(PTYProcess.exitCode(code: Int32(CLD_EXITED), status: 7) == 7)
        #expect(PTYProcess.exitCode(code: Int32(CLD_KILLED), status: SIGHUP) == 129)
        #expect(PTYProcess.exitCode(code: Int32(CLD_DUMPED), status: SIGSEGV) == 128 + SIGSEGV)
    }
}
