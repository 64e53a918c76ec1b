import ArgumentParser
import ShopMedia

// `media render`'s options as typed values: ArgumentParser parses each once and a bad value is a
// usage error naming the option and what it takes (exit status 64), before `run()`.

extension CellSize: ExpressibleByArgument {
    /// WIDTHxHEIGHT in cells, e.g. 40x20.
    public init?(argument: String) { self.init(argument) }
    public var defaultValueDescription: String { description }
}

extension ColorMode: ExpressibleByArgument {
    public static var allValueStrings: [String] { ["256", "16", "8", "none"] }
    public static var allValueDescriptions: [String: String] {
        [
            "256": "xterm's 256 colours", "16": "the 16 ANSI colours, dithered", "8": "the 8 basic colours, dithered",
            "none": "no colour: characters only, no escape",
        ]
    }
}

extension StillMotion: ExpressibleByArgument {}

extension SymbolSet: ExpressibleByArgument {}

extension RGB: ExpressibleByArgument {
    /// #rrggbb.
    public init?(argument: String) { self.init(hex: argument) }
    public var defaultValueDescription: String { description }
}
