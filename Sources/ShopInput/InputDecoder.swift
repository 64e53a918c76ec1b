import ShopUI

/// Turns what `wget_wch` and `getmouse` report into the app's input events, without ncurses.
///
/// Kept apart from `NcursesTerminal` so the mapping can be unit-tested and fuzzed with no
/// terminal: the key codes and mouse masks arrive as values (`Codes.ncurses` reads them from the
/// library), so this file never imports CNcursesw.
public struct InputDecoder: Sendable, Equatable {
    /// ncurses' numbers for the function keys and mouse buttons the storefront reads.
    public struct Codes: Sendable, Equatable {
        public var resize: UInt32, mouse: UInt32
        public var up: UInt32, down: UInt32, left: UInt32, right: UInt32
        public var enter: UInt32, backspace: UInt32, delete: UInt32, backTab: UInt32
        public var pageDown: UInt32, pageUp: UInt32, home: UInt32, end: UInt32
        public var wheelUp: UInt32, wheelDown: UInt32, click: UInt32
    }

    /// What a function-key code (`wget_wch` returned `KEY_CODE_YES`) asks of the terminal.
    public enum FunctionKey: Sendable, Equatable {
        case key(Key)
        /// The terminal changed size: the caller asks ncurses for the new one.
        case resize
        /// A mouse event is waiting: the caller fetches it with `getmouse` and calls `mouse`.
        case mouse
        case ignored
    }

    public let codes: Codes

    public init(codes: Codes) { self.codes = codes }

    /// A character `wget_wch` read (`OK`); nil for control codes the storefront has no use for
    /// and for values that are not Unicode scalars (a surrogate, or beyond U+10FFFF).
    ///
    /// The terminal is in raw mode (no signals from keys: Ctrl-Z, Ctrl-\\ and Ctrl-S would stop,
    /// core-dump or freeze the storefront), so Ctrl-C arrives here as 0x03 and quits.
    public func character(_ value: UInt32) -> InputEvent? {
        switch value {
        case 0x03: return .terminate
        case 0x0D, 0x0A: return .key(.enter)
        case 0x1B: return .key(.escape)
        case 0x7F, 0x08: return .key(.backspace)
        case 0x09: return .key(.tab)
        case 0..<0x20, 0x80..<0xA0: return nil
        default:
            guard let scalar = Unicode.Scalar(value) else { return nil }
            return .key(.character(Character(scalar)))
        }
    }

    /// A function-key code; any value is accepted, unknown ones are ignored.
    public func functionKey(_ code: UInt32) -> FunctionKey {
        switch code {
        case codes.resize: return .resize
        case codes.mouse: return .mouse
        case codes.up: return .key(.up)
        case codes.down: return .key(.down)
        case codes.left: return .key(.left)
        case codes.right: return .key(.right)
        case codes.enter: return .key(.enter)
        case codes.backspace: return .key(.backspace)
        case codes.pageDown: return .key(.pageDown)
        case codes.pageUp: return .key(.pageUp)
        case codes.home: return .key(.home)
        case codes.end: return .key(.end)
        case codes.delete: return .key(.delete)
        case codes.backTab: return .key(.backTab)
        default: return .ignored
        }
    }

    /// An SGR mouse report (`ESC [ < b ; x ; y M` on press, `m` on release), as a terminal sends
    /// it once the storefront has asked with `ESC [ ? 1006 h`: `parameters` is `b;x;y` in decimal,
    /// 1-based cells. A press of the first button is a click (with Shift, Alt or Ctrl too: bits
    /// 4, 8, 16), 64 and 65 the wheel; motion, releases and other buttons do nothing, as does a
    /// report that is malformed, has numbers longer than 5 digits or lands outside `screen`.
    public func sgrMouse(_ parameters: some Collection<UInt8>, pressed: Bool, screen: Size?) -> InputEvent? {
        let fields = parameters.split(separator: 0x3B, omittingEmptySubsequences: false)
        guard pressed, fields.count == 3 else { return nil }
        var numbers: [Int] = []
        for field in fields {
            guard (1...5).contains(field.count), field.allSatisfy({ (0x30...0x39).contains($0) }),
                let number = Int(String(decoding: field, as: UTF8.self))
            else { return nil }
            numbers.append(number)
        }
        let button = numbers[0], column = numbers[1] - 1, row = numbers[2] - 1
        guard button & 32 == 0 else { return nil }  // motion with a button held
        switch button & ~0b11100 {
        case 0:
            guard column >= 0, row >= 0, screen.map({ column < $0.width && row < $0.height }) ?? true else { return nil }
            return .mouse(.click(x: column, y: row))
        case 64: return .mouse(.wheelUp)
        case 65: return .mouse(.wheelDown)
        default: return nil
        }
    }

    /// A mouse event from `getmouse`: the wheel scrolls, a click lands on a cell inside the
    /// screen; a click outside it (or at a negative position) is dropped, not passed on.
    public func mouse(buttons: UInt32, x: Int32, y: Int32, screen: Size) -> InputEvent? {
        if buttons & codes.wheelUp != 0 { return .mouse(.wheelUp) }
        if codes.wheelDown != 0, buttons & codes.wheelDown != 0 { return .mouse(.wheelDown) }
        if buttons & codes.click != 0 {
            let column = Int(x), row = Int(y)
            guard (0..<screen.width).contains(column), (0..<screen.height).contains(row) else { return nil }
            return .mouse(.click(x: column, y: row))
        }
        return nil
    }
}
