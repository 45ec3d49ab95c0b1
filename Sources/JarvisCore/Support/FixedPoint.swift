/// Fixed-point decimal text for bulk output (`0.40`, `12.86`): `String(format:)` goes through
/// Foundation's formatter and costs microseconds a call, which bulk jobs cannot afford.
public enum FixedPoint {
    /// `value` rounded to `places` decimals (0...6), with `separator` between the parts.
    public static func string(_ value: Double, places: Int, separator: Character = ".") -> String {
        let (negative, scaled, scale) = rounded(value, places: places)
        let sign = negative ? "-" : ""
        guard places > 0 else { return sign + String(scaled) }
        let fraction = String(scaled % scale)
        return sign + String(scaled / scale) + String(separator) + String(repeating: "0", count: places - fraction.count) + fraction
    }

    /// The rounding every fixed-point text uses: `|value|` in units of 10^-places, rounded
    /// half away from zero, and whether a minus sign shows (not for a value that rounds to 0).
    static func rounded(_ value: Double, places: Int) -> (negative: Bool, scaled: Int, scale: Int) {
        var scale = 1
        for _ in 0..<places { scale *= 10 }
        let scaled = Int((abs(value) * Double(scale)).rounded())
        return (value < 0 && scaled != 0, scaled, scale)
    }
}
