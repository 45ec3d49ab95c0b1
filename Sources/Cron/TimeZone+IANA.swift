import Foundation

extension TimeZone {
    /// The zone with this IANA name (`Europe/Paris`, `America/New_York`, `UTC`), or `nil`.
    ///
    /// Stricter than `TimeZone(identifier:)`, which also accepts offsets such as `GMT+2`
    /// or `UTC+1` and rewrites them: here the name must be known to the system's time
    /// zone database under exactly that spelling. (Foundation reports `UTC` as `GMT`,
    /// the same zone, so `UTC` is accepted as well.)
    public static func iana(_ name: String) -> TimeZone? {
        guard !name.isEmpty, name.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }),
            let zone = TimeZone(identifier: name), zone.identifier == name || name == "UTC"
        else { return nil }
        // Foundation's own offset syntax (`GMT+0200`) is not an IANA name.
        for prefix in ["GMT+", "GMT-", "UTC+", "UTC-"] where name.hasPrefix(prefix) {
            return nil
        }
        return zone
    }
}
