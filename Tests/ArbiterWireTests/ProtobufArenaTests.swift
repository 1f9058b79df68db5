@testable import ArbiterWire
import Testing

@Suite("ProtobufArena")
struct ProtobufArenaTests {
    @Test("allocations are aligned and do not overlap")
    func alignment() {
        let arena = ProtobufArena()
        var previousEnd = 0
        for (index, size) in [1, 3, 8, 17, 5, 64, 2, 100, 16, 7].enumerated() {
            let alignment = index.isMultiple(of: 2) ? 16 : 8
            guard let pointer = arena.allocate(byteCount: size, alignment: alignment) else {
                Issue.record("allocation failed")
                return
            }
            let address = Int(bitPattern: pointer)
            #expect(address % alignment == 0)
            #expect(address >= previousEnd)
            previousEnd = address + size
        }
    }

    @Test("allocations larger than a chunk and across many chunks stay usable")
    func growth() {
        let arena = ProtobufArena()
        var blocks: [(UnsafeMutableRawPointer, Int, UInt8)] = []
        for index in 0..<200 {
            let size = index.isMultiple(of: 50) ? 3 * 1024 * 1024 : 4096 + index
            guard let block = arena.allocate(byteCount: size, alignment: 16) else {
                Issue.record("allocation failed")
                return
            }
            block.initializeMemory(as: UInt8.self, repeating: UInt8(index & 0xFF), count: size)
            blocks.append((block, size, UInt8(index & 0xFF)))
        }
        for (block, size, value) in blocks {
            let bytes = UnsafeRawBufferPointer(start: block, count: size)
            #expect(bytes.first == value && bytes.last == value)
        }
        arena.reset()
        // After a reset the arena serves small requests again without trouble.
        #expect(arena.allocate(byteCount: 32, alignment: 16) != nil)
    }

    @Test("reset reuses memory")
    func reset() {
        let arena = ProtobufArena()
        let first = arena.allocate(byteCount: 100, alignment: 16)
        arena.reset()
        let second = arena.allocate(byteCount: 100, alignment: 16)
        #expect(first == second)
    }

    @Test("C strings are NUL-terminated copies")
    func cStrings() {
        let arena = ProtobufArena()
        for string in ["", "a", "héllo wörld", String(repeating: "x", count: 100_000)] {
            let copy = arena.cString(string)
            #expect(String(cString: copy) == string)
        }
    }

    @Test("the thread's arena is reused and reset between calls")
    func threadArena() {
        let first = ProtobufArena.withThreadArena { arena in
            (ObjectIdentifier(arena), arena.allocate(byteCount: 64, alignment: 16))
        }
        let second = ProtobufArena.withThreadArena { arena in
            (ObjectIdentifier(arena), arena.allocate(byteCount: 64, alignment: 16))
        }
        #expect(first.0 == second.0)
        #expect(first.1 == second.1)
    }

    @Test("a nested use gets its own arena")
    func nested() {
        ProtobufArena.withThreadArena { outer in
            let outerBlock = outer.allocate(byteCount: 64, alignment: 16)
            ProtobufArena.withThreadArena { inner in
                #expect(inner !== outer)
                #expect(inner.allocate(byteCount: 64, alignment: 16) != outerBlock)
            }
        }
    }
}
