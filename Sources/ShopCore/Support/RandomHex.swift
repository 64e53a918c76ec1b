/// `bytes` random bytes as lower-case hex, from the system's secure generator.
func randomHex(bytes: Int) -> String {
    var generator = SystemRandomNumberGenerator()
    var text = ""
    for _ in 0..<bytes {
        let byte = UInt8.random(in: 0...255, using: &generator)
        text += String(byte >> 4, radix: 16) + String(byte & 0x0F, radix: 16)
    }
    return text
}
