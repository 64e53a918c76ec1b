import Foundation
import Testing

/// `reelshop demo` end to end: the real binary on a tmux pseudo-terminal runs the bundled tour
/// through a real order, in a throwaway state directory, while the user's own state stays as it
/// was; a key hands the storefront over.
@Suite(.serialized) struct DemoTmuxTests {
    /// A user with a cart of their own, a private TMPDIR to find the throwaway directory in, and
    /// an environment that points every state lookup at that user.
    struct World {
        let temp: TemporaryDirectory
        let userState: URL
        let tmp: URL
        let environment: [String: String]

        init(_ label: String) throws {
            try requireBinary()
            temp = try TemporaryDirectory(label)
            userState = temp.appending("user-state")
            tmp = temp.appending("tmp")
            try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
            var environment = isolatedEnvironment(home: temp.appending("home"))
            environment.merge([
                "LANG": "C.UTF-8", "TERM": "xterm-256color", "REELSHOP_STATE_DIR": userState.path,
                "TMPDIR": tmp.path,
            ]) { $1 }
            self.environment = environment
            let add = try run(
                reelshopBinary, ["cart", "add", "sunset-lamp", "--catalog", bundledCatalog.path],
                environment: environment)
            #expect(add.status == 0, "\(add)")
        }

        /// Every file in the user's state directory with its bytes and modification time.
        func userFiles() -> [String: String] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: userState.path)) ?? []
            return Dictionary(
                uniqueKeysWithValues: names.map { name in
                    let url = userState.appendingPathComponent(name)
                    let bytes = (try? Data(contentsOf: url)) ?? Data()
                    let modified =
                        (try? FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date)?
                        .map { "\($0.timeIntervalSince1970)" } ?? "?"
                    return (name, "\(modified) \(bytes.base64EncodedString())")
                })
        }

        /// The demo's throwaway state directories in TMPDIR.
        func throwaways() -> [URL] {
            ((try? FileManager.default.contentsOfDirectory(atPath: tmp.path)) ?? [])
                .filter { $0.hasPrefix("reelshop-demo-") }.map { tmp.appendingPathComponent($0) }
        }

        func demo(_ arguments: String, width: Int = 80, height: Int = 24) throws -> TmuxSession {
            try TmuxSession(
                "\(shellQuote(reelshopBinary.path)) demo --catalog \(shellQuote(bundledCatalog.path)) \(arguments)",
                width: width, height: height, environment: environment)
        }
    }

    @Test func theTourPlacesARealOrderInAThrowawayStateDirectory() throws {
        let world = try World("demo")
        defer { world.temp.remove() }
        let before = world.userFiles()
        #expect(before.keys.contains("cart.json"))

        let session = try world.demo("--speed 4")
        defer { session.close() }
        // Any step: at this speed the first lasts under a second.
        session.waitFor("▶ DEMO ")
        let throwaways = world.throwaways()
        #expect(throwaways.count == 1, "one fresh state directory: \(throwaways)")
        if let directory = throwaways.first { #expect(permissions(of: directory) == 0o700) }

        // The whole flow, narrated: product, cart, a linked account, checkout, the order. Only
        // screens that stay up for seconds are waited for (a busy machine polls tmux slowly);
        // the rest shows in the files the tour leaves.
        session.waitFor("Cart 2", timeout: 30)  // "+" then "a": two of the clip
        session.waitFor("Placed 1 order", timeout: 60)
        session.waitFor("Tracking", timeout: 30)
        #expect(session.screen().contains("DEMO"), "the caption is still narrating")
        if let directory = throwaways.first {
            let accounts = (try? String(contentsOf: directory.appendingPathComponent("accounts.json"), encoding: .utf8)) ?? ""
            #expect(accounts.contains("riverstone"), "the tour linked Riverstone:\n\(accounts)")
            let orders = (try? String(contentsOf: directory.appendingPathComponent("orders.json"), encoding: .utf8)) ?? ""
            #expect(
                orders.contains("claw-clip") && !orders.contains("sunset-lamp"),
                "the order is the tour's, in the throwaway directory:\n\(orders)")
        }
        // Without --loop the tour ends by itself and leaves the storefront running.
        session.waitUntil(timeout: 30, "the caption bar to go when the tour ends") { !$0.contains("DEMO") }
        #expect(session.screen().contains("Tracking"))
        try session.send("C-c")
        #expect(session.waitForExit() == 0)

        #expect(world.throwaways().isEmpty, "the throwaway state directory is removed at exit")
        #expect(world.userFiles() == before, "the user's own state directory is untouched")
    }

    @Test func aKeyHandsTheStorefrontToThePresenter() throws {
        let world = try World("demo-handover")
        defer { world.temp.remove() }
        let before = world.userFiles()
        // Still pictures, so a screen that stops changing is the same text from one look to the
        // next; speed 1, so the key lands seconds before the tour would open the cart.
        let session = try world.demo("--reduce-motion")
        defer { session.close() }
        session.waitFor("▶ DEMO ")
        try session.send("c")
        session.waitUntil("the caption bar to go") { !$0.contains("DEMO") }
        let handedOver = session.screenWithEscapes()
        #expect(!handedOver.contains("Your cart is empty"), "the key that took over did not also open the cart")
        // The tour would have scrolled and opened a product by now; colours included, since a
        // clip that played would change them alone.
        usleep(6_000_000)
        #expect(session.screenWithEscapes() == handedOver, "nothing changes on its own after the hand-over")
        #expect(!session.screen().contains("Cart 1"))

        // The storefront is the presenter's: keys work as usual, in the same throwaway state.
        try session.send("c")
        session.waitFor("Your cart is empty")
        #expect(world.throwaways().count == 1)
        try session.quitFromOpenScreens()
        #expect(session.waitForExit() == 0)
        #expect(world.throwaways().isEmpty)
        #expect(world.userFiles() == before)
    }

    @Test func loopStartsAgainWithFreshState() throws {
        let world = try World("demo-loop")
        defer { world.temp.remove() }
        let tour = world.temp.appending("tour.json")
        try Data(
            #"{"version": 1, "steps": [{"caption": "Start", "seconds": 1.5}, {"caption": "Add one", "keys": ["a", "Right", "a"], "seconds": 1.5}, {"caption": "Look", "seconds": 1}]}"#
                .utf8
        )
        .write(to: tour)
        let session = try world.demo("--loop --reduce-motion --script \(shellQuote(tour.path))")
        defer { session.close() }
        session.waitFor("DEMO 3/3")
        #expect(session.screen().contains("Cart 1"))
        let first = world.throwaways()
        #expect(first.count == 1)
        // The next round: step 1 again, with an empty cart in a new directory; the old one is gone.
        session.waitUntil("the second round") { $0.contains("DEMO 1/3") && $0.contains("Cart 0") }
        let second = world.throwaways()
        #expect(second.count == 1)
        #expect(second != first, "each round has a directory of its own")
        session.waitFor("DEMO 3/3")
        #expect(session.screen().contains("Cart 1"), "the cart was empty when the round began: one item, not two")
        try session.send("C-c")
        #expect(session.waitForExit() == 0)
        #expect(world.throwaways().isEmpty)
    }

    @Test func aBadTourFileIsReportedBeforeTheScreenIsTaken() throws {
        let world = try World("demo-badtour")
        defer { world.temp.remove() }
        let tour = world.temp.appending("tour.json")
        try Data(#"{"version": 1, "steps": [{"caption": "", "keys": ["Ctrl-Q"]}, {"caption": "ok", "seconds": 0}]}"#.utf8)
            .write(to: tour)
        let session = try world.demo("--script \(shellQuote(tour.path))")
        defer { session.close() }
        #expect(session.waitForExit() == 2)
        let screen = session.screen()
        #expect(screen.contains("The demo tour has problems:"))
        #expect(screen.contains("$.steps[0].caption: expected a non-empty string"))
        #expect(screen.contains("$.steps[0].keys[0]"))
        #expect(screen.contains("$.steps[1].seconds: expected 0.1 to 120"))
        #expect(world.throwaways().isEmpty)

        let missing = try run(
            reelshopBinary, ["demo", "--script", world.temp.appending("nope.json").path],
            environment: world.environment)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("nope.json: cannot be read"))
    }

    @Test func optionsAreCheckedBeforeAnythingStarts() throws {
        let world = try World("demo-options")
        defer { world.temp.remove() }
        for speed in ["0.1", "21", "fast"] {
            let result = try run(reelshopBinary, ["demo", "--speed", speed], environment: world.environment)
            #expect(result.status == 64, "\(result)")
            #expect(result.stderr.contains("--speed"), "\(result)")
        }
        let catalog = try run(
            reelshopBinary, ["demo", "--catalog", world.temp.appending("no-catalog").path],
            environment: world.environment)
        #expect(catalog.status == 65, "the demo's --catalog is the one used: \(catalog)")
        let stateDir = try run(reelshopBinary, ["demo", "--state-dir", world.userState.path], environment: world.environment)
        #expect(stateDir.status == 64, "\(stateDir)")
        #expect(stateDir.stderr.contains("throwaway state directory"), "\(stateDir)")
        #expect(world.throwaways().isEmpty)
    }
}
