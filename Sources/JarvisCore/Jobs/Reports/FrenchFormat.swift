import Foundation

/// Numbers, dates and percentages as French readers write them: decimal comma (`0,42`), a
/// no-break space before `%` and between thousands (`12 480`), day names in full.
///
/// Hand-written rather than a `NumberFormatter` with a `fr_FR` locale: the output must not
/// depend on the locale data installed on the box.
public enum FrenchFormat {
    /// The no-break space French typography puts before `%` and between groups of digits.
    public static let space = "\u{00A0}"

    /// `0,42`, `-0,25`, `12,0`; never `-0,00`.
    public static func decimal(_ value: Double, places: Int) -> String {
        var text = String(format: "%.\(places)f", value)
        if text.hasPrefix("-"), text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { text.removeFirst() }
        let parts = text.split(separator: ".", maxSplits: 1)
        let sign = parts[0].hasPrefix("-") ? "-" : ""
        let whole = grouped(String(parts[0].drop { $0 == "-" }))
        return sign + whole + (parts.count > 1 ? "," + parts[1] : "")
    }

    /// `8`, `1250`, `12 480` (groups only from five digits, as French typography does).
    public static func integer(_ value: Int) -> String {
        (value < 0 ? "-" : "") + grouped(String(value.magnitude))
    }

    /// `33,3 %`.
    public static func percent(_ value: Double, places: Int) -> String {
        decimal(value, places: places) + space + "%"
    }

    /// `lun`, `mar`, … `dim`: the chart's axis, Monday first.
    public static let shortWeekdays = ["lun", "mar", "mer", "jeu", "ven", "sam", "dim"]
    /// `lundi` … `dimanche`, Monday first.
    public static let weekdays = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
    public static let months = [
        "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    ]

    /// `lundi 22 mars 2027`.
    public static func longDate(_ date: LocalDate) -> String {
        "\(weekdays[date.isoWeekday - 1]) \(date.day == 1 ? "1er" : String(date.day)) \(months[date.month - 1]) \(date.year)"
    }

    private static func grouped(_ digits: String) -> String {
        guard digits.count >= 5 else { return digits }
        var groups: [Substring] = []
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.insert(digits[start..<end], at: 0)
            end = start
        }
        return groups.joined(separator: space)
    }
}
