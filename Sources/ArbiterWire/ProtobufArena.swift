import CProtobufC

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A bump allocator for the C structs of one message, freed all at once by `reset()`.
///
/// protobuf-c makes one `malloc` per sub-message, string and array when it unpacks, and a
/// batch of executions has tens of thousands of them. The arena turns those into pointer
/// bumps in a few large chunks and makes freeing a message free.
///
/// Not thread-safe, and every pointer it hands out dies at the next `reset()`: use it
/// through `withThreadArena(_:)` and copy everything out into Swift values before returning.
final class ProtobufArena {
    private struct Chunk {
        var base: UnsafeMutableRawPointer
        var size: Int
    }

    private static let firstChunkSize = 16 * 1024
    /// Chunks double up to this size; a bigger message gets more chunks, not bigger ones.
    private static let maxChunkSize = 4 * 1024 * 1024
    /// The largest chunk kept across `reset()`, so a thread's steady-state traffic costs
    /// no `malloc` at all while one huge batch does not pin its memory forever.
    private static let maxRetainedChunkSize = 1024 * 1024

    /// The most chunk memory one decode may take, against hostile input: a 2-byte empty
    /// TaskExecution in a batch unpacks into a ~240-byte struct, so a 16 MiB frame could
    /// otherwise ask for gigabytes. A legitimate 16 MiB batch needs well under this.
    static let decodeByteLimit = 256 * 1024 * 1024

    private var chunks: [Chunk] = []
    /// Sum of the chunk sizes, checked against `byteLimit` when a chunk is added.
    private var chunkBytes: Int
    /// Set for the duration of a decode; encoding is bounded by the Swift values and unlimited.
    var byteLimit = Int.max
    private var cursor: Int
    private var end: Int
    private var nextChunkSize: Int
    /// Set when `malloc` failed or `byteLimit` was hit, so a failed unpack can be told apart
    /// from malformed input.
    private(set) var allocationFailed = false
    /// Guards the thread's arena against a nested use (which would reset it under its user).
    fileprivate var inUse = false

    init() {
        guard let base = malloc(Self.firstChunkSize) else { fatalError("ProtobufArena: out of memory") }
        chunks.reserveCapacity(8)
        chunks.append(Chunk(base: base, size: Self.firstChunkSize))
        chunkBytes = Self.firstChunkSize
        cursor = Int(bitPattern: base)
        end = cursor + Self.firstChunkSize
        nextChunkSize = Self.firstChunkSize * 2
    }

    deinit {
        for chunk in chunks {
            free(chunk.base)
        }
    }

    /// `byteCount` bytes aligned to `alignment` (a power of two), valid until `reset()`.
    @inline(__always)
    func allocate(byteCount: Int, alignment: Int) -> UnsafeMutableRawPointer? {
        let mask = alignment &- 1
        let start = (cursor &+ mask) & ~mask
        // Unsigned, so a negative count (a huge size_t from C) takes the checked slow path.
        if start <= end, UInt(bitPattern: byteCount) <= UInt(bitPattern: end &- start) {
            cursor = start &+ byteCount
            return UnsafeMutableRawPointer(bitPattern: start)
        }
        return allocateInNewChunk(byteCount: byteCount, alignment: alignment)
    }

    private func allocateInNewChunk(byteCount: Int, alignment: Int) -> UnsafeMutableRawPointer? {
        guard byteCount >= 0, byteCount <= Int.max - 2 * alignment else {
            allocationFailed = true
            return nil
        }
        let size = max(nextChunkSize, byteCount + alignment)
        guard size <= byteLimit - chunkBytes, let base = malloc(size) else {
            allocationFailed = true
            return nil
        }
        chunks.append(Chunk(base: base, size: size))
        chunkBytes += size
        nextChunkSize = min(nextChunkSize * 2, Self.maxChunkSize)
        cursor = Int(bitPattern: base)
        end = cursor + size
        return allocate(byteCount: byteCount, alignment: alignment)
    }

    /// Frees every allocation at once; keeps one chunk for the next message.
    func reset() {
        allocationFailed = false
        byteLimit = .max
        if chunks.count == 1 {
            cursor = Int(bitPattern: chunks[0].base)
            return
        }
        // The first chunk always qualifies, so there is always one to keep.
        let keep = chunks.lastIndex { $0.size <= Self.maxRetainedChunkSize } ?? 0
        let kept = chunks[keep]
        for index in chunks.indices where index != keep {
            free(chunks[index].base)
        }
        chunks.removeAll(keepingCapacity: true)
        chunks.append(kept)
        chunkBytes = kept.size
        cursor = Int(bitPattern: kept.base)
        end = cursor + kept.size
        nextChunkSize = min(kept.size * 2, Self.maxChunkSize)
    }

    // MARK: - Typed helpers for building messages

    /// A new message struct, initialised by its generated `_init` function.
    func make<Message>(_ initialize: (UnsafeMutablePointer<Message>?) -> Void) -> UnsafeMutablePointer<Message> {
        let message = storage(for: Message.self, count: 1)
        initialize(message)
        return message
    }

    /// An uninitialised array of `count` elements (trivial C types only).
    func storage<Element>(for _: Element.Type, count: Int) -> UnsafeMutablePointer<Element> {
        let raw = allocate(
            byteCount: MemoryLayout<Element>.stride * count,
            alignment: MemoryLayout<Element>.alignment
        )
        guard let raw else { fatalError("ProtobufArena: out of memory") }
        return raw.bindMemory(to: Element.self, capacity: count)
    }

    /// `string` as a NUL-terminated C string in the arena.
    ///
    /// C strings end at the first NUL, so a Swift string containing "\0" is cut there;
    /// the server's validator rejects such strings before they reach the codec.
    func cString(_ string: String) -> UnsafeMutablePointer<CChar> {
        if let copy = string.utf8.withContiguousStorageIfAvailable({ cString(utf8: $0) }) {
            return copy
        }
        var contiguous = string
        return contiguous.withUTF8 { cString(utf8: $0) }
    }

    private func cString(utf8: UnsafeBufferPointer<UInt8>) -> UnsafeMutablePointer<CChar> {
        let copy = storage(for: CChar.self, count: utf8.count + 1)
        if let source = utf8.baseAddress {
            UnsafeMutableRawPointer(copy).copyMemory(from: source, byteCount: utf8.count)
        }
        copy[utf8.count] = 0
        return copy
    }

    /// Points a singular string field at a copy of `string`.
    ///
    /// An empty string leaves the field alone: after `_init` it already points at
    /// protobuf-c's shared empty string, which the packer skips.
    @inline(__always)
    func set(_ field: inout UnsafeMutablePointer<CChar>?, to string: String) {
        if !string.isEmpty {
            field = cString(string)
        }
    }

    // MARK: - protobuf-c allocator

    /// A protobuf-c allocator that allocates here and never frees: `reset()` does.
    ///
    /// Valid only while `self` is alive; `withThreadArena(_:)` guarantees that for its body.
    var allocator: ProtobufCAllocator {
        ProtobufCAllocator(
            alloc: { data, size in
                guard let data else { return nil }
                // The arena outlives the unpack call (see `withThreadArena`), so skip the retain.
                return Unmanaged<ProtobufArena>.fromOpaque(data)._withUnsafeGuaranteedRef { arena in
                    // malloc's guarantee: 16 for anything that may hold a long double, else 8.
                    arena.allocate(byteCount: size, alignment: size >= 16 ? 16 : 8)
                }
            },
            free: { _, _ in },
            allocator_data: Unmanaged.passUnretained(self).toOpaque()
        )
    }
}

// MARK: - One arena per thread

extension ProtobufArena {
    /// Runs `body` with this thread's arena and resets the arena afterwards.
    ///
    /// Sound without locks: codec calls are synchronous, so a call cannot migrate to another
    /// thread while it holds the arena, and the arena pointer lives in a pthread key that only
    /// its own thread can read. The pointers handed to `body` must not outlive it.
    static func withThreadArena<Result, Failure: Error>(
        _ body: (ProtobufArena) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        let arena: ProtobufArena
        if let raw = pthread_getspecific(threadArenaKey) {
            let cached = Unmanaged<ProtobufArena>.fromOpaque(raw).takeUnretainedValue()
            // A nested call (not made today) must not reset the outer call's memory.
            arena = cached.inUse ? ProtobufArena() : cached
        } else {
            arena = ProtobufArena()
            // The key holds a +1 reference, dropped by `releaseThreadArena` at thread exit.
            let retained = Unmanaged.passRetained(arena)
            if pthread_setspecific(threadArenaKey, retained.toOpaque()) != 0 {
                retained.release()
            }
        }
        arena.inUse = true
        defer {
            arena.reset()
            arena.inUse = false
        }
        return try body(arena)
    }
}

/// The pthread key of each thread's arena; created once, lazily and thread-safely.
private let threadArenaKey: pthread_key_t = {
    var key = pthread_key_t()
    let status = pthread_key_create(&key) { releaseThreadArena($0) }
    precondition(status == 0, "pthread_key_create failed: \(status)")
    return key
}()

/// Drops the key's reference when a thread exits (the parameter is optional on glibc only).
private func releaseThreadArena(_ raw: UnsafeMutableRawPointer?) {
    guard let raw else { return }
    Unmanaged<ProtobufArena>.fromOpaque(raw).release()
}
