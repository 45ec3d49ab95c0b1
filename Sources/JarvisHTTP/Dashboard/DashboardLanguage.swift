import Foundation

/// The languages of the dashboard, chosen per request from the browser's `Accept-Language`.
enum DashboardLanguage: String, Sendable, CaseIterable {
    case french = "fr"
    case english = "en"

    /// French, the language of the product's users, unless the browser prefers English.
    static let fallback = DashboardLanguage.french

    /// The best language for an `Accept-Language` header (RFC 9110 §12.5.4): the supported
    /// language with the highest q-value, the first listed on a tie; a range such as `en-GB`
    /// matches English, `*` matches the fallback, `q=0` rules a language out. Malformed entries
    /// are ignored.
    static func preferred(byAcceptLanguage header: String?) -> DashboardLanguage {
        guard let header else { return fallback }
        var best: (language: DashboardLanguage, quality: Double)?
        var excluded: Set<DashboardLanguage> = []
        for entry in header.split(separator: ",") {
            let parts = entry.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let range = parts.first?.lowercased(), !range.isEmpty else { continue }
            var quality = 1.0
            for parameter in parts.dropFirst() where parameter.lowercased().hasPrefix("q=") {
                guard let value = Double(parameter.dropFirst(2)), (0...1).contains(value) else {
                    quality = -1
                    break
                }
                quality = value
            }
            guard quality >= 0 else { continue }
            let primary = range.split(separator: "-").first.map(String.init) ?? range
            let language: DashboardLanguage? = primary == "*" ? nil : DashboardLanguage(rawValue: primary)
            let candidates = language.map { [$0] } ?? (primary == "*" ? [fallback] : [])
            for candidate in candidates {
                if quality == 0 {
                    excluded.insert(candidate)
                } else if best == nil || quality > best!.quality {
                    best = (candidate, quality)
                }
            }
        }
        if let best, !excluded.contains(best.language) { return best.language }
        return DashboardLanguage.allCases.first { !excluded.contains($0) } ?? fallback
    }
}
