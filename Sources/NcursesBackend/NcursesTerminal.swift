import CNcursesw
import Foundation
import ShopInput
import ShopMedia
import ShopUI

/// The real terminal: ncursesw set up for the storefront, and the only code that calls it.
///
/// `draw` copies only the cells that differ from the previous Grid onto the curses screen, and
/// `doupdate` sends the minimal bytes for what changed.
public final class NcursesTerminal: TerminalBackend {
    public private(set) var size: Size
    public let theme: Theme

    private let screen: OpaquePointer
    private let window: UnsafeMutablePointer<WINDOW>
    private let signalFD: Int32
    private let inputDescriptor: Int32
    private let output: UnsafeMutablePointer<FILE>?
    private var previous: Grid?
    private var pairs: [PairKey: Int32] = [:]
    private var isOpen = true
    private let decoder = InputDecoder(codes: .ncurses)
    private var filter = InputFilter(decoder: InputDecoder(codes: .ncurses))
    /// Signals read by `terminationPending` for the next `waitForEvents` to report.
    private var pendingSignals: [Int32] = []
    /// Keys typed before ncurses took the terminal (while the graphics detection read it): the
    /// first read hands them on, through the same filter. A stray reply among them is an escape
    /// sequence, which the filter drops — and so is an arrow typed then: the terminal was still in
    /// its normal cursor mode (`ESC [ B`), which no terminfo key names (ncurses' `ungetch` does
    /// not decode them either: tried).
    private var typedAhead: [InputFilter.Unit]
    /// Kitty or sixel pictures over the clip box, written after each `doupdate` (nil in cells mode).
    private var overlay: PictureOverlay?
    public let graphics: GraphicsStatus

    private struct PairKey: Hashable {
        var foreground: Int32
        var background: Int32
    }

    /// Takes over the process's terminal (stdin and stdout), or explains why it cannot.
    public convenience init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        pixels: PixelOutput = .cells, appearance: Appearance = .dark, typedAhead: [UInt8] = [],
        clock: @escaping @Sendable () -> Double = AppEnvironment.monotonicSeconds
    ) throws(TerminalError) {
        setlocale(LC_ALL, "")
        let term = try TerminalEnvironment.check(environment: environment)
        guard let output = fdopen(1, "w"), let input = fdopen(0, "r") else {
            throw TerminalError("Could not open the terminal's input and output.")
        }
        try self.init(
            term: term, input: input, output: output, inputDescriptor: 0, environment: environment, pixels: pixels,
            appearance: appearance, typedAhead: typedAhead, clock: clock)
    }

    /// Starts ncurses on the given streams. Tests pass /dev/null: ncurses draws into its own
    /// screen copy without a terminal, which `text(atX:y:)` reads back.
    public init(
        term: String, input: UnsafeMutablePointer<FILE>, output: UnsafeMutablePointer<FILE>,
        inputDescriptor: Int32, environment: [String: String], pixels: PixelOutput = .cells,
        appearance: Appearance = .dark, typedAhead: [UInt8] = [],
        clock: @escaping @Sendable () -> Double = AppEnvironment.monotonicSeconds
    ) throws(TerminalError) {
        let unicode = TerminalEnvironment.localeIsUTF8()
        self.typedAhead = String(decoding: typedAhead, as: UTF8.self).unicodeScalars.map { .character($0.value) }
        let kitty = pixels.mode == .kitty
        let shown = pixels.mode.sendsPixels
        graphics = GraphicsStatus(active: shown ? pixels.mode : .cells, detected: pixels.detected)
        overlay = shown ? PictureOverlay(output: pixels, writer: StreamWriter(output), now: clock) : nil
        self.inputDescriptor = inputDescriptor
        self.output = output
        signalFD = SignalPipe.install()
        guard let screen = term.withCString({ newterm($0, output, input) }) else {
            throw TerminalError("ncurses could not start on TERM=\(term).")
        }
        self.screen = screen
        _ = set_term(screen)
        guard let window = rs_stdscr() else {
            endwin()
            throw TerminalError("ncurses gave no screen to draw on.")
        }
        self.window = window
        var capability = ColorCapability.monochrome
        if has_colors() {
            start_color()
            use_default_colors()
            capability = TerminalEnvironment.capability(environment: environment, colors: rs_colors(), hasColors: true)
        } else {
            capability = TerminalEnvironment.capability(environment: environment, colors: 0, hasColors: false)
        }
        theme = Theme(capability: capability, unicode: unicode, appearance: appearance)
        // Raw, not cbreak: no key may raise a signal (Ctrl-Z stopped the storefront, Ctrl-\\
        // dumped core, Ctrl-S froze the output); Ctrl-C is read as a key and quits (issue 11).
        raw()
        noecho()
        nonl()
        intrflush(window, false)
        keypad(window, true)
        nodelay(window, true)
        curs_set(0)
        set_escdelay(25)
        mouseinterval(0)
        mousemask(rs_button4_pressed() | rs_button5_pressed() | rs_button1_clicked(), nil)
        // SGR mouse reports (1006): columns past 223 and no bytes above 0x7F that a UTF-8 reader
        // would take for text. ncurses decodes only the older form for most TERMs; the input
        // filter reads these (`InputDecoder.sgrMouse`). A terminal without 1006 ignores it.
        fputs("\u{1B}[?1006h", output)
        fflush(output)
        var rows: Int32 = 0, cols: Int32 = 0
        rs_getmaxyx(window, &rows, &cols)
        size = Size(width: Int(cols), height: Int(rows))
        if kitty { SignalPipe.removePicturesOnRestore(passthrough: pixels.passthrough) }
        // A sixel is pixels in the text area: removing it is ncurses repainting those lines.
        overlay?.repaint = { [weak self] rect in self?.repaintLines(rect) }
    }

    deinit { close() }

    /// Gives the terminal back as it was. Safe to call more than once.
    public func close() {
        guard isOpen else { return }
        isOpen = false
        if let overlay {
            // A picture cut short (the terminal hung up mid-write) must not swallow the rest.
            overlay.end()
            // Still on the alternate screen: no picture may stay behind after quitting.
            overlay.clear()
        }
        curs_set(1)
        endwin()
        fputs("\u{1B}[?1006l", output)
        fflush(output)
        delscreen(screen)
    }

    public func draw(_ grid: Grid) {
        guard isOpen else { return }
        let full = previous == nil || previous?.size != grid.size
        if full {
            // A full repaint clears the screen: the picture is placed again after it.
            overlay?.unplace()
            werase(window)
        }
        var cell = cchar_t()
        for y in 0..<grid.height {
            for x in 0..<grid.width {
                let new = grid[x, y]
                if new.width == 0 { continue }
                if !full, let previous, previous[x, y] == new { continue }
                set(&cell, new)
                mvwadd_wch(window, Int32(y), Int32(x), &cell)
            }
        }
        previous = grid
        wnoutrefresh(window)
        doupdate()
        overlay?.screenCells = grid.width * grid.height
        overlay?.show(grid.picture)
    }

    /// Makes ncurses send the lines of `rect` again in full (a sixel over them is overwritten).
    private func repaintLines(_ rect: Rect) {
        guard isOpen, rect.height > 0 else { return }
        wredrawln(window, Int32(rect.y), Int32(rect.height))
        wnoutrefresh(window)
        doupdate()
    }

    /// OSC 52: terminals that allow it (xterm, kitty, iTerm2, tmux with set-clipboard) put the
    /// text on the system clipboard; others ignore the sequence.
    public func copyToClipboard(_ text: String) {
        guard isOpen, let output else { return }
        let sequence = "\u{1b}]52;c;\(Data(text.utf8).base64EncodedString())\u{07}"
        fputs(sequence, output)
        fflush(output)
    }

    /// The grapheme ncurses holds at (x, y) of its screen, for tests.
    public func text(atX x: Int, y: Int) -> String {
        var cell = cchar_t()
        guard mvwin_wch(window, Int32(y), Int32(x), &cell) == rs_ok() else { return "" }
        var wide = [wchar_t](repeating: 0, count: 8)
        var attributes: attr_t = 0
        var pair: Int16 = 0
        guard getcchar(&cell, &wide, &attributes, &pair, nil) == rs_ok() else { return "" }
        return String(String.UnicodeScalarView(wide.prefix { $0 != 0 }.compactMap { Unicode.Scalar(UInt32(bitPattern: $0)) }))
    }

    /// The colour pair ncurses holds at (x, y), as (foreground, background) palette indexes
    /// (-1 for the terminal's default), for tests.
    public func colors(atX x: Int, y: Int) -> (foreground: Int32, background: Int32) {
        var cell = cchar_t()
        guard mvwin_wch(window, Int32(y), Int32(x), &cell) == rs_ok() else { return (-1, -1) }
        var wide = [wchar_t](repeating: 0, count: 8)
        var attributes: attr_t = 0
        var shortPair: Int16 = 0
        var pair: Int32 = 0
        guard getcchar(&cell, &wide, &attributes, &shortPair, &pair) == rs_ok() else { return (-1, -1) }
        var foreground: Int32 = -1, background: Int32 = -1
        _ = extended_pair_content(pair, &foreground, &background)
        return (foreground, background)
    }

    private func set(_ cell: inout cchar_t, _ source: Cell) {
        var wide: [wchar_t] = source.text.unicodeScalars.prefix(5).map { wchar_t(bitPattern: $0.value) }
        if wide.isEmpty { wide = [0x20] }
        wide.append(0)
        var attributes = rs_a_normal()
        let a = source.style.attributes
        if a.contains(.bold) { attributes |= rs_a_bold() }
        if a.contains(.dim) { attributes |= rs_a_dim() }
        if a.contains(.underline) { attributes |= rs_a_underline() }
        if a.contains(.reverse) { attributes |= rs_a_reverse() }
        if a.contains(.italic) { attributes |= rs_a_italic() }
        var pair = pairNumber(source.style)
        setcchar(&cell, wide, attributes, Int16(truncatingIfNeeded: min(pair, Int32(Int16.max))), &pair)
    }

    /// A colour pair for (fg, bg), allocated once; pair numbers above 255 go through `opts`.
    private func pairNumber(_ style: Style) -> Int32 {
        func number(_ color: TermColor) -> Int32 {
            switch color {
            case .default: return -1
            case .index(let i): return Int32(i) < rs_colors() ? Int32(i) : -1
            }
        }
        guard theme.capability != .monochrome else { return 0 }
        let key = PairKey(foreground: number(style.foreground), background: number(style.background))
        if key.foreground == -1 && key.background == -1 { return 0 }
        if let pair = pairs[key] { return pair }
        let pair = alloc_pair(key.foreground, key.background)
        let result = pair < 0 ? 0 : pair
        pairs[key] = result
        return result
    }

    public func waitForEvents(timeout: Double?, watching: [Int32]) -> [InputEvent] {
        guard isOpen else { return [.terminate] }
        // A signal comes before any key: megabytes of queued input must not delay SIGTERM.
        if let signalled = takeSignals() { return signalled }
        // Keys ncurses has already read into its buffer come first.
        var events = readInput()
        if !events.isEmpty { return events }
        var fds = [pollfd(fd: inputDescriptor, events: Int16(POLLIN), revents: 0), pollfd(fd: signalFD, events: Int16(POLLIN), revents: 0)]
        fds += watching.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        // The picture's other frames, made on the overlay's thread: taken in here, no event.
        let pictures = overlay?.wakeDescriptor
        if let pictures { fds.append(pollfd(fd: pictures, events: Int16(POLLIN), revents: 0)) }
        let milliseconds: Int32 = timeout.map { Int32(min(max(0, ($0 * 1000).rounded(.up)), 86_400_000)) } ?? -1
        let ready = poll(&fds, nfds_t(fds.count), milliseconds)
        if ready < 0 || fds[1].revents & Int16(POLLIN) != 0 {
            if let signalled = takeSignals() { return signalled }
            if ready < 0 { return events + readInput() }
        }
        if pictures != nil, let last = fds.popLast(), last.revents != 0 { overlay?.collect() }
        for entry in fds.dropFirst(2) where entry.revents != 0 { events.append(.readable(entry.fd)) }
        if fds[0].revents != 0 {
            // Asked before reading: bytes that decode to nothing (an unbound key, half of a
            // UTF-8 character) are still input, not a hang-up.
            if terminalIsGone(fds[0].revents) { return [.terminate] }
            events += readInput()
        }
        return events
    }

    /// The signals waiting in the pipe: terminate for SIGINT / SIGTERM / SIGHUP, a resize for
    /// SIGWINCH, nil when there were none.
    private func takeSignals() -> [InputEvent]? {
        let signals = pendingSignals + SignalPipe.drain(signalFD)
        pendingSignals = []
        if signals.isEmpty { return nil }
        if signals.contains(where: { !SignalPipe.isResize($0) }) { return [.terminate] }
        return [resized()]
    }

    public func terminationPending() -> Bool {
        pendingSignals += SignalPipe.drain(signalFD)
        return pendingSignals.contains { !SignalPipe.isResize($0) }
    }

    /// Asks the kernel for the new size, tells ncurses, and reports it.
    private func resized() -> InputEvent {
        var size = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0, size.ws_col > 0 {
            resizeterm(Int32(size.ws_row), Int32(size.ws_col))
            // A font-size change arrives as a resize with new pixel fields: pictures are fitted
            // to the new cell size. Not inside tmux, whose pane pixels are its own guess.
            if let overlay, !overlay.output.passthrough,
                let cell = CellPixels(
                    columns: Int(size.ws_col), rows: Int(size.ws_row), pixelWidth: Int(size.ws_xpixel), pixelHeight: Int(size.ws_ypixel))
            {
                overlay.cellPixelsChanged(to: cell)
            }
        }
        var rows: Int32 = 0, cols: Int32 = 0
        rs_getmaxyx(window, &rows, &cols)
        self.size = Size(width: Int(cols), height: Int(rows))
        previous = nil
        return .resize(self.size)
    }

    /// A hung-up terminal (SSH disconnect, closed window) reports readable with nothing to read.
    private func terminalIsGone(_ revents: Int16) -> Bool {
        if revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { return true }
        var available: Int32 = 0
        return ioctl(inputDescriptor, UInt(FIONREAD), &available) != 0 || available == 0
    }

    /// What ncurses has read, through the filter that keeps unbound escape sequences and pastes
    /// from arriving as keys. At most 256 units a call, so the loop draws and sees signals.
    private func readInput() -> [InputEvent] {
        var units = typedAhead
        typedAhead = []
        var character: wint_t = 0
        for _ in 0..<256 {
            let result = wget_wch(window, &character)
            if result == rs_err() { break }
            units.append(result == KEY_CODE_YES ? .function(UInt32(character)) : .character(UInt32(character)))
        }
        if units.isEmpty { return [] }
        return filter.filter(units, screen: size) { functionKey($0) }
    }

    /// Carries out what the decoder asks of a function key: the size or the mouse event comes from ncurses.
    private func functionKey(_ code: UInt32) -> InputEvent? {
        switch decoder.functionKey(code) {
        case .key(let key): return .key(key)
        case .ignored: return nil
        case .resize:
            var rows: Int32 = 0, cols: Int32 = 0
            rs_getmaxyx(window, &rows, &cols)
            size = Size(width: Int(cols), height: Int(rows))
            previous = nil
            return .resize(size)
        case .mouse:
            var event = MEVENT()
            guard getmouse(&event) == rs_ok() else { return nil }
            return decoder.mouse(buttons: UInt32(event.bstate), x: event.x, y: event.y, screen: size)
        }
    }
}

/// Writes picture bytes on ncurses' own stream, after what ncurses has buffered.
final class StreamWriter: PictureWriter {
    private let file: UnsafeMutablePointer<FILE>?

    init(_ file: UnsafeMutablePointer<FILE>?) { self.file = file }

    func write(_ bytes: [UInt8]) {
        guard let file else { return }
        fflush(file)
        _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        fflush(file)
    }
}
