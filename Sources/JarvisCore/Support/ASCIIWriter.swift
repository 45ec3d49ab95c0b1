/// Writes ASCII text (literals, integers, fixed-point numbers) straight into a string's
/// buffer: for text a bulk job makes once per row, such as the churn factors' JSON, where
/// appending pieces to a `String` costs more than the rest of the row's work.
///
///     let text = ASCIIWriter.string(capacity: 64) { writer in
///         writer.write("{\"score\":")
///         writer.write(fixed: 0.55, places: 2)
///         writer.write("}")
///     }
struct ASCIIWriter: ~Copyable {
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    private(set) var count = 0

    private init(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
        self.buffer = buffer
    }

    /// A string of at most `capacity` bytes, written by `body`. The text is written in a
    /// scratch buffer and then copied, so the string holds only the bytes written.
    static func string(capacity: Int, _ body: (inout ASCIIWriter) -> Void) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
            var writer = ASCIIWriter(buffer)
            body(&writer)
            let count = writer.count
            return String(unsafeUninitializedCapacity: count) { string in
                string.initialize(fromContentsOf: buffer[..<count])
            }
        }
    }

    mutating func write(_ text: StaticString) {
        precondition(count + text.utf8CodeUnitCount <= buffer.count, "ASCIIWriter: capacity exceeded")
        text.withUTF8Buffer { bytes in
            for byte in bytes {
                buffer[count] = byte
                count += 1
            }
        }
    }

    mutating func write(_ value: Int) {
        if value < 0 { write("-") }
        var magnitude = value.magnitude
        var digits = 1
        var power: UInt = 10
        while power <= magnitude, digits < 20 {
            digits += 1
            (power, _) = power.multipliedReportingOverflow(by: 10)
        }
        precondition(count + digits <= buffer.count, "ASCIIWriter: capacity exceeded")
        for index in stride(from: count + digits - 1, through: count, by: -1) {
            buffer[index] = UInt8(48 + magnitude % 10)
            magnitude /= 10
        }
        count += digits
    }

    /// `value` rounded to `places` decimals (0...6), as `FixedPoint` formats it.
    mutating func write(fixed value: Double, places: Int) {
        let (negative, scaled, scale) = FixedPoint.rounded(value, places: places)
        if negative { write("-") }
        write(scaled / scale)
        guard places > 0 else { return }
        precondition(count + 1 + places <= buffer.count, "ASCIIWriter: capacity exceeded")
        buffer[count] = UInt8(ascii: ".")
        var fraction = scaled % scale
        for index in stride(from: count + places, through: count + 1, by: -1) {
            buffer[index] = UInt8(48 + fraction % 10)
            fraction /= 10
        }
        count += 1 + places
    }
}
