import ArgumentParser
import Foundation
import ShopCore

/// Output helpers shared by the accounts and orders commands (error messages on stderr with
/// the same "reelshop: " prefix as `CleanExit`).
enum MarketCLI {
    /// Writes "reelshop: message" to stderr and returns the exit code to throw.
    static func fail(_ message: String, status: Int32 = 1) -> ExitCode {
        Output.error(message)
        return ExitCode(status)
    }

    /// A line on stdout, written at once (`accounts link` waits between lines).
    static func say(_ line: String) {
        Output.line(line)
    }

    static func note(_ message: String) {
        Output.error(message)
    }

    /// Runs a storage or marketplace call; its error becomes a message and a non-zero exit.
    static func call<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as ExitCode {
            throw error
        } catch let error as MarketplaceError {
            throw fail(error.message, status: error.kind == .storage ? 74 : 1)
        } catch let error as StorageError {
            throw fail(error.description, status: 74)
        } catch {
            throw fail("\(error)", status: 1)
        }
    }

    /// The state directory, created (0700) if needed; refused when other users can write it.
    static func preparedStateDirectory(_ options: CommonOptions) throws -> StateDirectory {
        let directory = options.stateDirectory
        do { try directory.create() } catch { throw fail(error.description, status: 73) }
        return directory
    }

    /// The fault-injection hook named by `REELSHOP_DEBUG_KILL_AT` (tests only); an unknown point
    /// stops the command with the list of known ones, before anything is written.
    static func debugKillSwitch() throws -> DebugKillSwitch? {
        do { return try DebugKillSwitch.fromEnvironment() } catch { throw fail(error.description, status: 2) }
    }

    /// Finishes checkouts an earlier process left half done, and says what it did on stderr
    /// (stdout stays the command's own output).
    static func reconcile(_ coordinator: CheckoutCoordinator) async -> ReconcileReport {
        let report = await coordinator.reconcile()
        for message in report.messages { note(message) }
        return report
    }

    /// "Nov 24, 14:05" in the local time zone.
    static func shortDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "MMM d, HH:mm"
        return formatter.string(from: date)
    }
}
