import Foundation
import GRDB

/// `jarvis export ENTITY`: an entity's rows in the format `jarvis import` reads, so that a
/// site's data goes out as it came in (and an export imports again unchanged).
///
/// The rows are streamed from one read transaction (a consistent snapshot, which never blocks
/// the server's writes) into the output, a buffer at a time.
public struct DataExporter: Sendable {
    private let database: AppDatabase

    init(database: AppDatabase) {
        self.database = database
    }

    /// Writes the entity's rows (the gym's only, when `gym` is given) to `output`; returns how
    /// many were written.
    public func export(_ entity: DataEntity, gym: String? = nil, format: DataFormat, to output: FileHandle) throws -> Int {
        try export(entity.record, gym: gym, format: format, to: output)
    }

    private func export<Record: DataRecord>(_: Record.Type, gym: String?, format: DataFormat, to output: FileHandle) throws -> Int {
        try database.read { db in
            if let gym { _ = try DataReferences().gym(gym, in: db) }
            var writer = RowWriter(output: output, format: format, columns: Record.columns)
            writer.booleans = Set(Record.columns.indices.filter { Record.booleanColumns.contains(Record.columns[$0]) })
            writer.json = Set(Record.columns.indices.filter { Record.jsonColumns.contains(Record.columns[$0]) })
            try writer.header()
            let rows = try Row.fetchCursor(db, sql: Record.exportSQL, arguments: ["gym": gym])
            var count = 0
            while let row = try rows.next() {
                try writer.write(row)
                count += 1
            }
            try writer.flush()
            return count
        }
    }
}

/// Encodes rows as CSV or NDJSON into a buffer flushed to a file.
private struct RowWriter {
    let output: FileHandle
    let format: DataFormat
    let columns: [String]
    /// The indexes of the columns written as booleans, and as JSON values in NDJSON.
    var booleans: Set<Int> = []
    var json: Set<Int> = []
    private var buffer: [UInt8] = []
    private let keys: [[UInt8]]

    init(output: FileHandle, format: DataFormat, columns: [String]) {
        self.output = output
        self.format = format
        self.columns = columns
        keys = columns.map { Array("\"\($0)\":".utf8) }
        buffer.reserveCapacity(1 << 20)
    }

    mutating func header() throws {
        guard format == .csv else { return }
        buffer.append(contentsOf: columns.joined(separator: ",").utf8)
        buffer.append(0x0A)
    }

    mutating func write(_ row: Row) throws {
        switch format {
        case .csv:
            for index in columns.indices {
                if index > 0 { buffer.append(0x2C) }
                appendCSV(row[index] as DatabaseValue, boolean: booleans.contains(index))
            }
        case .ndjson:
            buffer.append(0x7B)
            for index in columns.indices {
                if index > 0 { buffer.append(0x2C) }
                buffer.append(contentsOf: keys[index])
                appendJSON(row[index] as DatabaseValue, boolean: booleans.contains(index), json: json.contains(index))
            }
            buffer.append(0x7D)
        }
        buffer.append(0x0A)
        if buffer.count >= 1 << 20 { try flush() }
    }

    mutating func flush() throws {
        try output.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    private mutating func appendCSV(_ value: DatabaseValue, boolean: Bool) {
        switch value.storage {
        case .null: break
        case .int64(let number): buffer.append(contentsOf: (boolean ? (number != 0 ? "true" : "false") : String(number)).utf8)
        case .double(let number): buffer.append(contentsOf: String(number).utf8)
        case .string(let text):
            var needsQuotes = false
            for byte in text.utf8 where byte == 0x2C || byte == 0x22 || byte == 0x0A || byte == 0x0D {
                needsQuotes = true
                break
            }
            guard needsQuotes else { return buffer.append(contentsOf: text.utf8) }
            buffer.append(0x22)
            for byte in text.utf8 {
                if byte == 0x22 { buffer.append(0x22) }
                buffer.append(byte)
            }
            buffer.append(0x22)
        case .blob(let data): buffer.append(contentsOf: data.base64EncodedString().utf8)
        }
    }

    private mutating func appendJSON(_ value: DatabaseValue, boolean: Bool, json: Bool) {
        switch value.storage {
        case .null: buffer.append(contentsOf: "null".utf8)
        case .int64(let number): buffer.append(contentsOf: (boolean ? (number != 0 ? "true" : "false") : String(number)).utf8)
        case .double(let number): buffer.append(contentsOf: String(number).utf8)
        case .string(let text) where json: buffer.append(contentsOf: text.utf8)
        case .string(let text): appendJSONString(text)
        case .blob(let data): appendJSONString(data.base64EncodedString())
        }
    }

    private mutating func appendJSONString(_ text: String) {
        buffer.append(0x22)
        for byte in text.utf8 {
            switch byte {
            case 0x22: buffer.append(contentsOf: [0x5C, 0x22])
            case 0x5C: buffer.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: buffer.append(contentsOf: [0x5C, 0x6E])
            case 0x0D: buffer.append(contentsOf: [0x5C, 0x72])
            case 0x09: buffer.append(contentsOf: [0x5C, 0x74])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                buffer.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: buffer.append(byte)
            }
        }
        buffer.append(0x22)
    }
}
