import Foundation

/// Reads a file, or standard input, one line at a time without loading it whole.
struct LineReader {
    private let handle: FileHandle
    private let closeWhenDone: Bool
    private var buffer: [UInt8] = []
    /// Where the unread part of `buffer` starts.
    private var start = 0
    private var atEnd = false
    private(set) var lineNumber = 0
    /// Bytes handed out so far, newlines included, for progress.
    private(set) var bytesConsumed = 0
    /// The file's size, or `nil` for a pipe or terminal.
    let totalBytes: Int?

    private static let chunkSize = 1 << 20

    /// Opens `path`; `-` reads standard input.
    init(path: String) throws {
        if path == "-" {
            handle = .standardInput
            closeWhenDone = false
            totalBytes = nil
        } else {
            handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            closeWhenDone = true
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            let isRegular = (attributes?[.type] as? FileAttributeType) == .typeRegular
            totalBytes = isRegular ? (attributes?[.size] as? NSNumber)?.intValue : nil
        }
    }

    /// The next line without its line break (LF or CRLF), or `nil` at the end.
    mutating func next() throws -> ArraySlice<UInt8>? {
        var searchFrom = start
        while true {
            if let newline = buffer[searchFrom...].firstIndex(of: UInt8(ascii: "\n")) {
                return take(upTo: newline, consuming: newline + 1)
            }
            if atEnd {
                // A last line without a line break.
                return start < buffer.count ? take(upTo: buffer.count, consuming: buffer.count) : nil
            }
            searchFrom = buffer.count
            try fill()
            searchFrom -= start
            start = 0
        }
    }

    func close() {
        if closeWhenDone {
            try? handle.close()
        }
    }

    private mutating func take(upTo end: Int, consuming next: Int) -> ArraySlice<UInt8> {
        var line = buffer[start..<end]
        if line.last == UInt8(ascii: "\r") {
            line = line.dropLast()
        }
        lineNumber += 1
        if lineNumber == 1, line.starts(with: [0xEF, 0xBB, 0xBF]) {
            // A UTF-8 byte order mark, as some editors write.
            line = line.dropFirst(3)
        }
        bytesConsumed += next - start
        start = next
        return line
    }

    /// Drops the consumed prefix and appends the next chunk.
    private mutating func fill() throws {
        buffer.removeSubrange(0..<start)
        guard let chunk = try handle.read(upToCount: Self.chunkSize), !chunk.isEmpty else {
            atEnd = true
            return
        }
        buffer.append(contentsOf: chunk)
    }
}
