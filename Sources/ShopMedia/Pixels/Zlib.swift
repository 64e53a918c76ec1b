import CZlib

/// zlib streams (RFC 1950) for the kitty graphics protocol's `o=z`.
public enum Zlib {
    /// `bytes` compressed at `level` (0...9; 6 is zlib's default balance of size and time).
    public static func compress(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8] {
        var size = compressBound(uLong(bytes.count))
        var out = [UInt8](repeating: 0, count: Int(size))
        let status = out.withUnsafeMutableBufferPointer { dst in
            bytes.withUnsafeBufferPointer { src in
                compress2(dst.baseAddress, &size, src.baseAddress, uLong(src.count), level)
            }
        }
        // compress2 fails only without memory or with a bad level; compressBound is always enough.
        precondition(status == rs_z_ok(), "zlib compress2 failed (\(status))")
        out.removeSubrange(Int(size)...)
        return out
    }

    /// Inflates a zlib stream that holds exactly `expectedSize` bytes; nil when it is damaged,
    /// shorter or longer.
    public static func inflate(_ bytes: [UInt8], expectedSize: Int) -> [UInt8]? {
        guard expectedSize >= 0 else { return nil }
        // One spare byte tells "exactly expectedSize" from "more than that".
        var size = uLong(expectedSize + 1)
        var out = [UInt8](repeating: 0, count: expectedSize + 1)
        let status = out.withUnsafeMutableBufferPointer { dst in
            bytes.withUnsafeBufferPointer { src in
                uncompress(dst.baseAddress, &size, src.baseAddress, uLong(src.count))
            }
        }
        guard status == rs_z_ok(), Int(size) == expectedSize else { return nil }
        out.removeLast()
        return out
    }
}
