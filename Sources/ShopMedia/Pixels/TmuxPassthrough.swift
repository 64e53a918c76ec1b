/// tmux's passthrough: `ESC P tmux ; <sequence with every ESC doubled> ESC \`, which tmux
/// (with `allow-passthrough on`) hands to the outer terminal unchanged; otherwise tmux drops it.
public enum TmuxPassthrough {
    public static func wrap(_ sequence: [UInt8]) -> [UInt8] {
        var out: [UInt8] = Array("\u{1B}Ptmux;".utf8)
        out.reserveCapacity(sequence.count + 16)
        for byte in sequence {
            if byte == 0x1B { out.append(0x1B) }
            out.append(byte)
        }
        out += [0x1B, 0x5C]
        return out
    }

    /// Each sequence wrapped on its own: tmux buffers one passthrough sequence whole, so a
    /// picture goes as many small ones (kitty's 4096-byte chunks) rather than one huge one.
    public static func wrap(sequences: [[UInt8]]) -> [UInt8] {
        sequences.flatMap { wrap($0) }
    }
}
