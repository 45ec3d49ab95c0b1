import Foundation
import Synchronization

/// The UTC offsets of one time zone, as a table of transitions, for fast lookups.
///
/// `TimeZone` is consulted only to build the table: once per zone and process, for the
/// instants from 1900 to 2200 (about two transitions a year in a zone with daylight
/// saving time, a few hundred microseconds of work). Lookups are a binary search with no
/// locking. Outside the table the same construction runs on a window around the instant,
/// without caching, so any instant still gets the right answer, only more slowly.
final class ZoneRules: Sendable {
    /// A stretch of time with one UTC offset, with the offsets on either side of it.
    ///
    /// `start`/`end` may be artificial boundaries of the table, where the offset does not
    /// change; the gap and fold logic only acts where neighbouring offsets differ.
    struct Span {
        var start: Int64
        var end: Int64
        var offset: Int64
        var previousOffset: Int64
        var nextOffset: Int64
    }

    static let tableStart: Int64 = -2_208_988_800  // 1900-01-01T00:00:00Z
    static let tableEnd: Int64 = 7_258_118_400  // 2200-01-01T00:00:00Z

    let timeZone: TimeZone
    private let table: TransitionTable

    private init(timeZone: TimeZone) {
        self.timeZone = timeZone
        self.table = TransitionTable(timeZone: timeZone, from: Self.tableStart, to: Self.tableEnd)
    }

    private static let cache = Mutex<[String: ZoneRules]>([:])

    /// The shared rules of `timeZone` (built on first use, then reused by every expression).
    static func rules(for timeZone: TimeZone) -> ZoneRules {
        let key = timeZone.identifier
        if let rules = cache.withLock({ $0[key] }) { return rules }
        let built = ZoneRules(timeZone: timeZone)  // outside the lock: it takes a while
        return cache.withLock { cache in
            if let existing = cache[key] { return existing }
            cache[key] = built
            return built
        }
    }

    /// The span of constant offset that contains `instant` (Unix seconds).
    func span(containing instant: Int64) -> Span {
        if instant >= Self.tableStart && instant < Self.tableEnd {
            return table.span(containing: instant)
        }
        let window: Int64 = 400 * 86_400
        let low = instant > Int64.min + window ? instant - window : Int64.min
        let high = instant < Int64.max - window ? instant + window : Int64.max
        return TransitionTable(timeZone: timeZone, from: low, to: high).span(containing: instant)
    }

    /// The offset in seconds at `instant`.
    func offset(at instant: Int64) -> Int64 {
        span(containing: instant).offset
    }
}

/// Offsets between two instants: `offsets[i]` holds from `transitions[i - 1]` (or `start`)
/// until `transitions[i]` (or `end`).
private struct TransitionTable: Sendable {
    let start: Int64
    let end: Int64
    let transitions: [Int64]
    let offsets: [Int64]

    init(timeZone: TimeZone, from start: Int64, to end: Int64) {
        self.start = start
        self.end = end
        var transitions: [Int64] = []
        var offsets: [Int64] = [Int64(timeZone.secondsFromGMT(for: Self.date(start)))]
        var cursor = Self.date(start)
        while let next = timeZone.nextDaylightSavingTimeTransition(after: cursor) {
            let instant = Int64(next.timeIntervalSince1970.rounded())
            guard instant < end else { break }
            let offset = Int64(timeZone.secondsFromGMT(for: Self.date(instant)))
            if offset != offsets[offsets.count - 1] {
                transitions.append(instant)
                offsets.append(offset)
            }
            guard next > cursor else { break }
            cursor = next
        }
        self.transitions = transitions
        self.offsets = offsets
    }

    private static func date(_ instant: Int64) -> Date {
        Date(timeIntervalSince1970: Double(instant))
    }

    func span(containing instant: Int64) -> ZoneRules.Span {
        // Index of the first transition after `instant` = number of transitions at or before it.
        var low = 0
        var high = transitions.count
        while low < high {
            let mid = (low + high) / 2
            if transitions[mid] <= instant { low = mid + 1 } else { high = mid }
        }
        let index = low
        let offset = offsets[index]
        return ZoneRules.Span(
            start: index > 0 ? transitions[index - 1] : start,
            end: index < transitions.count ? transitions[index] : end,
            offset: offset,
            previousOffset: index > 0 ? offsets[index - 1] : offset,
            nextOffset: index < transitions.count ? offsets[index + 1] : offset
        )
    }
}
