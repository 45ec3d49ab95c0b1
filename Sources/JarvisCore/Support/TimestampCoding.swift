import Foundation
import GRDB

/// Records store their instants as `Timestamp` text (ISO-8601 UTC with milliseconds).
public protocol TimestampCodingRecord: FetchableRecord, EncodableRecord {}

extension TimestampCodingRecord {
    public static var databaseDateDecodingStrategy: DatabaseDateDecodingStrategy {
        .custom { value in String.fromDatabaseValue(value).flatMap(Timestamp.date(from:)) }
    }

    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy {
        .custom { date in Timestamp.string(from: date) }
    }
}

extension RunStatus: DatabaseValueConvertible {}
extension RunTrigger: DatabaseValueConvertible {}
extension CatchUpPolicy: DatabaseValueConvertible {}
