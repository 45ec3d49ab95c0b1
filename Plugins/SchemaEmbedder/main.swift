import Foundation

// Writes a Swift source file holding the text of schema.sql as a raw string literal.
// Usage: schema-embedder <schema.sql> <output.swift>
let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: schema-embedder <schema.sql> <output.swift>\n".utf8))
    exit(2)
}
let sql = try String(contentsOfFile: arguments[1], encoding: .utf8)

// Pick a raw-string delimiter that the schema itself never contains.
var hashes = "#"
while sql.contains("\"" + hashes) || sql.contains("\\" + hashes) { hashes += "#" }

let source = """
    // Generated from schema.sql at build time. Do not edit.
    extension Schema {
        /// The exact text of the repository's `schema.sql`.
        public static let sql: String = \(hashes)\"\"\"
    \(sql)
    \"\"\"\(hashes)
    }

    """
try source.write(toFile: arguments[2], atomically: true, encoding: .utf8)
