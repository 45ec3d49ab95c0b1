/// Fixed-point decimal text for bulk output (`0.40`, `12.86`): `String(format:)` goes through
/// Foundation's formatter and costs microseconds a call, which bulk jobs cannot afford.
public enum FixedPoint {
    /// `value` rounded to `places` decimals (0...6), with `separator` between the parts.
    public static func string(_ value: Double, places: Int, separator: Character = ".") -> String {
        var scale = 1
        for _ in 0..<places { scale *= 10 }
        let scaled = Int((abs(value) * Double(scale)).rounded())
        let sign = value < 0 && scaled != 0 ? "-" : ""
        guard places > 0 else { return sign + String(scaled) }
        let fraction = String(scaled % scale)
        return sign + String(scaled / scale) + String(separator) + String(repeating: "0", count: places - fraction.count) + fraction
    }
}
