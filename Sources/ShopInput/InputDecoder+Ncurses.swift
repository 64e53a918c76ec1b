import CNcursesw

extension InputDecoder.Codes {
    /// The codes of the ncurses this binary is linked against (they are macros, read via the shim).
    public static var ncurses: Self {
        func code(_ value: Int32) -> UInt32 { UInt32(truncatingIfNeeded: value) }
        return Self(
            resize: code(rs_key_resize()), mouse: code(rs_key_mouse()),
            up: code(rs_key_up()), down: code(rs_key_down()), left: code(rs_key_left()), right: code(rs_key_right()),
            enter: code(rs_key_enter()), backspace: code(rs_key_backspace()), delete: code(rs_key_dc()),
            backTab: code(rs_key_btab()),
            pageDown: code(rs_key_npage()), pageUp: code(rs_key_ppage()), home: code(rs_key_home()), end: code(rs_key_end()),
            wheelUp: UInt32(rs_button4_pressed()), wheelDown: UInt32(rs_button5_pressed()),
            click: UInt32(rs_button1_clicked()))
    }
}
