import Foundation

/// A self-running tour for presenters, read from a plain JSON file so it can be adapted
/// without a rebuild (the default one is Assets/demo-tour.json).
///
/// ```json
/// {"version": 1, "steps": [
///   {"caption": "Scroll the feed like a phone", "keys": ["j", "j"], "seconds": 2},
///   {"caption": "Link an account", "keys": ["L", "Enter"], "approve": true, "seconds": 3}
/// ]}
/// ```
public struct DemoTour: Sendable, Equatable {
    public struct Step: Sendable, Equatable {
        /// What the caption bar says while the step runs.
        public var caption: String
        /// Keys pressed in order, by name: a single character, or one of `DemoTour.namedKeys`.
        public var keys: [String]
        /// How long the step stays on screen at speed 1, before the next one.
        public var seconds: Double
        /// Approve the pending account link on the demo marketplace (as the phone would).
        public var approve: Bool
        /// Stop here until this text is on screen (e.g. an order confirmation), up to `seconds`.
        public var waitFor: String?

        public init(caption: String, keys: [String] = [], seconds: Double = 2, approve: Bool = false, waitFor: String? = nil) {
            self.caption = caption
            self.keys = keys
            self.seconds = seconds
            self.approve = approve
            self.waitFor = waitFor
        }
    }

    public static let namedKeys: Set<String> = ["Enter", "Escape", "Up", "Down", "Left", "Right", "Tab", "Space", "Backspace"]

    public var steps: [Step]

    public init(steps: [Step]) { self.steps = steps }

    /// Total running time at a speed (2 = twice as fast).
    public func duration(speed: Double) -> Double { steps.reduce(0) { $0 + $1.seconds } / max(speed, 0.01) }

    /// Reads and checks a tour file, reporting every problem with its JSON path.
    public static func load(from url: URL) throws(DemoTourError) -> DemoTour {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw DemoTourError(problems: ["\(url.path): cannot be read"])
        }
        return try parse(data, file: url.path)
    }

    public static func parse(_ data: Data, file: String) throws(DemoTourError) -> DemoTour {
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw DemoTourError(problems: ["\(file): $: expected a JSON object"])
        }
        var problems: [String] = []
        if root["version"] as? Int != 1 { problems.append("\(file): $.version: expected 1") }
        guard let rawSteps = root["steps"] as? [Any], !rawSteps.isEmpty else {
            throw DemoTourError(problems: problems + ["\(file): $.steps: expected a non-empty array of steps"])
        }
        var steps: [Step] = []
        for (index, raw) in rawSteps.enumerated() {
            let path = "\(file): $.steps[\(index)]"
            guard let object = raw as? [String: Any] else {
                problems.append("\(path): expected an object")
                continue
            }
            let caption = object["caption"] as? String
            if caption?.isEmpty != false { problems.append("\(path).caption: expected a non-empty string") }
            let keys = object["keys"] as? [String] ?? []
            if object["keys"] != nil && object["keys"] as? [String] == nil {
                problems.append("\(path).keys: expected an array of key names")
            }
            for (k, key) in keys.enumerated() where key.count != 1 && !namedKeys.contains(key) {
                problems.append("\(path).keys[\(k)]: expected one character or one of \(namedKeys.sorted().joined(separator: ", ")), found \"\(key)\"")
            }
            let seconds = (object["seconds"] as? NSNumber)?.doubleValue ?? 2
            if !(0.1...120).contains(seconds) { problems.append("\(path).seconds: expected 0.1 to 120") }
            let approve = object["approve"] as? Bool ?? false
            let waitFor = object["waitFor"] as? String
            if let caption { steps.append(Step(caption: caption, keys: keys, seconds: seconds, approve: approve, waitFor: waitFor)) }
        }
        guard problems.isEmpty else { throw DemoTourError(problems: problems) }
        return DemoTour(steps: steps)
    }
}

/// A tour file that cannot be used, with every problem found.
public struct DemoTourError: Error, Sendable, CustomStringConvertible {
    public var problems: [String]
    public var description: String { "The demo tour has problems:\n" + problems.map { "  - \($0)" }.joined(separator: "\n") }
}
