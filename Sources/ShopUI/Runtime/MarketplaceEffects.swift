import Foundation
import ShopCore
#if canImport(Glibc)
    import Glibc
#endif

/// What the runner needs to perform marketplace effects.
public struct MarketServices: Sendable {
    public let linker: AccountLinker
    public let coordinator: CheckoutCoordinator

    public init(linker: AccountLinker, coordinator: CheckoutCoordinator) {
        self.linker = linker
        self.coordinator = coordinator
    }

    /// The services over a registry (HTTP marketplaces in the product) and one state directory.
    /// `killSwitch` is the fault-injection hook (`REELSHOP_DEBUG_KILL_AT`), nil in normal use.
    public init(registry: MarketplaceRegistry, catalog: Catalog, stateDirectory: StateDirectory, killSwitch: DebugKillSwitch? = nil) {
        let coordinator = CheckoutCoordinator(stateDirectory: stateDirectory, catalog: catalog, registry: registry, killSwitch: killSwitch)
        self.init(linker: AccountLinker(registry: registry, accounts: coordinator.accounts), coordinator: coordinator)
    }
}

/// Actions finished off the run loop, handed back through a self-pipe the loop watches, so a
/// blocked `waitForEvents` wakes as soon as one arrives.
final class Mailbox: @unchecked Sendable {
    let readDescriptor: Int32
    private let writeDescriptor: Int32
    private let lock = NSLock()
    private var actions: [Action] = []

    init?() {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return nil }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        readDescriptor = fds[0]
        writeDescriptor = fds[1]
    }

    deinit {
        close(readDescriptor)
        close(writeDescriptor)
    }

    func post(_ action: Action) {
        lock.withLock { actions.append(action) }
        var byte: UInt8 = 1
        _ = write(writeDescriptor, &byte, 1)
    }

    /// Empties the pipe and returns the actions posted so far, oldest first.
    func take() -> [Action] {
        var buffer = [UInt8](repeating: 0, count: 256)
        while read(readDescriptor, &buffer, buffer.count) > 0 {}
        return lock.withLock {
            defer { actions.removeAll() }
            return actions
        }
    }
}

extension AppRunner {
    /// Performs one marketplace effect: file reads inline, marketplace calls in a Task whose
    /// answer comes back through the mailbox.
    func performMarket(_ effect: MarketEffect) {
        guard let services = market, let mailbox else {
            dispatch(.market(.unavailable))
            return
        }
        let linker = services.linker, coordinator = services.coordinator, wallClock = self.wallClock
        switch effect {
        case .loadAccounts:
            do {
                dispatch(.market(.accountsLoaded(try linker.accounts.accounts(), error: nil)))
            } catch {
                dispatch(.market(.accountsLoaded([], error: "\(error)")))
            }
        case .startLink(let id):
            let qrEncoder = environment.qrEncoder
            Task(executorPreference: MarketTaskExecutor.shared) {
                let result: Result<DeviceAuthorization, MarketplaceError>
                do throws(MarketplaceError) { result = .success(try await linker.start(marketplaceID: id)) } catch { result = .failure(error) }
                mailbox.post(.market(.linkStarted(marketplaceID: id, result, at: wallClock(), qr: LinkQR.make(for: try? result.get(), encoder: qrEncoder))))
            }
        case .pollLink(let authorization):
            Task(executorPreference: MarketTaskExecutor.shared) {
                let progress = await linker.poll(authorization)
                mailbox.post(.market(.linkPolled(marketplaceID: authorization.marketplaceID, progress, at: wallClock())))
            }
        case .approveOnThisDevice(let authorization):
            Task(executorPreference: MarketTaskExecutor.shared) {
                do throws(MarketplaceError) {
                    try await linker.approveOnThisDevice(authorization)
                    mailbox.post(.market(.approvedOnThisDevice(marketplaceID: authorization.marketplaceID, error: nil)))
                } catch {
                    mailbox.post(.market(.approvedOnThisDevice(marketplaceID: authorization.marketplaceID, error: error.message)))
                }
            }
        case .unlink(let id):
            Task(executorPreference: MarketTaskExecutor.shared) {
                do throws(MarketplaceError) {
                    try await linker.unlink(marketplaceID: id)
                    mailbox.post(.market(.unlinked(marketplaceID: id, error: nil)))
                } catch {
                    mailbox.post(.market(.unlinked(marketplaceID: id, error: error.message)))
                }
            }
        case .quote(let plan):
            Task(executorPreference: MarketTaskExecutor.shared) { mailbox.post(.market(.quoted(await coordinator.quote(plan)))) }
        case .placeOrders(let plan):
            Task(executorPreference: MarketTaskExecutor.shared) { mailbox.post(.market(.placed(await coordinator.place(plan)))) }
        case .reconcile:
            Task(executorPreference: MarketTaskExecutor.shared) { mailbox.post(.market(.reconciled(await coordinator.reconcile()))) }
        case .refreshStock(let wanted):
            let registry = coordinator.registry
            Task(executorPreference: MarketTaskExecutor.shared) {
                // All marketplaces at once; one that fails keeps the stock already shown (its
                // trouble is reported where it matters: linking, quoting, ordering).
                let levels = await withTaskGroup(of: (String, [StockLevel]?).self) { group in
                    for (id, products) in wanted {
                        guard let service = registry.service(for: id) else { continue }
                        group.addTask { (id, try? await service.stock(of: products)) }
                    }
                    var all: [String: [StockLevel]] = [:]
                    for await (id, part) in group { all[id] = part }
                    return all
                }
                mailbox.post(.market(.stockLoaded(levels, at: wallClock())))
            }
        case .loadOrders:
            Task(executorPreference: MarketTaskExecutor.shared) {
                do {
                    mailbox.post(.market(.ordersLoaded(try await coordinator.refreshOrders(), error: nil)))
                } catch {
                    let known = (try? coordinator.orders.load().orders) ?? []
                    mailbox.post(.market(.ordersLoaded(known, error: "\(error)")))
                }
            }
        }
    }
}

/// Where the runner's marketplace calls run: threads of their own, not Swift's cooperative pool
/// (see `DispatchTaskExecutor`): the storefront's answer must not wait for that pool.
enum MarketTaskExecutor {
    static let shared = DispatchTaskExecutor(label: "reelshop.marketplace")
}
