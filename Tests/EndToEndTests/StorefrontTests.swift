import Foundation
import Testing

/// The real binary on a real pseudo-terminal (tmux): what a user does, end to end.
@Suite(.serialized) struct StorefrontTests {
    /// Starts the storefront on the bundled catalog with a fresh state directory.
    private func start(
        width: Int = 80, height: Int = 24, state: TemporaryDirectory, extra: [String: String] = [:],
        arguments: String = ""
    ) throws -> TmuxSession {
        try requireBinary()
        var environment = ["LANG": "C.UTF-8", "TERM": "xterm-256color", "REELSHOP_STATE_DIR": state.url.path]
        environment.merge(extra) { $1 }
        return try TmuxSession(
            "\(shellQuote(reelshopBinary.path)) --catalog \(shellQuote(bundledCatalog.path)) \(arguments)",
            width: width, height: height, environment: environment)
    }

    private func cartLines(_ state: TemporaryDirectory) throws -> [[String: Any]] {
        let data = try Data(contentsOf: state.appending("cart.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(json["version"] as? Int == 1)
        return json["lines"] as? [[String: Any]] ?? []
    }

    @Test func scrollOpenAddSeeTheCountQuitAndFindTheLine() throws {
        let state = try TemporaryDirectory("storefront")
        defer { state.remove() }
        let session = try start(state: state)
        defer { session.close() }
        session.waitFor("For You")
        session.waitFor("Cart 0")
        #expect(session.screen().contains("1/44"))
        try session.send("j")
        session.waitFor("2/44")
        try session.send("Down")
        session.waitFor("3/44")
        try session.send("k")
        session.waitFor("2/44")
        #expect(session.screen().contains("@sneakerdrop.sam"))
        try session.send("Enter")
        session.waitFor("Add to cart")
        #expect(session.screen().contains("Cloudstep Knit Runners"))
        try session.send("Right", "+", "a")
        session.waitFor("Cart 2")
        try session.send("Escape")
        session.waitFor("j/k scroll")
        try session.send("q")
        #expect(session.waitForExit() == 0)

        let lines = try cartLines(state)
        #expect(lines.count == 1)
        #expect(lines.first?["productID"] as? String == "runner-sneaker")
        #expect(lines.first?["variantID"] as? String == "white-9", "Right moved from white-8 to white-9")
        #expect(lines.first?["quantity"] as? Int == 2)
        let price = lines.first?["unitPrice"] as? [String: Any]
        #expect(price?["minorUnits"] as? Int == 8900 && price?["currency"] as? String == "USD")
    }

    @Test func addFromTheFeedAndManageTheCart() throws {
        let state = try TemporaryDirectory("cart")
        defer { state.remove() }
        let session = try start(state: state)
        defer { session.close() }
        session.waitFor("For You")
        // The clip comes in three colours: a asks which, Right picks the first in stock, a adds it.
        try session.send("a", "Right", "a")
        session.waitFor("Cart 1")
        try session.send("a", "Right", "a")
        session.waitFor("Cart 2")
        try session.send("c")
        session.waitFor("Cart · 2 items")
        session.waitFor("- 2 +")
        try session.send("-")
        session.waitFor("Cart · 1 item")
        try session.send("x")
        session.waitFor("Your cart is empty")
        try session.quitFromOpenScreens()
        #expect(session.waitForExit() == 0)
        #expect(try cartLines(state).isEmpty)
    }

    @Test func aTooSmallTerminalSaysSoAndRecovers() throws {
        let state = try TemporaryDirectory("small")
        defer { state.remove() }
        let session = try start(width: 30, height: 10, state: state)
        defer { session.close() }
        session.waitUntil("the too-small message") {
            $0.replacingOccurrences(of: "\n", with: " ").split(separator: " ").joined(separator: " ")
                .contains("Please enlarge the terminal (need 40x12, have 30x10)")
        }
        try session.resize(width: 80, height: 24)
        session.waitFor("For You")
        session.waitFor("j/k scroll")
        try session.resize(width: 160, height: 48)
        session.waitFor("Sold by Riverstone Market")
        try session.send("q")
        #expect(session.waitForExit() == 0)
    }

    @Test func anotherProcessAddingShowsUpInTheOpenStorefront() throws {
        let state = try TemporaryDirectory("shared")
        defer { state.remove() }
        let session = try start(state: state)
        defer { session.close() }
        session.waitFor("Cart 0")
        let result = try run(
            reelshopBinary,
            [
                "cart", "add", "lip-oil", "--quantity", "3",
                "--state-dir", state.url.path, "--catalog", bundledCatalog.path,
            ],
            environment: ProcessInfo.processInfo.environment)
        #expect(result.status == 0, "\(result)")
        session.waitFor("Cart 3")
        session.waitFor("changed in another window")
        try session.send("a", "Right", "a")
        session.waitFor("Cart 4")
        try session.send("q")
        #expect(session.waitForExit() == 0)
        let products = try cartLines(state).compactMap { $0["productID"] as? String }
        #expect(Set(products) == ["lip-oil", "claw-clip"], "neither instance lost the other's line")
    }

    @Test func aCorruptCartIsMovedAsideAndTheUserIsTold() throws {
        let state = try TemporaryDirectory("corrupt")
        defer { state.remove() }
        try Data("{ this is not json".utf8).write(to: state.appending("cart.json"))
        let session = try start(state: state)
        defer { session.close() }
        session.waitFor("could not be read")
        session.waitUntil("the toast to say where the file went") {
            $0.replacingOccurrences(of: "\n", with: "").replacingOccurrences(of: " ", with: "").contains("cart.json.corrupt-")
        }
        session.waitFor("Cart 0")
        try session.send("a", "Right", "a")
        session.waitFor("Cart 1")
        try session.send("q")
        #expect(session.waitForExit() == 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: state.url.path)
        let aside = try #require(files.first { $0.hasPrefix("cart.json.corrupt-") })
        #expect(try String(contentsOf: state.appending(aside), encoding: .utf8) == "{ this is not json", "nothing of the old file is lost")
        #expect(try cartLines(state).count == 1)
    }

    @Test func sigtermRestoresTheTerminalAndExits() throws {
        let state = try TemporaryDirectory("sigterm")
        defer { state.remove() }
        let session = try start(state: state)
        defer { session.close() }
        session.waitFor("For You")
        let pid = try #require(session.pid)
        kill(pid, SIGTERM)
        #expect(session.waitForExit() == 0)
        // Leaving the alternate screen brings back the (empty) shell screen.
        session.waitUntil("the storefront to leave the screen") { !$0.contains("For You") }
    }

    @Test func noColorDrawsWithoutColours() throws {
        let state = try TemporaryDirectory("nocolor")
        defer { state.remove() }
        let colourful = try start(state: state)
        defer { colourful.close() }
        colourful.waitFor("For You")
        let withColour = colourful.screenWithEscapes()
        #expect(withColour.contains("38;5;197"), "the accent colour in 256-colour mode:\n\(withColour)")
        let session = try start(state: state, extra: ["NO_COLOR": "1"])
        defer { session.close() }
        session.waitFor("For You")
        let escapes = session.screenWithEscapes()
        #expect(!escapes.contains("[38;5;") && !escapes.contains("[48;5;"), "colour escapes under NO_COLOR:\n\(escapes)")
    }

    @Test func likesSavesAndFollowsAreKeptInSocialJSON() throws {
        let state = try TemporaryDirectory("social")
        defer { state.remove() }
        let session = try start(state: state)
        defer { session.close() }
        session.waitFor("+ Follow")
        try session.send("l")
        session.waitFor("Liked.")
        try session.send("s")
        session.waitFor("Saved")
        try session.send("f")
        session.waitFor("Following")
        try session.send("q")
        #expect(session.waitForExit() == 0)
        let data = try Data(contentsOf: state.appending("social.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(json["likedPosts"] as? [String] == ["post-001"])
        #expect(json["savedPosts"] as? [String] == ["post-001"])
        #expect(json["followedCreators"] as? [String] == ["hairbyzoe"])
        // The next start shows them again.
        let again = try start(state: state)
        defer { again.close() }
        session.close()
        again.waitFor("Following")
        again.waitFor("Saved")
    }

    @Test func aFirstRunPicksInterestsAndTheAnswerIsKept() throws {
        let state = try TemporaryDirectory("interests")
        defer { state.remove() }
        let session = try start(state: state, extra: ["REELSHOP_SKIP_INTRO": "0"])
        defer { session.close() }
        session.waitFor("Pick 3 or more")
        // Home, Kitchen, Sneakers: the 5th, 6th and 7th of the eight categories.
        try session.send("j", "j", "j", "j", "Space", "j", "Space", "j", "Space", "d")
        session.waitFor("For You now starts with Home, Kitchen, Sneakers.")
        try session.send("q")
        #expect(session.waitForExit() == 0)
        let data = try Data(contentsOf: state.appending("social.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(json["interests"] as? [String] == ["Home", "Kitchen", "Sneakers"] && json["onboarded"] as? Bool == true)
        let again = try start(state: state, extra: ["REELSHOP_SKIP_INTRO": "0"])
        defer { again.close() }
        again.waitFor("Cart 0")
        #expect(!again.screen().contains("Pick 3 or more"), "asked twice:\n\(again.screen())")
    }

    @Test func aLiveFlashDealGoesIntoTheCartAtTheDealPrice() throws {
        let state = try TemporaryDirectory("live")
        defer { state.remove() }
        let session = try start(state: state)
        defer { session.close() }
        session.waitFor("1/44")
        try session.send("3")
        session.waitFor("● LIVE")
        session.waitFor("@hairbyzoe")
        // The bundled stream always runs one of its two deals: the clip's, then the pins'.
        #expect(session.waitFor("Flash deal"), "no deal card:\n\(session.screen())")
        let screen = session.screen()
        try session.send("a")
        if screen.contains("SOLD OUT") || screen.contains("Deal ended") || screen.contains("Deal $") {
            // The last seconds of each deal belong to other viewers: the refusal says why.
            #expect(session.waitFor("regular price"), "no refusal:\n\(session.screen())")
            let empty = try !FileManager.default.fileExists(atPath: state.appending("cart.json").path) || cartLines(state).isEmpty
            #expect(empty, "a refused deal still added something")
        } else {
            // Both deals' products come in more than one colour: pick one, then a adds it.
            session.waitFor("Choose a colour")
            try session.send("Right", "a")
            session.waitFor("at the flash-deal price")
            let lines = try cartLines(state)
            #expect(lines.count == 1)
            let dealID = lines.first?["dealID"] as? String
            #expect(dealID == "live-clawclip/claw-clip" || dealID == "live-clawclip/butterfly-pins")
            let price = (lines.first?["unitPrice"] as? [String: Any])?["minorUnits"] as? Int
            #expect(price == 899 || price == 449, "not the deal price: \(String(describing: price))")
        }
        try session.send("q")
        #expect(session.waitForExit() == 0)
    }

    @Test func searchFindsAProductAsYouTypeAndOpensIt() throws {
        let state = try TemporaryDirectory("search")
        defer { state.remove() }
        let session = try start(state: state)
        defer { session.close() }
        session.waitFor("1/44")
        try session.send("/")
        try session.type("tea")
        session.waitFor("Porcelain")
        try session.send("Enter")
        #expect(session.waitFor("sold by"), "no product sheet:\n\(session.screen())")
        try session.send("Escape", "/")
        try session.type("#hairtok")
        session.waitFor("hashtag")
        try session.send("Escape")
        session.waitFor("1/44")
        try session.send("q")
        #expect(session.waitForExit() == 0)
    }

    @Test func aNonUTF8LocaleGetsPlainASCII() throws {
        let state = try TemporaryDirectory("ascii")
        defer { state.remove() }
        let session = try start(state: state, extra: ["LANG": "C", "LC_ALL": "C"])
        defer { session.close() }
        session.waitFor("> reelshop")
        session.waitFor("Cart 0")
        try session.send("Enter")
        session.waitFor("was $18.00")
        let screen = session.screen()
        let allASCII = screen.allSatisfy { $0.isASCII }
        #expect(allASCII, "non-ASCII on an ASCII terminal:\n\(screen)")
        try session.quitFromOpenScreens()
        #expect(session.waitForExit() == 0)
    }

    @Test func badTerminalsGetAClearMessageNotAGarbledScreen() throws {
        try requireBinary()
        let state = try TemporaryDirectory("term")
        defer { state.remove() }
        for (term, message) in [("dumb", "TERM=dumb cannot show"), ("vt9000-nonexistent", "Unknown terminal type \"vt9000-nonexistent\"")] {
            let session = try start(state: state, extra: ["TERM": term])
            defer { session.close() }
            #expect(session.waitForExit() == 2)
            session.waitFor(message)
        }
        let piped = try run(
            reelshopBinary, ["--state-dir", state.url.path, "--catalog", bundledCatalog.path],
            environment: ProcessInfo.processInfo.environment)
        #expect(piped.status == 2)
        #expect(piped.stderr.contains("needs an interactive terminal"))
    }

    @Test func aBrokenCatalogIsReportedBeforeTheScreenIsTaken() throws {
        let state = try TemporaryDirectory("badcatalog")
        defer { state.remove() }
        try Data(#"{"version": 1, "marketplaces": [], "creators": [], "products": [], "posts": [{"id": "x"}]}"#.utf8)
            .write(to: state.appending("catalog.json"))
        try requireBinary()
        let session = try TmuxSession(
            "\(shellQuote(reelshopBinary.path)) --catalog \(shellQuote(state.url.path))",
            environment: ["LANG": "C.UTF-8", "TERM": "xterm-256color", "REELSHOP_STATE_DIR": state.url.path])
        defer { session.close() }
        #expect(session.waitForExit() == 65)
        session.waitFor("$.posts[0].creator")
    }
}

/// The bundled catalog is found wherever the binary is started from.
@Test func theBundledCatalogOpensFromAnyWorkingDirectory() throws {
    try requireBinary()
    let home = try TemporaryDirectory("anywhere")
    defer { home.remove() }
    let process = Process()
    process.executableURL = reelshopBinary
    process.arguments = ["cart", "add", "claw-clip"]
    process.environment = isolatedEnvironment(home: home.url)
    process.currentDirectoryURL = URL(fileURLWithPath: "/")
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    let cart = home.appending("xdg/reelshop/cart.json")
    #expect(FileManager.default.fileExists(atPath: cart.path), "XDG_DATA_HOME/reelshop/cart.json was not written")
}
