import Foundation
import GRDB

/// One row of an entity of the data format (docs/data-format.md), parsed and validated:
/// what an import row, a management API body and a kiosk event become before they are
/// written, so that every way in applies the same rules.
///
/// Use: `let record = try MemberRecord(fields: source, now: clock.now)` (parses and checks
/// every column, no database), then, inside the caller's write transaction,
/// `try record.upsert(db)` (resolves the references, checks the rules that need the
/// database, such as a badge another member holds, and writes by the entity's key).
/// Errors are ``JarvisError`` naming the column as `field`.
public protocol DataRecord: Sendable {
    /// The entity's columns, in the order of an export.
    static var columns: [String] { get }
    /// The columns an export writes as JSON values in NDJSON (JSON text in CSV).
    static var jsonColumns: Set<String> { get }
    /// The columns an export writes as `true`/`false`.
    static var booleanColumns: Set<String> { get }

    /// Parses and validates one row; instants more than ``DataRules/futureTolerance`` after
    /// `now` are refused. Reads no database.
    init(fields: some FieldSource, now: Date) throws

    /// Resolves the row's references and checks the rules that need the database, writing
    /// nothing: an import validates its whole file this way before writing any of it.
    func check(_ db: Database, references: DataReferences) throws

    /// Writes the row by its key (insert, or update of the row holding the key) after the
    /// checks of ``check(_:references:)``, in the caller's transaction.
    func upsert(_ db: Database, references: DataReferences) throws -> UpsertOutcome

    /// Claims, in `claims`, the values that must be unique among the rows of one file and
    /// are not the row's key (a member's badge within the gym), refusing one an earlier row of
    /// the file claimed for another key: ``check(_:references:)`` only sees the database.
    func claim(within claims: inout [String: String]) throws

    /// The export's query: one row per record, the columns named as ``columns``; `:gym` is
    /// the slug of the gym to export, or NULL for all.
    static var exportSQL: String { get }
}

extension DataRecord {
    public static var jsonColumns: Set<String> { [] }
    public static var booleanColumns: Set<String> { [] }
    public func claim(within claims: inout [String: String]) throws {}

    /// ``upsert(_:references:)`` for a single row.
    @discardableResult
    public func upsert(_ db: Database) throws -> UpsertOutcome {
        try upsert(db, references: DataReferences())
    }
}
