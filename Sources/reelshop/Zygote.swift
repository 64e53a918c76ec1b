import CSpawnPTY
import Foundation
import ShopCore
import ShopMedia
import ShopSSH
import ShopUI

/// The zygote behind `reelshop serve` (issue 15, docs/SSH.md "Visitors start warm"): a
/// single-threaded process that loads the catalog, builds the search index and decodes the first
/// clips once, then forks one storefront per visitor onto the PTY slave the server sends it. The
/// children share the loaded pages copy-on-write and start from `main` as a fresh process would,
/// with the visitor's own arguments and environment (so each has their own state directory).
///
/// It runs before anything starts a thread: `Reelshop.main` hands over to it first thing, and
/// it refuses to fork when `/proc/self/task` shows a second thread (a fork would copy locks held
/// by threads that do not exist in the child). It never uses Dispatch or Swift concurrency.
enum Zygote {
    /// The hidden first argument that starts it; `serve` passes it, no one else should.
    static let commandName = "__serve-zygote"
    /// The channel to the server (`reelshop_spawn_helper` puts it there).
    static let channel: Int32 = 3

    /// Runs the zygote. Returns only in a forked child, with the visitor's arguments for the
    /// storefront; the zygote itself ends with `exit`.
    static func run(arguments: [String]) -> [String] {
        var catalogArgument: String?
        if let index = arguments.firstIndex(of: "--catalog"), index + 1 < arguments.count { catalogArgument = arguments[index + 1] }
        let directory = CommonOptions.catalogDirectory(catalogArgument)
        guard var warm = WarmStart.prepare(directory: directory) else {
            // The server loaded the same catalog before starting this; a catalog that breaks
            // in between is the visitors' own storefronts' to report.
            fail("cannot load the catalog \(directory.path)", status: 65)
        }
        WarmStart.current = warm
        // Parsing a storefront's command line once fills the runtime's protocol-conformance and
        // metadata caches ArgumentParser's first parse spends most of its time on (perf: 7 % of
        // a burst's storefront CPU); the children inherit them.
        _ = try? Reelshop.parseAsRoot(["--state-dir", "/nonexistent", "--skip-intro", "--market", "http://127.0.0.1:9"])
        let sigchld = reelshop_sigchld_fd()
        guard sigchld >= 0 else { fail("cannot watch children: \(String(cString: strerror(errno)))", status: 71) }
        send(.ready(pid: getpid()))
        var children = Set<pid_t>()
        var buffer = [UInt8](repeating: 0, count: ZygoteWire.maxRequest + 1)
        var descriptors = [pollfd(fd: channel, events: Int16(POLLIN), revents: 0), pollfd(fd: sigchld, events: Int16(POLLIN), revents: 0)]
        while true {
            descriptors[0].revents = 0
            descriptors[1].revents = 0
            if poll(&descriptors, 2, -1) < 0 {
                if errno == EINTR { continue }
                fail("poll: \(String(cString: strerror(errno)))", status: 71)
            }
            if descriptors[1].revents != 0 {
                _ = reelshop_drain_signalfd(sigchld)
                reap(&children)
            }
            guard descriptors[0].revents != 0 else { continue }
            var slave: Int32 = -1
            let n = buffer.withUnsafeMutableBytes { reelshop_receive_message(channel, $0.baseAddress, UInt($0.count), &slave) }
            if n == 0 || (n == -1 && errno != EAGAIN) {
                // The server is gone or closed the channel: hang up what is left, then go.
                finish(&children)
            }
            guard n > 0 else { continue }
            guard let launch = ZygoteWire.Launch.decode(Array(buffer[0..<n])), slave >= 0 else {
                if slave >= 0 { close(slave) }
                continue
            }
            // A changed catalog is loaded before this visitor is forked, so they and everyone
            // after see it; one that no longer loads leaves the old one here, and the visitor's
            // own storefront (which checks the stamp) reports the problem as it always did.
            if warm.stamp != FileStamp.of(warm.catalogFile), let fresh = WarmStart.prepare(directory: directory) {
                warm = fresh
                WarmStart.current = fresh
            }
            guard reelshop_thread_count() == 1 else {
                close(slave)
                send(.failed(id: launch.id, error: EDEADLK))
                fail("refusing to fork: this process has more than one thread", status: 70)
            }
            let pid = reelshop_zygote_fork(slave)
            if pid == 0 {
                become(launch)
                return launch.arguments
            }
            let error = errno
            close(slave)
            if pid > 0 {
                children.insert(pid)
                send(.started(id: launch.id, pid: pid))
            } else {
                send(.failed(id: launch.id, error: error))
            }
        }
    }

    /// In the child: the visitor's environment and working directory, nothing of the zygote's.
    private static func become(_ launch: ZygoteWire.Launch) {
        clearenv()
        for (name, value) in launch.environment { setenv(name, value, 1) }
        guard chdir(launch.workingDirectory) == 0 else {
            let message = "Reelshop could not open your shop state.\r\n"
            _ = message.withCString { write(2, $0, strlen($0)) }
            _exit(126)
        }
    }

    /// Reaps every child that has ended and reports it.
    private static func reap(_ children: inout Set<pid_t>) {
        while true {
            var status: Int32 = 0
            let pid = waitpid(-1, &status, WNOHANG)
            guard pid > 0 else { return }
            children.remove(pid)
            send(.exited(pid: pid, status: PTYProcess.exitCode(fromWaitStatus: status)))
        }
    }

    /// The server hung up: SIGHUP to every child's session, up to 3 s for them, then SIGKILL.
    private static func finish(_ children: inout Set<pid_t>) -> Never {
        for pid in children {
            kill(-pid, SIGHUP)
            kill(pid, SIGHUP)
        }
        let deadline = Date().addingTimeInterval(3)
        while !children.isEmpty && Date() < deadline {
            var status: Int32 = 0
            let pid = waitpid(-1, &status, WNOHANG)
            if pid > 0 { children.remove(pid) } else { usleep(20_000) }
        }
        for pid in children {
            kill(-pid, SIGKILL)
            kill(pid, SIGKILL)
        }
        while waitpid(-1, nil, 0) > 0 {}
        exit(0)
    }

    private static func send(_ reply: ZygoteWire.Reply) {
        let bytes = reply.encoded()
        _ = bytes.withUnsafeBytes { reelshop_send_message(channel, $0.baseAddress, UInt($0.count), -1) }
    }

    private static func fail(_ message: String, status: Int32) -> Never {
        FileHandle.standardError.write(Data("reelshop serve: zygote: \(message)\n".utf8))
        exit(status)
    }
}

/// What a zygote has loaded for its children: the catalog (while its catalog.json is unchanged),
/// the search index and the decoded first clips. Empty in every other process.
struct WarmStart {
    var directory: URL
    var catalogFile: URL
    var stamp: FileStamp?
    var catalog: Catalog
    var searchIndex: SearchIndex
    var clips: ClipLibrary

    /// Set in the zygote, and inherited by its children; only a child of one reads it.
    nonisolated(unsafe) static var current: WarmStart?

    /// The terminal sizes whose first frame is prepared: the common ones (80x24 first).
    static let sizes = [Size(width: 80, height: 24), Size(width: 100, height: 30), Size(width: 120, height: 40), Size(width: 132, height: 43)]
    /// The colour modes prepared: 256 colours (xterm-256color and most terminals), 16 and 8.
    static let themes = [Theme(capability: .ansi256, unicode: true), Theme(capability: .ansi16, unicode: true)]

    /// The warm catalog for `directory` if the zygote loaded that one and it is unchanged on disk;
    /// otherwise nil, and the warm clips are dropped too (they may be of another catalog).
    static func catalog(for directory: URL) -> Catalog? {
        guard let warm = current else { return nil }
        guard warm.directory.standardizedFileURL == directory.standardizedFileURL, warm.stamp != nil,
            warm.stamp == FileStamp.of(warm.catalogFile)
        else {
            current = nil
            return nil
        }
        return warm.catalog
    }

    /// Loads `directory` and prepares what a new visitor's first frame needs, or nil when the
    /// catalog does not load.
    static func prepare(directory: URL) -> WarmStart? {
        let file = directory.appendingPathComponent("catalog.json")
        let stamp = FileStamp.of(file)
        guard let catalog = try? Catalog.load(from: directory) else { return nil }
        // Every post's clip stays decoded, not only the few near one screen: visitors share these
        // pages copy-on-write, so scrolling costs none of them a decode.
        let clips = ClipLibrary(store: MediaStore(clipCountLimit: .max))
        WarmClips.prepare(catalog: catalog, themes: themes, sizes: sizes, into: clips)
        return WarmStart(
            directory: directory, catalogFile: file, stamp: stamp, catalog: catalog, searchIndex: SearchIndex(catalog: catalog),
            clips: clips)
    }
}
