import Foundation

/// The messages between `reelshop serve` and its zygote (issue 15, docs/SSH.md "Visitors start
/// warm"), one per SOCK_SEQPACKET datagram so a message is never split or joined.
///
/// - serve → zygote: `launch` (the visitor's arguments, environment and working directory, with
///   the PTY slave attached by SCM_RIGHTS).
/// - zygote → serve: `ready` once everything is loaded, `started` / `failed` for a launch,
///   `exited` for a child it reaped.
public enum ZygoteWire {
    /// The largest launch request (arguments and environment together); a bigger one is refused.
    public static let maxRequest = 64 * 1024
    /// Every reply is this long: kind, id, pid, value.
    public static let replyLength = 17

    public struct Launch: Equatable, Sendable {
        public var id: UInt64
        public var arguments: [String]
        public var environment: [String: String]
        public var workingDirectory: String

        public init(id: UInt64, arguments: [String], environment: [String: String], workingDirectory: String) {
            self.id = id
            self.arguments = arguments
            self.environment = environment
            self.workingDirectory = workingDirectory
        }

        /// `L`, id, argument count, environment count, then NUL-terminated strings: the working
        /// directory, the arguments, `NAME=value` for each variable (sorted). Nil when a string holds
        /// a NUL, a name is empty or holds `=`, or the whole is over `maxRequest`.
        public func encoded() -> [UInt8]? {
            var bytes: [UInt8] = [UInt8(ascii: "L")]
            append(id, to: &bytes)
            append(UInt32(arguments.count), to: &bytes)
            append(UInt32(environment.count), to: &bytes)
            let variables = environment.sorted { $0.key < $1.key }
            guard variables.allSatisfy({ !$0.key.isEmpty && !$0.key.contains("=") }) else { return nil }
            for string in [workingDirectory] + arguments + variables.map({ "\($0.key)=\($0.value)" }) {
                let utf8 = Array(string.utf8)
                guard !utf8.contains(0) else { return nil }
                bytes += utf8
                bytes.append(0)
            }
            return bytes.count <= ZygoteWire.maxRequest ? bytes : nil
        }

        /// The request in `bytes`, or nil for anything malformed.
        public static func decode(_ bytes: [UInt8]) -> Launch? {
            guard bytes.count >= 17, bytes.count <= ZygoteWire.maxRequest, bytes[0] == UInt8(ascii: "L") else { return nil }
            let id = read(UInt64.self, bytes, at: 1)
            let argumentCount = Int(read(UInt32.self, bytes, at: 9))
            let environmentCount = Int(read(UInt32.self, bytes, at: 13))
            var strings: [String] = []
            var start = 17
            for index in start..<bytes.count where bytes[index] == 0 {
                strings.append(String(decoding: bytes[start..<index], as: UTF8.self))
                start = index + 1
            }
            guard start == bytes.count, strings.count == 1 + argumentCount + environmentCount else { return nil }
            var environment: [String: String] = [:]
            for entry in strings.suffix(environmentCount) {
                guard let equals = entry.firstIndex(of: "="), equals != entry.startIndex else { return nil }
                environment[String(entry[..<equals])] = String(entry[entry.index(after: equals)...])
            }
            guard environment.count == environmentCount else { return nil }
            return Launch(
                id: id, arguments: Array(strings[1..<(1 + argumentCount)]), environment: environment, workingDirectory: strings[0])
        }
    }

    public enum Reply: Equatable, Sendable {
        /// Loaded and listening; `pid` is the zygote's own.
        case ready(pid: Int32)
        case started(id: UInt64, pid: Int32)
        /// The launch was not done; `error` is an errno value.
        case failed(id: UInt64, error: Int32)
        /// A child was reaped: 0-255 for an exit, 128 + n for death by signal n.
        case exited(pid: Int32, status: Int32)

        public func encoded() -> [UInt8] {
            let (kind, id, pid, value): (UInt8, UInt64, Int32, Int32)
            switch self {
            case .ready(let zygote): (kind, id, pid, value) = (UInt8(ascii: "R"), 0, zygote, 0)
            case .started(let launch, let child): (kind, id, pid, value) = (UInt8(ascii: "S"), launch, child, 0)
            case .failed(let launch, let error): (kind, id, pid, value) = (UInt8(ascii: "F"), launch, 0, error)
            case .exited(let child, let status): (kind, id, pid, value) = (UInt8(ascii: "X"), 0, child, status)
            }
            var bytes = [kind]
            append(id, to: &bytes)
            append(UInt32(bitPattern: pid), to: &bytes)
            append(UInt32(bitPattern: value), to: &bytes)
            return bytes
        }

        public static func decode(_ bytes: [UInt8]) -> Reply? {
            guard bytes.count == ZygoteWire.replyLength else { return nil }
            let id = read(UInt64.self, bytes, at: 1)
            let pid = Int32(bitPattern: read(UInt32.self, bytes, at: 9))
            let value = Int32(bitPattern: read(UInt32.self, bytes, at: 13))
            switch bytes[0] {
            case UInt8(ascii: "R"): return .ready(pid: pid)
            case UInt8(ascii: "S") where pid > 0: return .started(id: id, pid: pid)
            case UInt8(ascii: "F"): return .failed(id: id, error: value)
            case UInt8(ascii: "X") where pid > 0: return .exited(pid: pid, status: value)
            default: return nil
            }
        }
    }

    private static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    private static func read<T: FixedWidthInteger>(_: T.Type, _ bytes: [UInt8], at offset: Int) -> T {
        var value: T = 0
        for index in 0..<MemoryLayout<T>.size { value |= T(bytes[offset + index]) << (8 * index) }
        return value
    }
}
