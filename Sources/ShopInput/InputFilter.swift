import ShopUI

/// Sits between `wget_wch` and the app: keeps the escape sequences ncurses does not know
/// (Alt-letters, unknown CSI / SS3 keys, a bracketed paste, OSC / DCS strings a terminal or a
/// hostile client sends) from arriving as a run of ordinary keys.
///
/// Without it, Alt-q arrived as Escape then `q` and quit the feed, an unknown `ESC [ 9 9 ~`
/// typed `[`, `9`, `9`, `~`, and a pasted paragraph was typed key by key into whatever screen
/// was open. Now an unbound sequence does nothing. State carries over between reads (a paste
/// or a sequence may be split), except a lone Escape: one that ends a read is the Escape key.
///
/// Pure and bounded: a sequence that runs past `maximumSequenceLength` is abandoned, and a
/// paste's text is never kept, so no input can grow it.
public struct InputFilter: Sendable, Equatable {
    /// What `wget_wch` returned: a character (`OK`) or a function-key code (`KEY_CODE_YES`).
    public enum Unit: Sendable, Equatable {
        case character(UInt32)
        case function(UInt32)
    }

    /// How many bytes an escape sequence or string may take before it is treated as noise.
    public static let maximumSequenceLength = 4096
    /// How many characters a bracketed paste may take before its markers are treated as noise.
    public static let maximumPasteLength = 1 << 20

    private enum Phase: Sendable, Equatable {
        case ground
        /// An Escape was read; what follows decides whether it was a key or a sequence's start.
        case escape
        /// Control Sequence Introducer: parameters, then one final byte (0x40–0x7E).
        case csi(parameters: [UInt8])
        /// SS3 (`ESC O`): one more byte.
        case ss3
        /// OSC, DCS, APC, PM or SOS: ends at BEL or String Terminator (`ESC \`).
        case string(sawEscape: Bool)
        /// Inside a bracketed paste (`ESC [200~` … `ESC [201~`): the text is dropped.
        case paste(matched: Int)
    }

    private static let pasteEnd: [UInt32] = [0x1B, 0x5B, 0x32, 0x30, 0x31, 0x7E]  // ESC [ 2 0 1 ~

    private var phase = Phase.ground
    private var length = 0
    public let decoder: InputDecoder
    /// The screen a mouse report must land inside (set by each `filter` call).
    private var screen: Size?

    public init(decoder: InputDecoder) { self.decoder = decoder }

    /// True while a paste or a sequence is still open (its rest may come in the next read).
    public var isInsideSequence: Bool { phase != .ground && phase != .escape }

    /// Feeds one read's units; returns the events they make. `function` carries out a
    /// function-key code (ncurses is asked for the size or the mouse event).
    public mutating func filter(_ units: [Unit], screen: Size? = nil, function: (UInt32) -> InputEvent?) -> [InputEvent] {
        self.screen = screen
        var events: [InputEvent] = []
        for unit in units { feed(unit, into: &events, function: function) }
        if phase == .escape {
            // Nothing followed within the read: the Escape key itself.
            phase = .ground
            events.append(.key(.escape))
        }
        return events
    }

    private mutating func feed(_ unit: Unit, into events: inout [InputEvent], function: (UInt32) -> InputEvent?) {
        switch phase {
        case .ground:
            switch unit {
            case .character(0x1B): phase = .escape
            case .character(let value): if let event = decoder.character(value) { events.append(event) }
            case .function(let code): if let event = function(code) { events.append(event) }
            }
        case .escape:
            guard case .character(let value) = unit else {
                // Escape, then a key ncurses decoded (Alt-arrow on some terminals): the key alone.
                phase = .ground
                if case .function(let code) = unit, let event = function(code) { events.append(event) }
                return
            }
            length = 0
            switch value {
            case 0x5B: phase = .csi(parameters: [])  // [
            case 0x4F: phase = .ss3  // O
            case 0x5D, 0x50, 0x5F, 0x5E, 0x58: phase = .string(sawEscape: false)  // ] P _ ^ X
            case 0x1B:
                // Escape twice: the first was the key; the second may start a sequence.
                events.append(.key(.escape))
            case 0x03:
                phase = .ground
                events.append(.terminate)
            default:
                // Alt plus a key: nothing is bound to it.
                phase = .ground
            }
        case .csi(var parameters):
            guard case .character(let value) = unit, (0x20...0x7E).contains(value) else {
                // Not part of a sequence after all: drop the sequence, read the unit afresh.
                phase = .ground
                feed(unit, into: &events, function: function)
                return
            }
            if (0x40...0x7E).contains(value) {
                // `ESC [ < b ; x ; y M`: an SGR (1006) mouse report, the one sequence read here
                // (ncurses decodes only the older form; see `InputDecoder.sgrMouse`).
                if value == 0x4D || value == 0x6D, parameters.first == 0x3C,
                    let event = decoder.sgrMouse(parameters.dropFirst(), pressed: value == 0x4D, screen: screen)
                {
                    events.append(event)
                }
                let isPasteStart = value == 0x7E && parameters == [0x32, 0x30, 0x30]  // 200~
                phase = isPasteStart ? .paste(matched: 0) : .ground
                length = 0
                return
            }
            parameters.append(UInt8(value))
            phase = grow() ? .csi(parameters: parameters) : .ground
        case .ss3:
            phase = .ground
            if case .character(let value) = unit, (0x20...0x7E).contains(value) { return }
            feed(unit, into: &events, function: function)
        case .string(let sawEscape):
            guard case .character(let value) = unit else { return }
            if value == 0x07 || sawEscape && value == 0x5C {
                phase = .ground
            } else if value == 0x03 {
                phase = .ground  // Ctrl-C quits from inside a string too (the fuzzer's find)
                events.append(.terminate)
            } else if value == 0x18 || value == 0x1A {
                phase = .ground  // CAN / SUB cancel a string
            } else {
                phase = grow() ? .string(sawEscape: value == 0x1B) : .ground
            }
        case .paste(let matched):
            guard case .character(let value) = unit else {
                phase = .paste(matched: 0)
                return
            }
            // A paste that never ends must not swallow every later key: after this much the
            // text is read as keys again (and Ctrl-C always quits).
            guard length < Self.maximumPasteLength else {
                phase = .ground
                feed(unit, into: &events, function: function)
                return
            }
            length += 1
            if value == Self.pasteEnd[matched] {
                phase = matched + 1 == Self.pasteEnd.count ? .ground : .paste(matched: matched + 1)
            } else {
                phase = .paste(matched: value == Self.pasteEnd[0] ? 1 : 0)
            }
            if value == 0x03 { events.append(.terminate) }
        }
    }

    /// Counts one more byte of the open sequence; false once it is too long to be one.
    private mutating func grow() -> Bool {
        length += 1
        return length <= Self.maximumSequenceLength
    }
}
