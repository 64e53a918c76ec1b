/// A key press, decoded by the backend.
public enum Key: Hashable, Sendable {
    case character(Character)
    case up, down, left, right
    case enter, escape, backspace, tab, backTab, delete
    case pageUp, pageDown, home, end
}

/// A mouse event the app reacts to.
public enum MouseEvent: Hashable, Sendable {
    case wheelUp
    case wheelDown
    case click(x: Int, y: Int)
}
