import Foundation

/// Fire-time search.
///
/// Wall times are handled as "local seconds" (seconds from 1970-01-01T00:00 local wall
/// time) and instants as Unix seconds. The calendar fields are matched by
/// ``CronSchedule`` on local seconds; ``ZoneRules`` supplies the spans of constant UTC
/// offset that turn one into the other. Daylight saving time is resolved explicitly here,
/// not left to `Calendar.nextDate(matching:)`.
extension CronExpression {
    /// The first fire time strictly after `date`, or `nil` if the expression can never
    /// fire (`0 0 30 2 *`) or the next fire time lies beyond the year 9999.
    ///
    /// Fractions of a second in `date` are ignored for matching: fire times are whole
    /// minutes of local wall time, so `after: 02:00:00.5` gives the slot after 02:00.
    public func nextFire(after date: Date) -> Date? {
        guard let start = Self.unixSeconds(date), let fire = next(after: start) else { return nil }
        return Date(timeIntervalSince1970: Double(fire.instant))
    }

    /// The next `count` fire times after `date`, strictly increasing (fewer if the
    /// expression runs out of fire times, none if `count` is not positive).
    public func nextFires(after date: Date, count: Int) -> [Date] {
        nextSlots(after: date, count: count).map(\.instant)
    }

    /// The first slot strictly after `date`: when it fires and the wall time it stands for.
    public func nextSlot(after date: Date) -> CronSlot? {
        guard let start = Self.unixSeconds(date), let fire = next(after: start) else { return nil }
        return CronSlot(
            instant: Date(timeIntervalSince1970: Double(fire.instant)),
            nominal: LocalDateTime(localSeconds: fire.nominal)
        )
    }

    /// The next `count` slots after `date`, strictly increasing in time.
    public func nextSlots(after date: Date, count: Int) -> [CronSlot] {
        guard count > 0, var start = Self.unixSeconds(date) else { return [] }
        var slots: [CronSlot] = []
        slots.reserveCapacity(count)
        while slots.count < count, let fire = next(after: start) {
            slots.append(
                CronSlot(
                    instant: Date(timeIntervalSince1970: Double(fire.instant)),
                    nominal: LocalDateTime(localSeconds: fire.nominal)
                )
            )
            start = fire.instant
        }
        return slots
    }

    // MARK: Search

    /// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the instants the search works within.
    static let earliestInstant: Int64 = -62_135_596_800
    static let latestInstant: Int64 = 253_402_300_799

    /// Whole Unix seconds at or before `date`, clamped below to the year 1; `nil` for a
    /// date that is not finite or lies past the year 9999.
    static func unixSeconds(_ date: Date) -> Int64? {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        guard seconds.isFinite, seconds < Double(latestInstant) else { return nil }
        return Int64(max(seconds, Double(earliestInstant - 1)))
    }

    /// The next fire strictly after `start` (Unix seconds): its instant and its nominal
    /// wall time in local seconds.
    func next(after start: Int64) -> (instant: Int64, nominal: Int64)? {
        guard canFire, start < Self.latestInstant else { return nil }
        let fire = schedule.isFixedTime ? nextFixedTime(after: start) : nextByElapsedTime(after: start)
        guard let fire, fire.instant <= Self.latestInstant else { return nil }
        return fire
    }

    /// Fixed-time jobs: walk the wall times the expression names, in order, and give each
    /// its instant: the only one, the first of two in a fold, or the end of a gap.
    ///
    /// That mapping never decreases, so the answer is the first named wall time after the
    /// wall time of `start`, with one exception: when `start` lies in the second pass of a
    /// repeated interval, the named wall times from there to the end of the repeated
    /// interval already fired (on the first pass) and are skipped, so the next fire is
    /// never in the past.
    private func nextFixedTime(after start: Int64) -> (instant: Int64, nominal: Int64)? {
        var span = rules.span(containing: start)
        var lower = start + span.offset + 1
        if span.previousOffset > span.offset && start + span.offset < span.start + span.previousOffset {
            // `start` is in the second pass of a fold: the wall times between its wall time
            // and the end of the repeated interval fired on the first pass, before `start`.
            lower = span.start + span.previousOffset
        }
        // By the argument above the first candidate is the answer; the loop only
        // protects the "strictly after" promise against unusual zone data.
        for _ in 0..<2_000 {
            guard let nominal = schedule.firstMatch(atOrAfter: lower) else { return nil }
            let instant: Int64
            switch resolve(wallTime: nominal, near: &span) {
            case .unique(let only): instant = only
            case .repeated(let first, _): instant = first  // a fold: first pass only
            case .skipped(let transition): instant = transition  // a gap: first instant after it
            }
            if instant > start { return (instant, nominal) }
            lower = nominal + 60
        }
        return nil
    }

    /// Wildcard and step jobs: the first instant after `start` whose local wall time
    /// matches. Within a span of constant offset, instants and wall times map one to one,
    /// so search the span's wall times and move on to the next span when the match falls
    /// past its end. A repeated interval is searched in both spans (both passes fire), a
    /// skipped one in neither (its wall times do not exist).
    private func nextByElapsedTime(after start: Int64) -> (instant: Int64, nominal: Int64)? {
        var from = start + 1
        var span = rules.span(containing: from)
        // "No wall time in [low, match) matches; match does": reused across spans, so a
        // distant match is searched for once rather than once per span.
        var known: (low: Int64, match: Int64)?
        for _ in 0..<100_000 {
            let lower = from + span.offset
            let match: Int64
            if let known, lower >= known.low, lower <= known.match {
                match = known.match
            } else {
                guard let found = schedule.firstMatch(atOrAfter: lower) else { return nil }
                match = found
                known = (lower, found)
            }
            let instant = match - span.offset
            if instant < span.end { return (instant, match) }
            from = span.end
            span = rules.span(containing: from)
        }
        return nil
    }

    /// How a local wall time maps to instants.
    enum WallTime: Equatable {
        /// It happens once.
        case unique(Int64)
        /// It happens twice, in a fold (first pass, second pass).
        case repeated(Int64, Int64)
        /// It does not happen: it falls in a gap that ends at this instant.
        case skipped(Int64)
    }

    /// The instants at which `zone`'s clocks show `local`, starting the span walk at `span`
    /// (updated to the span reached, a good start for the next wall time).
    func resolve(wallTime local: Int64, near span: inout ZoneRules.Span) -> WallTime {
        var s = span
        let guess = local - s.offset
        if guess < s.start - 86_400 || guess >= s.end + 86_400 {
            s = rules.span(containing: guess)
        }
        defer { span = s }
        for _ in 0..<64 {
            let instant = local - s.offset
            if instant < s.start {
                // Before this span in wall time: in an earlier span, or in the gap before this one.
                if local < s.start + s.previousOffset {
                    s = rules.span(containing: s.start - 1)
                    continue
                }
                return .skipped(s.start)
            }
            if instant >= s.end {
                if local >= s.end + s.nextOffset {
                    s = rules.span(containing: s.end)
                    continue
                }
                return .skipped(s.end)
            }
            // Valid here; a larger offset just before (or a smaller one just after) makes
            // the same wall time happen in the neighbouring span too: a fold.
            if s.previousOffset > s.offset && local < s.start + s.previousOffset {
                let before = rules.span(containing: s.start - 1)
                let twin = local - before.offset
                if twin >= before.start && twin < before.end { return .repeated(twin, instant) }
            }
            if s.nextOffset < s.offset && local >= s.end + s.nextOffset {
                let after = rules.span(containing: s.end)
                let twin = local - after.offset
                if twin >= after.start && twin < after.end { return .repeated(instant, twin) }
            }
            return .unique(instant)
        }
        return .unique(local - s.offset)  // not reached with real zone data
    }
}
