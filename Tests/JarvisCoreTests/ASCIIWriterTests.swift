import Testing

@testable import JarvisCore

@Suite("ASCIIWriter")
struct ASCIIWriterTests {
    @Test(arguments: [0, 7, 10, 99, 100, -1, -40, 1_234_567, Int.max, Int.min])
    func integersReadAsSwiftPrintsThem(_ value: Int) {
        #expect(ASCIIWriter.string(capacity: 32) { $0.write(value) } == String(value))
    }

    /// The same digits as FixedPoint (the formatter of every other figure), over a sweep of
    /// values that includes halves, negatives and values that round to zero.
    @Test func fixedPointNumbersMatchFixedPoint() {
        for places in 0...3 {
            for step in -2_000...2_000 {
                let value = Double(step) * 0.0005
                let written = ASCIIWriter.string(capacity: 32) { $0.write(fixed: value, places: places) }
                #expect(written == FixedPoint.string(value, places: places), "\(value) to \(places) places")
            }
        }
        #expect(ASCIIWriter.string(capacity: 32) { $0.write(fixed: 12.857, places: 2) } == "12.86")
        #expect(ASCIIWriter.string(capacity: 32) { $0.write(fixed: -0.001, places: 2) } == "0.00")
    }

    @Test func piecesFollowEachOtherExactly() {
        let text = ASCIIWriter.string(capacity: 40) { writer in
            writer.write(#"{"days":"#)
            writer.write(25)
            writer.write(#","points":"#)
            writer.write(fixed: 0.4, places: 2)
            writer.write("}")
        }
        #expect(text == #"{"days":25,"points":0.40}"#)
    }
}
