import Foundation
import Testing
@testable import ShopCore
import ShopTesting

@Suite("Linking a marketplace (RFC 8628 device flow)")
struct LinkFlowTests {
    @Test("user codes: 8 letters from BCDFGHJKLMNPQRSTVWXZ, shown XXXX-XXXX, any case and dash accepted")
    func userCodeNormalisation() throws {
        let code = try #require(UserCode(parsing: "bcdf-ghjk"))
        #expect(code.normalized == "BCDFGHJK")
        #expect(code.display == "BCDF-GHJK")
        #expect(UserCode(parsing: "BCDFGHJK") == code)
        #expect(UserCode(parsing: " bcdf ghjk ") == code)
        #expect(UserCode(parsing: "Bc-Df-Gh-Jk") == code)
        #expect(UserCode(parsing: "ABCD-EFGH") == nil, "vowels are not in the alphabet")
        #expect(UserCode(parsing: "BCDF-GHJ") == nil)
        #expect(UserCode(parsing: "BCDF-GHJKL") == nil)
        #expect(UserCode(parsing: "BCD1-GHJK") == nil)
        for _ in 0..<200 {
            let random = UserCode.random()
            #expect(random.normalized.count == 8)
            #expect(random.normalized.allSatisfy { "BCDFGHJKLMNPQRSTVWXZ".contains($0) })
            #expect(random.display.count == 9 && Array(random.display)[4] == "-")
        }
    }

    @Test("starting a link gives a user code, a verification address, a 10-minute expiry and a 5 s interval")
    func startLink() async throws {
        let world = try DemoWorld()
        defer { world.dir.remove() }
        let start = world.clock.date
        let authorization = try await world.linker.start(marketplaceID: "riverstone")
        #expect(authorization.marketplaceID == "riverstone")
        #expect(authorization.expiresAt == start.addingTimeInterval(600))
        #expect(authorization.interval == 5)
        #expect(authorization.verificationURI == "https://riverstone.example/link")
        // The marketplace contract's form (the HTTP marketplace sends the same): the display form of the code.
        #expect(authorization.verificationURIComplete == "https://riverstone.example/link?user_code=\(authorization.userCode.display)")
        let pending = try world.store.pendingLinks()
        #expect(pending.map(\.userCode) == [authorization.userCode])
    }

    @Test("pending, slow down (+5 s), pending again, then approved from elsewhere links the account")
    func pendingSlowDownApprove() async throws {
        let world = try DemoWorld()
        defer { world.dir.remove() }
        let service = try #require(world.registry.service(for: "riverstone"))
        let authorization = try await service.startLink()

        world.clock.advance(by: 5)
        #expect(try await service.pollLink(deviceCode: authorization.deviceCode) == .pending)
        world.clock.advance(by: 2)  // too soon
        #expect(try await service.pollLink(deviceCode: authorization.deviceCode) == .slowDown(interval: 10))
        world.clock.advance(by: 9)  // still inside the new 10 s interval
        #expect(try await service.pollLink(deviceCode: authorization.deviceCode) == .slowDown(interval: 15))
        world.clock.advance(by: 15)
        #expect(try await service.pollLink(deviceCode: authorization.deviceCode) == .pending)

        // Another "device": a separate store on the same state directory, code typed sloppily.
        let phone = FileMarketplaceStore(stateDirectory: world.dir.state, now: world.clock.now)
        let approved = try phone.approve(userCode: authorization.userCode.normalized.lowercased())
        #expect(approved.marketplaceID == "riverstone")

        world.clock.advance(by: 15)
        guard case .linked(let token) = try await service.pollLink(deviceCode: authorization.deviceCode) else {
            Issue.record("expected linked")
            return
        }
        let profile = try await service.profile(token: token)
        #expect(profile.name == "Alex Rivera")
        #expect(profile.membership?.name == "Riverstone Plus")
        // The device code is spent.
        await #expect(throws: MarketplaceError.self) { try await service.pollLink(deviceCode: authorization.deviceCode) }
    }

    @Test("a denied link reports denied and stores nothing")
    func deny() async throws {
        let world = try DemoWorld()
        defer { world.dir.remove() }
        let authorization = try await world.linker.start(marketplaceID: "lumen")
        try world.store.deny(userCode: authorization.userCode.display)
        world.clock.advance(by: 5)
        #expect(await world.linker.poll(authorization) == .denied)
        #expect(try world.accounts.accounts().isEmpty)
        // Deciding twice is refused with a message.
        #expect(throws: MarketplaceError.self) { try world.store.approve(userCode: authorization.userCode.display) }
    }

    @Test("a code expires after 10 minutes: polls say expired and approving it is refused")
    func expiry() async throws {
        let world = try DemoWorld()
        defer { world.dir.remove() }
        let authorization = try await world.linker.start(marketplaceID: "riverstone")
        world.clock.advance(by: 600)
        do {
            try world.store.approve(userCode: authorization.userCode.display)
            Issue.record("approving an expired code should fail")
        } catch {
            #expect(error.kind == .invalidCode)
            #expect(error.message.contains("expired"))
        }
        #expect(await world.linker.poll(authorization) == .expired)

        var state = LinkState(started: authorization, at: authorization.issuedAt)
        state.tick(at: authorization.issuedAt.addingTimeInterval(599))
        #expect(state.secondsLeft(at: authorization.issuedAt.addingTimeInterval(599)) == 1)
        state.tick(at: authorization.issuedAt.addingTimeInterval(600))
        #expect(state == .expired(marketplaceID: "riverstone"))
    }

    @Test("approving an unknown or malformed code says what to do")
    func unknownCode() throws {
        let dir = try MarketStateDirectory()
        defer { dir.remove() }
        let store = FileMarketplaceStore(stateDirectory: dir.state)
        do {
            try store.approve(userCode: "ZZZZ-ZZZZ")
            Issue.record("expected an error")
        } catch {
            #expect(error.message == "No link is waiting for the code ZZZZ-ZZZZ. Start linking in Reelshop and use the code it shows.")
        }
        do {
            try store.approve(userCode: "hello")
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("is not a link code"))
        }
    }

    @Test("LinkState: polls are due after the interval, slow-down lengthens it, linked ends it")
    func linkStateMachine() async throws {
        let clock = ManualClock()
        let market = InMemoryMarketplace(id: "riverstone", name: "Riverstone Market", now: clock.now)
        let authorization = try await market.startLink()
        let t0 = clock.date
        var state = LinkState(started: authorization, at: t0)
        #expect(!state.pollDue(at: t0.addingTimeInterval(4)))
        #expect(state.pollDue(at: t0.addingTimeInterval(5)))
        state.apply(.pending, at: t0.addingTimeInterval(5))
        #expect(!state.pollDue(at: t0.addingTimeInterval(9)))
        #expect(state.pollDue(at: t0.addingTimeInterval(10)))
        state.apply(.slowDown(interval: 10), at: t0.addingTimeInterval(10))
        #expect(!state.pollDue(at: t0.addingTimeInterval(19)))
        #expect(state.pollDue(at: t0.addingTimeInterval(20)))
        guard case .waiting(_, let interval, _) = state else { Issue.record("expected waiting"); return }
        #expect(interval == 10)
        #expect(!state.isFinished)

        let account = LinkedAccount(marketplaceID: "riverstone", profile: market.profileTemplate, linkedAt: t0)
        state.apply(.linked(account), at: t0.addingTimeInterval(20))
        #expect(state == .linked(account))
        #expect(state.isFinished && !state.pollDue(at: t0.addingTimeInterval(100)))

        var denied = LinkState(started: authorization, at: t0)
        denied.apply(.denied, at: t0)
        #expect(denied == .denied(marketplaceID: "riverstone"))
    }

    @Test("approve on this device (as the demo shopper) links through AccountLinker and saves the profile")
    func approveOnThisDevice() async throws {
        let world = try DemoWorld()
        defer { world.dir.remove() }
        let authorization = try await world.linker.start(marketplaceID: "lumen")
        var state = LinkState(started: authorization, at: world.clock.date)
        try await world.linker.approveOnThisDevice(authorization)
        world.clock.advance(by: 5)
        #expect(state.pollDue(at: world.clock.date))
        let progress = await world.linker.poll(authorization)
        state.apply(progress, at: world.clock.date)
        guard case .linked(let account) = state else { Issue.record("expected linked, got \(state)"); return }
        #expect(account.profile.paymentMethod == PaymentMethod(brand: "Mastercard", last4: "5100"))
        #expect(account.profile.membership == nil)
        #expect(try world.accounts.account(for: "lumen") == account)
        #expect(try world.accounts.token(for: "lumen") != nil)
    }

    @Test("linked profiles are believable and differ per marketplace")
    func profilesDiffer() async throws {
        let world = try DemoWorld()
        defer { world.dir.remove() }
        let river = try await world.link("riverstone").profile
        let lumen = try await world.link("lumen").profile
        #expect(river != lumen)
        #expect(river.maskedEmail == "a•••••@example.com")
        #expect(!river.maskedEmail.contains("alex.rivera"))
        #expect(river.paymentMethod.label == "Visa ···· 4242")
        #expect(river.shippingAddress.oneLine == "Alex Rivera, 1420 NW Alder St, Apt 3B, Portland, OR 97209")
        #expect(river.membership == Membership(name: "Riverstone Plus", deliveryDays: 2, freeShipping: true))
        #expect(lumen.shippingAddress.city == "Providence")
        #expect(try world.accounts.accounts().map(\.marketplaceID) == ["riverstone", "lumen"])
    }
}
