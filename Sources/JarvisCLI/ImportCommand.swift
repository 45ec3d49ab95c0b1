import ArgumentParser
import Foundation
import JarvisCore

/// `jarvis import ENTITY FILE`: one file of the data format (docs/data-format.md) upserted,
/// all or nothing, beside a running server; progress on standard error, the summary on
/// standard output.
public struct ImportCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import one entity's rows from a CSV or NDJSON file: all of them, or none if a row is bad.",
        discussion: """
            ENTITY is one of \(DataEntity.allCases.map(\.rawValue).joined(separator: ", ")). Rows are upserted by their key \
            (importing the same file twice changes nothing); a bad row is named by its line and field and nothing of the file \
            is written. Import in the order gyms, members, kiosks, sessions, then visits, transcript-lines, summaries, facts. \
            The columns of each entity are in docs/data-format.md.
            """
    )

    @OptionGroup var store: StoreOptions
    @Argument(help: "What the file holds.") var entity: DataEntity
    @Argument(help: "The file, or - for standard input (with --format).") var file: String
    @Option(help: "csv or ndjson (default: from the file's extension: .csv, .ndjson, .jsonl).") var format: DataFormat?
    @Flag(help: "Only check every row; write nothing.") var dryRun = false

    public init() {}

    public func run() async throws {
        let format = try DataFiles.format(format, path: file)
        let appliance = try await ProcessSettings.appliance(store: store)
        let input = try DataFiles.readablePath(file)
        defer { input.cleanUp() }
        let summary = try appliance.importer.importFile(entity, path: input.path, format: format, dryRun: dryRun) { progress in
            let total = progress.total.map { " of \($0)" } ?? ""
            StandardError.print("\(entity.rawValue): \(progress.phase.rawValue) \(progress.rows)\(total) rows")
        }
        if dryRun {
            print("\(summary.rows) \(entity.rawValue) rows checked, all valid; nothing written (--dry-run)")
        } else {
            print(
                "\(summary.rows) \(entity.rawValue) rows imported: \(summary.inserted) inserted, \(summary.updated) updated, "
                    + "\(summary.unchanged) unchanged"
            )
        }
    }
}

/// `jarvis export ENTITY`: an entity's rows in the format `jarvis import` reads.
public struct ExportCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export one entity's rows as CSV or NDJSON, in the format jarvis import reads.",
        discussion: "ENTITY is one of \(DataEntity.allCases.map(\.rawValue).joined(separator: ", ")). Anonymised members are not exported."
    )

    @OptionGroup var store: StoreOptions
    @Argument(help: "What to export.") var entity: DataEntity
    @Option(help: "Only this gym's rows (its slug).") var gym: String?
    @Option(help: "csv or ndjson (default: from --output's extension, else csv).") var format: DataFormat?
    @Option(help: "Write to this file instead of standard output (replaced once the export is complete).") var output: String?

    public init() {}

    public func run() async throws {
        let format = format ?? output.flatMap { DataFormat(pathExtension: URL(fileURLWithPath: $0).pathExtension) } ?? .csv
        let appliance = try await ProcessSettings.appliance(store: store)
        guard let output else {
            let rows = try appliance.exporter.export(entity, gym: gym, format: format, to: .standardOutput)
            return StandardError.print("\(rows) \(entity.rawValue) rows exported")
        }
        // Written beside the target, then renamed: a failed export leaves no half file.
        let partial = output + ".partial"
        guard FileManager.default.createFile(atPath: partial, contents: nil, attributes: [.posixPermissions: 0o600]),
            let handle = FileHandle(forWritingAtPath: partial)
        else { throw CommandFailure("cannot write \(partial)") }
        do {
            let rows = try appliance.exporter.export(entity, gym: gym, format: format, to: handle)
            try handle.close()
            guard rename(partial, output) == 0 else { throw CommandFailure("cannot rename \(partial) to \(output)") }
            StandardError.print("\(rows) \(entity.rawValue) rows exported to \(output)")
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: partial)
            throw error
        }
    }
}

extension DataEntity: ExpressibleByArgument {}
extension DataFormat: ExpressibleByArgument {}

/// The files of `jarvis import`: their format, and standard input made a file to read twice.
enum DataFiles {
    static func format(_ format: DataFormat?, path: String) throws -> DataFormat {
        if let format { return format }
        if path != "-", let format = DataFormat(pathExtension: URL(fileURLWithPath: path).pathExtension) { return format }
        throw CommandFailure("cannot tell the format of \(path): give --format csv or --format ndjson")
    }

    /// A path to read: the file itself, or standard input copied into a private temporary file
    /// (the import reads its input twice: first to check every row, then to write).
    struct Input {
        let path: String
        let temporary: Bool
        func cleanUp() {
            if temporary { try? FileManager.default.removeItem(atPath: path) }
        }
    }

    static func readablePath(_ file: String) throws -> Input {
        guard file == "-" else { return Input(path: file, temporary: false) }
        let path = NSTemporaryDirectory() + "jarvis-import-\(ProcessInfo.processInfo.processIdentifier).tmp"
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
            let handle = FileHandle(forWritingAtPath: path)
        else { throw CommandFailure("cannot copy standard input to \(path)") }
        defer { try? handle.close() }
        while let chunk = try FileHandle.standardInput.read(upToCount: 1 << 20), !chunk.isEmpty {
            try handle.write(contentsOf: chunk)
        }
        return Input(path: path, temporary: true)
    }
}
