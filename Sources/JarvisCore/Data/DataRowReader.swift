import Foundation

/// Reads the rows of an import file one at a time, in constant memory: ``CSVReader`` and
/// ``NDJSONReader``. `line` is the file's line where the row starts (1 is the first line),
/// the number an error names.
public protocol DataRowReader {
    associatedtype Fields: FieldSource
    /// The next row, or nil at the end of the file. A malformed row throws, naming its line.
    mutating func next() throws -> (line: Int, fields: Fields)?
}

/// A file's bytes read a chunk at a time, with a cursor over the current chunk.
struct ByteStream {
    /// How much is read at a time.
    static let chunkSize = 1 << 20
    /// The longest row (a CSV row, an NDJSON line) accepted, in bytes: above the longest value a
    /// row may hold (a 16 KiB transcript line, a 64 KiB JSON document) with room to spare, so
    /// that a value over its limit is refused by its field's rule, while an unclosed quote in a
    /// large file does not read the whole rest of the file into memory.
    static let maxRowBytes = 8 << 20

    private let handle: FileHandle
    private var chunk: [UInt8] = []
    private var index = 0
    private var ended = false

    init(_ handle: FileHandle) {
        self.handle = handle
    }

    /// The next byte, or nil at the end of the file.
    @inline(__always)
    mutating func next() throws -> UInt8? {
        if index == chunk.count {
            guard try refill() else { return nil }
        }
        let byte = chunk[index]
        index += 1
        return byte
    }

    /// The next byte, left to be read again.
    mutating func peek() throws -> UInt8? {
        if index == chunk.count {
            guard try refill() else { return nil }
        }
        return chunk[index]
    }

    private mutating func refill() throws -> Bool {
        guard !ended else { return false }
        guard let data = try handle.read(upToCount: Self.chunkSize), !data.isEmpty else {
            ended = true
            return false
        }
        chunk = [UInt8](data)
        index = 0
        return true
    }

    /// Skips a UTF-8 byte order mark at the start of the file.
    mutating func skipByteOrderMark() throws {
        guard try peek() == 0xEF else { return }
        if chunk.count - index >= 3, chunk[index + 1] == 0xBB, chunk[index + 2] == 0xBF { index += 3 }
    }
}

/// The error of a malformed row, naming its line.
func malformed(line: Int, _ message: String, field: String? = nil) -> JarvisError {
    JarvisError(.invalidInput, "line \(line): \(message)", field: field, details: ["line": .int(line)])
}

/// Text from a row's bytes, which must be UTF-8.
func utf8Text(_ bytes: [UInt8], line: Int) throws -> String {
    guard let text = String(validating: bytes, as: UTF8.self) else {
        throw malformed(line: line, "the text is not UTF-8; save the file as UTF-8")
    }
    return text
}

/// RFC 4180 CSV with a header row (docs/data-format.md): comma-separated, a field in double
/// quotes may hold commas, line breaks and doubled quotes, an empty field is NULL, `\n` or
/// `\r\n` ends a row, blank lines are skipped and a UTF-8 byte order mark is ignored.
public struct CSVReader: DataRowReader {
    /// The column names of the header row.
    public private(set) var header: [String]
    private var bytes: ByteStream
    private var line = 1
    private var field: [UInt8] = []

    private enum State {
        case fieldStart, unquoted, quoted, quoteInQuoted
    }

    /// Reads the header row; an empty file, an empty or repeated column name is refused.
    public init(_ handle: FileHandle) throws {
        bytes = ByteStream(handle)
        try bytes.skipByteOrderMark()
        header = []
        guard let (line, names) = try readRow() else {
            throw malformed(line: 1, "the file is empty: a CSV file starts with a header row naming its columns")
        }
        var header: [String] = []
        for name in names {
            guard let name, !name.isEmpty else { throw malformed(line: line, "the header has an empty column name") }
            guard !header.contains(name) else { throw malformed(line: line, "the header names the column \(name) twice", field: name) }
            header.append(name)
        }
        self.header = header
    }

    public mutating func next() throws -> (line: Int, fields: CSVRowFields)? {
        guard let (line, fields) = try readRow() else { return nil }
        guard fields.count == header.count else {
            throw malformed(line: line, "\(fields.count) fields where the header has \(header.count) (\(header.joined(separator: ",")))")
        }
        return (line, CSVRowFields(header: header, fields: fields))
    }

    /// One row's fields and the line it starts on; nil at the end of the file.
    private mutating func readRow() throws -> (Int, [String?])? {
        var fields: [String?] = []
        var state = State.fieldStart
        var start = line
        var quoteLine = line
        var rowBytes = 0
        field.removeAll(keepingCapacity: true)

        func finish(_ fields: inout [String?], _ field: inout [UInt8], line: Int) throws {
            fields.append(field.isEmpty ? nil : try utf8Text(field, line: line))
            field.removeAll(keepingCapacity: true)
        }

        while true {
            guard let byte = try bytes.next() else {
                switch state {
                case .quoted:
                    throw malformed(line: quoteLine, "unclosed quote: the quoted field that starts on this line never ends")
                case .fieldStart where fields.isEmpty:
                    return nil
                default:
                    try finish(&fields, &field, line: start)
                    return (start, fields)
                }
            }
            rowBytes += 1
            if rowBytes > ByteStream.maxRowBytes {
                throw malformed(line: start, "the row is longer than \(ByteStream.maxRowBytes >> 20) MiB (an unclosed quote?)")
            }
            let endsLine = byte == 0x0A || byte == 0x0D
            if byte == 0x0D, try bytes.peek() == 0x0A, state != .quoted { _ = try bytes.next() }
            switch state {
            case .fieldStart:
                if byte == 0x22 {
                    state = .quoted
                    quoteLine = line
                } else if byte == 0x2C {
                    fields.append(nil)
                } else if endsLine {
                    line += 1
                    if fields.isEmpty {  // a blank line
                        start = line
                        rowBytes = 0
                        continue
                    }
                    fields.append(nil)
                    return (start, fields)
                } else {
                    field.append(byte)
                    state = .unquoted
                }
            case .unquoted:
                if byte == 0x2C {
                    try finish(&fields, &field, line: start)
                    state = .fieldStart
                } else if endsLine {
                    line += 1
                    try finish(&fields, &field, line: start)
                    return (start, fields)
                } else if byte == 0x22 {
                    throw malformed(
                        line: line,
                        "a quote inside a field that does not start with one: quote the whole field and double the quotes inside"
                    )
                } else {
                    field.append(byte)
                }
            case .quoted:
                if byte == 0x22 {
                    state = .quoteInQuoted
                } else {
                    if byte == 0x0A { line += 1 }
                    field.append(byte)
                }
            case .quoteInQuoted:
                if byte == 0x22 {
                    field.append(byte)
                    state = .quoted
                } else if byte == 0x2C {
                    try finish(&fields, &field, line: start)
                    state = .fieldStart
                } else if endsLine {
                    line += 1
                    try finish(&fields, &field, line: start)
                    return (start, fields)
                } else {
                    throw malformed(line: line, "text after the closing quote of a field: a quote inside a quoted field is doubled (\"\")")
                }
            }
        }
    }
}

/// NDJSON: one JSON object per line, its keys the columns; blank lines are skipped. A line
/// that is not JSON, or JSON other than an object, is refused naming its line.
public struct NDJSONReader: DataRowReader {
    private var bytes: ByteStream
    private var line = 0
    private var buffer: [UInt8] = []
    private let decoder = JSONDecoder()

    public init(_ handle: FileHandle) throws {
        bytes = ByteStream(handle)
        try bytes.skipByteOrderMark()
    }

    public mutating func next() throws -> (line: Int, fields: JSONObjectFields)? {
        while true {
            buffer.removeAll(keepingCapacity: true)
            var ended = true
            while let byte = try bytes.next() {
                ended = false
                if byte == 0x0A { break }
                buffer.append(byte)
                if buffer.count > ByteStream.maxRowBytes {
                    throw malformed(line: line + 1, "the line is longer than \(ByteStream.maxRowBytes >> 20) MiB")
                }
            }
            if ended && buffer.isEmpty { return nil }
            line += 1
            if buffer.last == 0x0D { buffer.removeLast() }
            if buffer.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            let value: JSONValue
            do {
                value = try decoder.decode(JSONValue.self, from: Data(buffer))
            } catch {
                throw malformed(line: line, "not JSON; each line of an NDJSON file is one JSON object")
            }
            guard case .object(let object) = value else {
                throw malformed(line: line, "not a JSON object; each line of an NDJSON file is one object whose keys are the columns")
            }
            return (line, JSONObjectFields(object))
        }
    }
}
