import ShopSSHWire

/// What an SSH visitor controls before the storefront starts: authorized_keys lines (the
/// operator's file, often pasted from visitors) and the pty-req / env / window-change values.
enum SSHFuzz {
    static func authorizedKeys(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        for line in text.split(whereSeparator: \.isNewline) {
            guard let key = AuthorizedKeyLine(line) else { continue }
            require(AuthorizedKeyLine.keyTypes.contains(key.type), "only known key types are let in")
            require(AuthorizedKeyLine.blob(key.blob, names: key.type), "the blob names its type")
        }
    }

    /// Input: 8 bytes of columns, 8 of rows, then NUL-separated pty TERM, env TERM, env name, env value.
    static func sessionTerminal(_ bytes: [UInt8]) {
        var reader = ByteReader(bytes)
        guard let columns = reader.uint64(), let rows = reader.uint64() else { return }
        let strings = reader.rest.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        func string(_ index: Int) -> String { strings.indices.contains(index) ? strings[index] : "" }
        let environmentTerm: String? = strings.count > 1 ? string(1) : nil
        let terminal = SessionTerminal(
            requestedTerm: string(0), environmentTerm: environmentTerm,
            columns: Int(truncatingIfNeeded: columns), rows: Int(truncatingIfNeeded: rows))
        require((1...SessionTerminal.maxColumns).contains(terminal.columns), "columns are clamped: \(terminal.columns)")
        require((1...SessionTerminal.maxRows).contains(terminal.rows), "rows are clamped: \(terminal.rows)")
        require(SessionTerminal.usableTerm(terminal.term) == terminal.term, "TERM is a usable name: \(terminal.term)")
        require(!terminal.term.contains("/") && !terminal.term.contains("\0"), "TERM cannot name a path")
        let name = string(2), value = string(3)
        if SessionTerminal.allowsEnvironment(name: name, value: value) {
            require(!value.contains("\0") && !value.contains("\n") && !name.contains("="), "a passed variable cannot break the environment")
            require(!SessionTerminal.isLocaleVariable(name) || !value.contains("/"), "a locale is never a path")
        }
    }

    /// Input: the first bytes a balancer sends. A header is never longer than the input or the
    /// limits, and a prefix of a header is never taken for a different one.
    static func proxyHeader(_ bytes: [UInt8]) {
        switch ProxyProtocol.parse(bytes) {
        case .header(let header, let length):
            require(length > 0 && length <= bytes.count, "the header lies inside the input")
            require(length <= max(ProxyProtocol.maximumV1Length, ProxyProtocol.maximumV2Length), "within the limits")
            if let address = header.sourceAddress { require(!address.isEmpty && address.count <= 45, "an address") }
            if let port = header.sourcePort { require((0...65535).contains(port), "a port") }
            for cut in [length - 1, length / 2] where cut > 0 {
                if case .header(_, let shorter) = ProxyProtocol.parse(Array(bytes.prefix(cut))) {
                    require(shorter == length, "a cut header reads as the same header or not at all")
                }
            }
        case .incomplete:
            require(bytes.count < ProxyProtocol.maximumV2Length, "an over-long input is decided")
        case .invalid(let reason):
            require(!reason.contains("\r") && !reason.contains("\u{1B}"), "the reason is printable")
        }
    }
}
