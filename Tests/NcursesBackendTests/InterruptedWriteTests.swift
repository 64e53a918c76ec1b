import Foundation
import Testing
@testable import NcursesBackend

/// The storefront's signal handlers (SIGWINCH on every resize, SIGTERM) interrupt whatever the
/// run loop is doing. A write to a terminal that is full (a slow SSH link) is such a thing: a
/// signal that interrupted it made glibc's stdio drop what it had not written yet, the rest of a
/// sixel frame, and the terminal took the next screen for picture data.
@Suite(.serialized) struct InterruptedWriteTests {
    /// Bytes written into `write end` by another thread, read back at the other end.
    final class Collector: @unchecked Sendable {
        private let lock = NSLock()
        private var data: [UInt8] = []
        var bytes: [UInt8] { lock.withLock { data } }
        func add(_ chunk: ArraySlice<UInt8>) { lock.withLock { data += chunk } }
    }

    @Test func aPictureWrittenWhileSignalsArriveArrivesWhole() throws {
        _ = SignalPipe.install()
        var fds: [Int32] = [-1, -1]
        #expect(pipe(&fds) == 0)
        // The smallest pipe: the writer blocks at once, as on a terminal that is not keeping up.
        _ = fcntl(fds[1], 1031 /* F_SETPIPE_SZ */, 4096)
        nonisolated(unsafe) let file = try #require(fdopen(fds[1], "w"))
        let picture = (0..<(256 << 10)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) }
        let collected = Collector()
        let done = DispatchSemaphore(value: 0)
        let writerReady = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var writerThread = pthread_self()
        let writer = Thread {
            writerThread = pthread_self()
            writerReady.signal()
            StreamWriter(file).write(picture)
            fclose(file)
            done.signal()
        }
        writer.start()
        writerReady.wait()
        let readEnd = fds[0]
        let reader = Thread {
            var buffer = [UInt8](repeating: 0, count: 1024)
            while true {
                let n = read(readEnd, &buffer, buffer.count)
                if n <= 0 { break }
                collected.add(buffer[0..<n])
                usleep(200)  // slower than the writer
            }
            close(readEnd)
        }
        reader.start()
        // A resize every millisecond while the picture goes out.
        var sent = 0
        while done.wait(timeout: .now() + .milliseconds(1)) == .timedOut {
            pthread_kill(writerThread, SIGWINCH)
            sent += 1
            if sent > 20_000 { break }
        }
        // Let the reader drain what is left.
        let deadline = Date().addingTimeInterval(10)
        while collected.bytes.count < picture.count, Date() < deadline { usleep(5_000) }
        #expect(sent > 0, "signals sent while writing: \(sent)")
        let arrived = collected.bytes.count
        #expect(arrived == picture.count, "\(arrived) of \(picture.count) bytes arrived")
        let got = collected.bytes
        let firstDifference = zip(got, picture).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(got.count, picture.count)
        #expect(got.count == picture.count && firstDifference == picture.count, "the bytes differ from byte \(firstDifference) on")
    }
}

/// What the signal and crash restores write (async-signal-safe constants): ST before anything,
/// since the signal can come in the middle of a picture's string.
@Suite struct RestoreSequenceTests {
    static func bytes(_ s: StaticString) -> [UInt8] { Array(UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount)) }

    @Test func theRestoreEndsAnOpenStringBeforeItsCommands() {
        #expect(Self.bytes(SignalPipe.endString) == [0x1B, 0x5C])
        #expect(Self.bytes(SignalPipe.reset).first == 0x1B)
        #expect(String(decoding: Self.bytes(SignalPipe.reset), as: UTF8.self).hasSuffix("\u{1B}[?1049l"), "the alternate screen is left last")
        // The deletes are complete strings of their own (each ends with its own ST).
        #expect(String(decoding: Self.bytes(SignalPipe.deleteEveryImage), as: UTF8.self) == "\u{1B}_Ga=d,d=A,q=2\u{1B}\\")
        #expect(String(decoding: Self.bytes(SignalPipe.deleteEveryImageThroughTmux), as: UTF8.self).hasSuffix("\u{1B}\u{1B}\\\u{1B}\\"))
    }
}
