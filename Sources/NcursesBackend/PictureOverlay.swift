import Foundation
import Glibc
import ShopMedia
import ShopUI

/// How the storefront's pictures reach the terminal in a pixel mode, found before ncurses
/// takes the terminal (`TerminalGraphics` detection, or a forced `--graphics`).
public struct PixelOutput: Sendable {
    /// The mode pictures are drawn in (`.cells`: none).
    public var mode: GraphicsMode
    /// What the terminal was found to speak, for `?` help.
    public var detected: GraphicsMode
    /// Wrap every picture sequence in tmux passthrough.
    public var passthrough: Bool
    public var cellPixels: CellPixels

    public init(mode: GraphicsMode, detected: GraphicsMode, passthrough: Bool, cellPixels: CellPixels) {
        self.mode = mode
        self.detected = detected
        self.passthrough = passthrough
        self.cellPixels = cellPixels
    }

    public static let cells = PixelOutput(mode: .cells, detected: .cells, passthrough: false, cellPixels: .fallback)
}

/// The decisions of kitty picture placement, apart from any bytes: what to transmit, place and
/// delete when the view's `Grid.picture` changes, so they are unit-tested without a terminal.
///
/// The terminal keeps the pixels of the last `capacity` pictures shown (two: the feed's clip and
/// the product sheet's picture, or the clip before a scroll). Coming back to one of them — the
/// feed after the sheet, a scroll back up — places it again without sending its pixels (an
/// animated clip is about 800 KB at 80x24); a picture beyond the capacity frees the one shown
/// least recently, so the terminal's memory never fills with stale pictures.
public struct KittyPlacementPlan: Sendable {
    /// One thing to tell the terminal.
    public enum Command: Hashable, Sendable {
        /// Send the pixels of `picture` (its path, frame, box size, backdrop) as image `id`.
        case transmit(id: UInt32, picture: PicturePlacement)
        /// Show image `id` over `rect`.
        case place(id: UInt32, rect: Rect)
        /// Remove image `id`'s placement; `free` also drops its pixels.
        case delete(id: UInt32, free: Bool)
        /// Run (loop) or stop the animation of image `id`, transmitted with `animates`. The
        /// terminal plays the frames itself: no bytes per frame.
        case animate(id: UInt32, running: Bool)
    }

    /// What a picture's pixels depend on: the box's position does not count (a move re-places).
    struct Key: Hashable, Sendable {
        var path: String
        var frame: Int
        var width: Int
        var height: Int
        var background: RGB
        var animates: Bool

        init(_ p: PicturePlacement) {
            path = p.path; frame = p.frame; width = p.rect.width; height = p.rect.height; background = p.background
            animates = p.animates
        }
    }

    /// The images the terminal holds, shown least recently first: the last one is the current
    /// picture, placed at `placedAt` (nil: held, not shown).
    private var held: [(key: Key, id: UInt32)] = []
    public private(set) var placedAt: Rect?
    /// Whether the current picture's animation runs (only for one transmitted with `animates`).
    public private(set) var running: Bool?
    /// How many pictures the terminal keeps.
    public let capacity: Int
    private var nextID: UInt32

    /// Ids from `firstID` up: a value unlikely to meet another program's images in the window.
    public init(firstID: UInt32 = 0x5253_0001, capacity: Int = 2) {
        nextID = firstID
        self.capacity = max(1, capacity)
    }

    /// The commands that take the terminal from what it shows to `wanted`.
    public mutating func update(to wanted: PicturePlacement?) -> [Command] {
        guard let wanted, wanted.rect.width > 0, wanted.rect.height > 0 else { return unplace() }
        let key = Key(wanted)
        if let current = held.last, current.key == key {
            var commands: [Command] = []
            var placed = false
            if placedAt != wanted.rect {
                if placedAt != nil { commands.append(.delete(id: current.id, free: false)) }
                commands.append(.place(id: current.id, rect: wanted.rect))
                placedAt = wanted.rect
                placed = true
            }
            // A new placement gets the control again: kitty 0.26 left a loop whose placement
            // had been deleted (a full repaint, a page over the feed) standing still.
            if key.animates, running != wanted.playing || placed {
                running = wanted.playing
                commands.append(.animate(id: current.id, running: wanted.playing))
            }
            return commands
        }
        var commands: [Command] = []
        let id: UInt32
        if let index = held.firstIndex(where: { $0.key == key }) {
            // Held from before: shown again without its pixels.
            commands = unplace()
            id = held.remove(at: index).id
        } else {
            // Freeing the current picture removes its placement too: no delete before it.
            if held.count < capacity || held.count > 1 { commands = unplace() }
            if held.count >= capacity { commands.append(.delete(id: held.removeFirst().id, free: true)) }
            id = nextID
            nextID = nextID == UInt32.max ? 1 : nextID + 1
            commands.append(.transmit(id: id, picture: wanted))
        }
        held.append((key, id))
        placedAt = wanted.rect
        commands.append(.place(id: id, rect: wanted.rect))
        running = key.animates ? wanted.playing : nil
        if key.animates { commands.append(.animate(id: id, running: wanted.playing)) }
        return commands
    }

    /// Whether the terminal holds image `id` (shown or not).
    public func holds(_ id: UInt32) -> Bool { held.contains { $0.id == id } }

    /// The image placed on the screen now, if any.
    public var placedID: UInt32? { placedAt == nil ? nil : held.last?.id }

    /// The placement is gone or unreliable (a resize, a full repaint that cleared the screen), or
    /// nothing is wanted: remove it now and place it again on the next update.
    public mutating func unplace() -> [Command] {
        guard let current = held.last, placedAt != nil else { return [] }
        placedAt = nil
        return [.delete(id: current.id, free: false)]
    }

    /// Before exit: nothing of ours left on the screen or in the terminal's memory.
    public mutating func clear() -> [Command] {
        let commands = held.map { Command.delete(id: $0.id, free: true) }
        held = []
        placedAt = nil
        running = nil
        return commands
    }
}

/// Where the overlay's bytes go: the terminal (after ncurses' own output), or a test's record.
public protocol PictureWriter: AnyObject {
    func write(_ bytes: [UInt8])
}

/// Turns the plan's commands into kitty escape sequences for the backend to write right after
/// `doupdate`: the cursor is saved and restored around them (DECSC / DECRC) and each placement
/// is made with `C=1`, so ncurses' idea of the cursor stays true.
///
/// An animated clip's first picture is its first frame alone (a one-frame decode, tens of
/// milliseconds); its other frames are made away from the run loop (`schedule`: a thread of the
/// overlay's own) and follow when ready (`collect`, when `wakeDescriptor` turns readable): kitty
/// then gets the rest of the loop and starts it, sixel and iTerm2 start writing due frames. Before,
/// the first picture waited about 250 ms for every frame to be decoded, fitted and encoded.
public final class PictureOverlay {
    /// Runs a preparation of frames somewhere: the overlay's own thread by default, at once or when
    /// a test chooses otherwise.
    public typealias Schedule = (@escaping @Sendable () -> Void) -> Void

    public private(set) var output: PixelOutput
    private var plan = KittyPlacementPlan()
    private let writer: any PictureWriter
    /// The pixels of a picture, fitted into its box (injectable: tests need no files).
    private let pixels: (PicturePlacement, CellPixels) -> RGBImage?
    /// Sixel and iTerm2: repaints the text under a rectangle, which is how an inline picture is removed.
    public var repaint: ((Rect) -> Void)?
    /// Every frame of an animated picture, fitted into its box, with its delay (injectable; made
    /// on `schedule`'s thread).
    private let frames: @Sendable (PicturePlacement, CellPixels) -> [PictureFrame]?
    private let schedule: Schedule
    /// Frames made and not yet taken in; the wake pipe that says so (nil with a test's schedule).
    private let inbox: PreparedFrames
    /// Turns readable when frames are ready: the terminal polls it with the keys and calls
    /// `collect`.
    public var wakeDescriptor: Int32? { inbox.readDescriptor }
    /// The kitty images whose other frames are being made, and the sixel / iTerm2 clip.
    private var preparingKitty: Set<UInt32> = []
    private var preparingInline: PicturePlacement?
    /// Counts cell-size changes: frames made for an older size are not used.
    private var generation = 0
    /// Sixel and iTerm2: the encoded pictures the plan holds, by id, written again at each placement.
    private var inlinePictures: [UInt32: [UInt8]] = [:]
    /// The kitty images sent with more than one frame: only those get animation control.
    private var animated: Set<UInt32> = []
    /// Sixel and iTerm2: the animated clip being played frame by frame, and the frame on screen now
    /// (nil: nothing placed, so nothing to write over).
    private var inlineAnimation: InlineAnimation?
    private var inlineShownFrame: Int?
    /// Sixel and iTerm2: what frames may cost on the wire (`FrameBudget`); the terminal's size in
    /// cells sets the rate (`NcursesTerminal` keeps it current).
    public var budget = ByteBudget(bytesPerSecond: FrameBudget.bytesPerSecond(screenCells: 80 * 24))
    public var screenCells = 80 * 24 {
        didSet { budget.bytesPerSecond = FrameBudget.bytesPerSecond(screenCells: screenCells) }
    }
    /// Frames not written because the budget could not pay for them (dropped, never queued).
    public private(set) var droppedFrames = 0
    /// The monotonic clock the budget runs on, in seconds: the app's own
    /// (`AppEnvironment.monotonicSeconds`, the terminal passes it on), or a test's.
    private let now: () -> Double

    public init(
        output: PixelOutput, writer: any PictureWriter,
        pixels: @escaping (PicturePlacement, CellPixels) -> RGBImage? = PictureOverlay.loadPixels,
        frames: @escaping @Sendable (PicturePlacement, CellPixels) -> [PictureFrame]? = PictureOverlay.loadFrames,
        schedule: Schedule? = nil,
        now: @escaping () -> Double = AppEnvironment.monotonicSeconds
    ) {
        self.output = output
        self.writer = writer
        self.pixels = pixels
        self.frames = frames
        self.now = now
        if let schedule {
            self.schedule = schedule
            inbox = PreparedFrames(wakes: false)
        } else {
            // Normal priority, not the prefetch's nice 19: these are the frames of the clip on
            // the screen, and on a loaded machine a nice-19 thread can wait for seconds.
            let worker = BackgroundWorker<Int>(name: "reelshop.picture-frames", niceness: 0)
            var job = 0
            self.schedule = { work in
                job += 1
                worker.submit(job, work)
            }
            inbox = PreparedFrames(wakes: true)
        }
    }

    /// Brings the terminal to `wanted` (nil: no picture).
    ///
    /// In sixel and iTerm2 an animated clip is one picture to the plan (its first frame: placed, covered,
    /// placed again like a still); the frame the view says is due is then written over it
    /// (`stepInline`).
    public func show(_ wanted: PicturePlacement?) {
        let before = plan.placedAt
        guard !output.mode.terminalAnimates else {
            run(plan.update(to: wanted), before: before)
            collect()
            return
        }
        run(plan.update(to: wanted.map(InlineAnimation.key)), before: before)
        stepInline(wanted)
        collect()
    }

    /// Writes the frame due over the one shown, in the same box, when the budget pays for it: no
    /// repaint between (the new sixel covers the old one pixel for pixel). A frame it cannot pay
    /// for is dropped; the next call shows the frame due then.
    private func stepInline(_ wanted: PicturePlacement?) {
        guard let wanted, wanted.animates, plan.placedAt == wanted.rect, let shown = inlineShownFrame else { return }
        let key = InlineAnimation.key(wanted)
        if inlineAnimation?.key != key {
            // The first frame stays until the others are made.
            prepareInline(key)
            return
        }
        guard var animation = inlineAnimation, animation.count > 1 else { return }
        let index = ((wanted.frame % animation.count) + animation.count) % animation.count
        guard index != shown else { return }
        let cells = CellSize(width: wanted.rect.width, height: wanted.rect.height)
        let bytes = animation.encoded(index) { encodeInline($0, cells: cells, palette: $1) }
        inlineAnimation = animation
        let write = [0x1B, 0x37] + Array("\u{1B}[\(wanted.rect.y + 1);\(wanted.rect.x + 1)H".utf8) + bytes + [0x1B, 0x38]
        guard budget.spend(write.count, at: now()) else {
            droppedFrames += 1
            return
        }
        writer.write(write)
        inlineShownFrame = index
    }

    /// Removes the placement before a full repaint or after a resize; the next `show` places again.
    public func unplace() {
        let before = plan.placedAt
        run(plan.unplace(), before: before, repaints: false)
    }

    /// The terminal's cells changed size in pixels (a font-size change: the window reports it with
    /// the resize). Every held picture was fitted for the old size, so all are freed and the next
    /// `show` sends the picture again at the new one.
    public func cellPixelsChanged(to pixels: CellPixels) {
        guard pixels != output.cellPixels else { return }
        clear()
        inlineAnimation = nil
        preparingInline = nil
        preparingKitty = []
        generation += 1
        output.cellPixels = pixels
    }

    /// Ends whatever string a cut-short write left open (ST: a sixel's DCS, a kitty APC chunk,
    /// an iTerm2 OSC), so that what follows is read as commands; before `clear` at exit. A lone
    /// ST outside a string does nothing.
    public func end() {
        writer.write([0x1B, 0x5C])
    }

    /// Removes and frees the picture (exit).
    public func clear() {
        run(plan.clear(), before: nil, repaints: false)
    }

    public var placedAt: Rect? { plan.placedAt }

    private func run(_ commands: [KittyPlacementPlan.Command], before: Rect?, repaints: Bool = true) {
        guard !commands.isEmpty else { return }
        if !output.mode.terminalAnimates {
            runInline(commands, before: before, repaints: repaints)
            return
        }
        var sequences: [[UInt8]] = []
        var failed: UInt32?
        for command in commands {
            switch command {
            case .delete(let id, let free):
                sequences.append(free ? KittyGraphics.deleteAndFree(id: id) : KittyGraphics.delete(id: id))
                if free { animated.remove(id) }
            case .transmit(let id, let picture) where picture.animates:
                // The root frame now, from a one-frame decode; the rest of the loop follows when
                // made (`takeKittyFrames`), and its animation control with it.
                var first = picture
                first.frame = 0
                guard let image = pixels(first, output.cellPixels) else { failed = id; continue }
                sequences += KittyGraphics.transmit(image, id: id)
                prepareKitty(id, picture)
            case .transmit(let id, let picture):
                guard let image = pixels(picture, output.cellPixels) else { failed = id; continue }
                sequences += KittyGraphics.transmit(image, id: id)
            case .animate(let id, let running):
                guard animated.contains(id) else { continue }
                sequences.append(running ? KittyGraphics.play(id: id) : KittyGraphics.stop(id: id))
            case .place(let id, let rect):
                // A picture that could not be read is left out: the half blocks under it show.
                if id == failed { continue }
                sequences.append(Array("\u{1B}[\(rect.y + 1);\(rect.x + 1)H".utf8))
                sequences.append(KittyGraphics.place(id: id, cells: CellSize(width: rect.width, height: rect.height)))
            }
        }
        writeKitty(sequences)
    }

    /// The sequences with the cursor saved and restored around them. The cursor moves go to tmux
    /// itself (it positions the outer cursor); only the kitty sequences are wrapped for the outer
    /// terminal.
    private func writeKitty(_ sequences: [[UInt8]]) {
        // A control for a loop not sent (a still, its frames not made yet): nothing at all.
        guard !sequences.isEmpty else { return }
        var bytes: [UInt8] = [0x1B, 0x37]
        for sequence in sequences {
            let isKitty = sequence.starts(with: [0x1B, 0x5F, 0x47])
            bytes += output.passthrough && isKitty ? TmuxPassthrough.wrap(sequence) : sequence
        }
        bytes += [0x1B, 0x38]
        writer.write(bytes)
    }

    /// Has the frames of kitty image `id` after its root made: every other frame with its delay,
    /// then the root's delay (it exists only once transmitted), encoded on `schedule`'s thread.
    private func prepareKitty(_ id: UInt32, _ picture: PicturePlacement) {
        guard preparingKitty.insert(id).inserted else { return }
        let frames = self.frames, cellPixels = output.cellPixels, inbox = self.inbox, generation = self.generation
        schedule {
            var sequences: [[UInt8]] = []
            if let all = frames(picture, cellPixels), all.count > 1, let first = all.first {
                for frame in all.dropFirst() { sequences += KittyGraphics.frame(frame.image, id: id, gap: frame.delay) }
                sequences.append(KittyGraphics.frameGap(id: id, frame: 1, gap: first.delay))
            }
            inbox.put(.kitty(id: id, generation: generation, sequences: sequences))
        }
    }

    /// Has the frames of a sixel or iTerm2 clip made (fitted; each is encoded when first due),
    /// and for sixel one palette for them all.
    private func prepareInline(_ key: PicturePlacement) {
        guard preparingInline != key else { return }
        preparingInline = key
        let frames = self.frames, cellPixels = output.cellPixels, inbox = self.inbox, generation = self.generation
        let sixel = output.mode == .sixel
        schedule {
            let made = frames(key, cellPixels) ?? []
            let palette = sixel && !made.isEmpty ? SixelPalette.adaptive(for: made.map(\.image), maxColors: Self.clipColors) : nil
            inbox.put(.inline(key: key, generation: generation, frames: made, palette: palette))
        }
    }

    /// Takes in the frames made since the last call: a kitty loop still held is sent and, when
    /// its picture is on the screen, set running or stopped as the plan says; a sixel or iTerm2
    /// clip still wanted starts being played. Frames for a picture let go meanwhile, or made for
    /// an older cell size, are dropped. Returns whether anything arrived.
    @discardableResult
    public func collect() -> Bool {
        let arrived = inbox.take()
        for prepared in arrived {
            switch prepared {
            case .kitty(let id, let made, let sequences):
                guard made == generation, preparingKitty.remove(id) != nil, plan.holds(id), !sequences.isEmpty else { continue }
                animated.insert(id)
                var all = sequences
                if plan.placedID == id, let running = plan.running {
                    all.append(running ? KittyGraphics.play(id: id) : KittyGraphics.stop(id: id))
                }
                writeKitty(all)
            case .inline(let key, let made, let frames, let palette):
                guard made == generation, preparingInline == key else { continue }
                preparingInline = nil
                inlineAnimation = InlineAnimation(key: key, frames: frames, palette: palette)
            }
        }
        return !arrived.isEmpty
    }

    /// Sixel and iTerm2 have no ids or placements: "transmit" encodes, "place" writes the picture at the box,
    /// "delete" has ncurses repaint the lines the picture covered (a full repaint or exit clears
    /// them anyway, so those do not repaint).
    private func runInline(_ commands: [KittyPlacementPlan.Command], before: Rect?, repaints: Bool) {
        for command in commands {
            switch command {
            case .delete(let id, let free):
                // Only a placement covers lines; freeing a held picture touches nothing on screen.
                if free { inlinePictures[id] = nil } else if repaints, let before { repaint?(before) }
                if !free { inlineShownFrame = nil }
            case .transmit(let id, let picture):
                // Sixel: a picture the terminal keeps gets every colour it needs; the first frame of
                // a clip whose frames follow gets as few as they will (see `clipColors`).
                let colors = picture.animates ? Self.clipColors : SixelPalette.maxColors
                inlinePictures[id] = pixels(picture, output.cellPixels).map {
                    encodeInline(
                        $0, cells: CellSize(width: picture.rect.width, height: picture.rect.height),
                        palette: output.mode == .sixel ? .adaptive(for: [$0], maxColors: colors) : nil)
                }
            case .animate:
                continue
            case .place(let id, let rect):
                guard let bytes = inlinePictures[id] else { continue }
                let write = [0x1B, 0x37] + Array("\u{1B}[\(rect.y + 1);\(rect.x + 1)H".utf8) + bytes + [0x1B, 0x38]
                // A placement is never dropped (the box would show the cells), but it is counted.
                budget.charge(write.count, at: now())
                writer.write(write)
                inlineShownFrame = 0
            }
        }
    }

    /// A picture as a sixel (with `palette`, else one of its own), or as an iTerm2 inline image
    /// scaled by the terminal to `cells` (nothing when the PNG cannot be made: the cells under it show).
    private func encodeInline(_ image: RGBImage, cells: CellSize, palette: SixelPalette?) -> [UInt8] {
        output.mode == .iterm ? (try? ITermImage.encode(image, cells: cells)) ?? [] : Sixel.encode(image, palette: palette ?? .adaptive(for: [image]))
    }

    /// The colours of a sixel clip's palette: 32 chosen for the clip cost what the fixed
    /// 240-colour palette cost a frame (705 against 702 KB for the first frames of the 38 bundled
    /// pictures at 240x420, so the byte budget plays as many frames a second) with a quarter of
    /// its error (2.1 against 7.7 levels a channel; 240 chosen colours: 1.4, at 1.95x the bytes).
    static let clipColors = 32

    /// Decodes the picture's file for its box's pixels and fits the frame in (aspect kept,
    /// centred over the post's colour). Nil when the file cannot be used (the cells show).
    /// The first frame needs only a one-frame decode.
    public static func loadPixels(_ picture: PicturePlacement, cellPixels: CellPixels) -> RGBImage? {
        guard let (clip, box) = decode(picture, cellPixels, firstFrameOnly: picture.frame == 0) else { return nil }
        let n = clip.frames.count
        return fitted(clip, frame: ((picture.frame % n) + n) % n, into: box, background: picture.background)
    }

    /// Every frame of the picture's clip fitted into its box, with the clip's delays (one frame
    /// for a still). Nil when the file cannot be used.
    @Sendable public static func loadFrames(_ picture: PicturePlacement, cellPixels: CellPixels) -> [PictureFrame]? {
        guard let (clip, box) = decode(picture, cellPixels, firstFrameOnly: false) else { return nil }
        return clip.frames.indices.map {
            PictureFrame(image: fitted(clip, frame: $0, into: box, background: picture.background), delay: clip.frames[$0].delay)
        }
    }

    /// Frames are scaled down as they are decoded whatever the clip's size, so that a first frame
    /// decoded alone is the same pixels as the whole clip's first frame.
    private static func decode(_ picture: PicturePlacement, _ cellPixels: CellPixels, firstFrameOnly: Bool) -> (MediaClip, PixelSize)? {
        let cells = CellSize(width: picture.rect.width, height: picture.rect.height)
        let box = PixelRenderer.boundedBox(cells, cellPixels)
        guard
            let clip = try? MediaDecoder.load(path: picture.path, fitting: box, keepingFullSizeUpTo: 0, firstFrameOnly: firstFrameOnly),
            !clip.frames.isEmpty
        else { return nil }
        return (clip, box)
    }

    private static func fitted(_ clip: MediaClip, frame: Int, into box: PixelSize, background: RGB) -> RGBImage {
        let image = clip.frames[frame].image
        let shape =
            image.width == clip.originalWidth && image.height == clip.originalHeight
            ? nil : PixelSize(width: clip.originalWidth, height: clip.originalHeight)
        return AreaScaler.fit(image, intoPixels: box, pixelAspect: 1, background: background, motion: .identity, shape: shape)
    }
}

/// Frames made on another thread, waiting for the run loop; a byte in a pipe wakes its poll.
final class PreparedFrames: @unchecked Sendable {
    enum Item: Sendable {
        /// The sequences of a kitty image's frames after its root (none: a still, or unreadable).
        case kitty(id: UInt32, generation: Int, sequences: [[UInt8]])
        /// The fitted frames of a sixel or iTerm2 clip, and (sixel) the palette made for them all.
        case inline(key: PicturePlacement, generation: Int, frames: [PictureFrame], palette: SixelPalette?)
    }

    private let lock = NSLock()
    private var items: [Item] = []
    private var descriptors: (read: Int32, write: Int32)?

    init(wakes: Bool) {
        guard wakes else { return }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        descriptors = (fds[0], fds[1])
    }

    deinit {
        lock.withLock {
            if let descriptors {
                Glibc.close(descriptors.read)
                Glibc.close(descriptors.write)
            }
            descriptors = nil
        }
    }

    var readDescriptor: Int32? { lock.withLock { descriptors?.read } }

    func put(_ item: Item) {
        lock.withLock {
            items.append(item)
            if let descriptors {
                var byte: UInt8 = 1
                _ = Glibc.write(descriptors.write, &byte, 1)  // a full pipe already wakes
            }
        }
    }

    func take() -> [Item] {
        lock.withLock {
            if let descriptors {
                var buffer = [UInt8](repeating: 0, count: 64)
                while Glibc.read(descriptors.read, &buffer, buffer.count) > 0 {}
            }
            defer { items = [] }
            return items
        }
    }
}

/// One frame of an animated picture in pixels, and how long it shows.
public struct PictureFrame: Sendable {
    public var image: RGBImage
    public var delay: Duration

    public init(image: RGBImage, delay: Duration) {
        self.image = image
        self.delay = delay
    }
}

/// A clip the app plays in sixel or iTerm2: its frames fitted to the box, each encoded the first time it
/// is due and kept (a loop costs the encoding once; the pixels are let go once encoded).
struct InlineAnimation {
    /// The picture as the plan knows it: the clip at its first frame.
    let key: PicturePlacement
    private var images: [RGBImage?]
    private var encodings: [[UInt8]?]
    /// Sixel: the one palette of every frame (nil for iTerm2).
    let palette: SixelPalette?

    init(key: PicturePlacement, frames: [PictureFrame], palette: SixelPalette? = nil) {
        self.key = key
        images = frames.map(\.image)
        encodings = Array(repeating: nil, count: frames.count)
        self.palette = palette
    }

    var count: Int { images.count }

    static func key(_ picture: PicturePlacement) -> PicturePlacement {
        guard picture.animates else { return picture }
        var key = picture
        key.frame = 0
        key.playing = true
        return key
    }

    mutating func encoded(_ index: Int, _ encode: (RGBImage, SixelPalette?) -> [UInt8]) -> [UInt8] {
        if let bytes = encodings[index] { return bytes }
        let bytes = images[index].map { encode($0, palette) } ?? []
        encodings[index] = bytes
        images[index] = nil
        return bytes
    }
}

/// What app-played frames (sixel, iTerm2) may cost: a clip at 80x24 stays under 120 KB/s and one at 120x40 under
/// 250 KB/s with everything else on the wire (issue 14), so frames get 90 % of that, in
/// proportion to the screen between the two sizes.
public enum FrameBudget {
    public static func bytesPerSecond(screenCells: Int) -> Double {
        let small = 80.0 * 24, large = 120.0 * 40
        let share = min(1, max(0, (Double(screenCells) - small) / (large - small)))
        return 0.9 * (120_000 + share * (250_000 - 120_000))
    }
}

/// A token bucket of bytes: `bytesPerSecond` earned, at most half a second's worth saved; a
/// write is allowed while the bucket is not in debt and takes what it costs (so a frame larger
/// than the saving still goes, and the next ones wait until it is paid off).
public struct ByteBudget: Sendable {
    public var bytesPerSecond: Double
    private var tokens: Double
    private var last: Double?

    public init(bytesPerSecond: Double) {
        self.bytesPerSecond = bytesPerSecond
        tokens = bytesPerSecond / 2
    }

    /// Takes `bytes` if the bucket is not in debt; false (nothing taken): not now.
    public mutating func spend(_ bytes: Int, at now: Double) -> Bool {
        refill(at: now)
        guard tokens > 0 else { return false }
        tokens -= Double(bytes)
        return true
    }

    /// Takes `bytes` whatever the bucket holds (what had to be written anyway).
    public mutating func charge(_ bytes: Int, at now: Double) {
        refill(at: now)
        tokens -= Double(bytes)
    }

    private mutating func refill(at now: Double) {
        if let last { tokens = min(bytesPerSecond / 2, tokens + max(0, now - last) * bytesPerSecond) }
        last = now
    }
}
