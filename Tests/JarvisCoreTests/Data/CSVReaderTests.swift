import Foundation
import JarvisTestSupport
import Testing

@testable import JarvisCore

@Suite("CSV and NDJSON readers")
struct CSVReaderTests {
    let folder: TemporaryFolder

    init() throws {
        folder = try TemporaryFolder()
    }

    func handle(_ bytes: [UInt8]) throws -> FileHandle {
        let path = folder.file(UUID().uuidString)
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return try #require(FileHandle(forReadingAtPath: path))
    }

    func rows(_ text: String) throws -> (header: [String], rows: [(Int, [String?])]) {
        var reader = try CSVReader(handle(Array(text.utf8)))
        var rows: [(Int, [String?])] = []
        while let (line, fields) = try reader.next() {
            rows.append((line, reader.header.map { fields.value($0).flatMap { if case .text(let text) = $0 { text } else { nil } } }))
        }
        return (reader.header, rows)
    }

    func failure(_ text: String) throws -> JarvisError {
        do {
            _ = try rows(text)
        } catch let error as JarvisError {
            return error
        }
        Issue.record("no error for \(text.debugDescription)")
        return JarvisError(.internalFailure, "none")
    }

    @Test("quoted fields hold commas, line breaks and doubled quotes; an empty field is NULL; rows name their first line")
    func quoting() throws {
        let (header, rows) = try rows("a,b,c\r\n1,\"x, \"\"y\"\"\",\n\n\"multi\nline\",,\"\"\n4,5,6")
        #expect(header == ["a", "b", "c"])
        #expect(rows.map(\.0) == [2, 4, 6])
        #expect(rows[0].1 == ["1", "x, \"y\"", nil])
        #expect(rows[1].1 == ["multi\nline", nil, nil])
        #expect(rows[2].1 == ["4", "5", "6"])
    }

    @Test("a byte order mark before the header is skipped")
    func byteOrderMark() throws {
        var reader = try CSVReader(handle([0xEF, 0xBB, 0xBF] + Array("slug,name\nx,y\n".utf8)))
        #expect(reader.header == ["slug", "name"])
        #expect(try reader.next()?.fields.value("name") == .text("y"))
        #expect(try reader.next() == nil)
    }

    @Test("an unclosed quote is named by the line where the quoted field starts")
    func unclosedQuote() throws {
        let text = "a,b\n" + (2...6).map { "\($0),ok\n" }.joined() + "7,\"never closed\n8,more\n9,rows\n"
        let error = try failure(text)
        #expect(error.message.hasPrefix("line 7: unclosed quote"))
        #expect(error.details["line"] == .int(7))
    }

    @Test(
        "malformed rows are refused naming their line",
        arguments: [
            ("a,b\n1,2,3\n", "line 2: 3 fields where the header has 2"),
            ("a,b\n1,x\"y\n", "line 2: a quote inside a field"),
            ("a,b\n1,\"x\"y\n", "line 2: text after the closing quote"),
            ("", "line 1: the file is empty"),
            ("a,a\n", "line 1: the header names the column a twice"),
            ("a,,b\n", "line 1: the header has an empty column name"),
        ]
    )
    func malformedRows(text: String, message: String) throws {
        #expect(try failure(text).message.hasPrefix(message))
    }

    @Test("text that is not UTF-8 is refused naming its line")
    func notUTF8() throws {
        var reader = try CSVReader(handle(Array("a\nok\n".utf8) + [0xC3, 0x28, 0x0A]))
        _ = try reader.next()
        #expect(throws: JarvisError.self) { try reader.next() }
    }

    @Test("NDJSON: one object per line, blank lines skipped; a line that is not an object or not JSON is named")
    func ndjson() throws {
        var reader = try NDJSONReader(handle(Array("{\"a\":1}\n\n{\"a\":null,\"b\":\"x\"}\r\n[1]\n".utf8)))
        #expect(try reader.next()?.line == 1)
        let second = try #require(try reader.next())
        #expect(second.line == 3)
        #expect(second.fields.value("a") == nil)
        #expect(second.fields.value("b") == .json("x"))
        do {
            _ = try reader.next()
            Issue.record("an array line was accepted")
        } catch let error as JarvisError {
            #expect(error.message.hasPrefix("line 4: not a JSON object"))
        }
        var broken = try NDJSONReader(handle(Array("{\"a\":\n".utf8)))
        #expect(throws: JarvisError(.invalidInput, "line 1: not JSON; each line of an NDJSON file is one JSON object", details: ["line": 1])) {
            try broken.next()
        }
    }
}
