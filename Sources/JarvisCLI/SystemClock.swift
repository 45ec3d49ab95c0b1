import Foundation
import JarvisCore

/// The real wall clock. The executable's layer is the only one that reads the system time.
struct SystemClock: WallClock {
    var now: Date { Date() }

    func sleep(until deadline: Date) async throws {
        let interval = deadline.timeIntervalSinceNow
        if interval > 0 {
            try await Task.sleep(for: .milliseconds(Int64((interval * 1000).rounded(.up))))
        }
    }
}
