import Foundation
import HTTPTypes
import Hummingbird
import Testing

@testable import JarvisCore
@testable import JarvisHTTP

/// How a launch is answered: what the database holds, never what the process hoped.
@Suite("Cron triggers: the answer to a launch")
struct LaunchAnswerTests {
    static func run(_ status: RunStatus, cause: JarvisError? = nil) -> JobRun {
        var run = JobRun(
            id: 42,
            job: "daily-churn-analysis",
            scheduleID: nil,
            trigger: .http,
            slotUTC: Date(timeIntervalSince1970: 1_806_305_400),
            slotLocal: "2027-03-29T09:30 Europe/Paris",
            attempt: 1,
            status: status,
            startedAt: Date(timeIntervalSince1970: 1_806_305_400)
        )
        run.cause = cause
        return run
    }

    @Test func aRunWhoseEndCouldNotBeRecordedIsAnswered503RunningNeverSucceeded() throws {
        let cause = JarvisError(
            .unavailable,
            "run #42 ended succeeded but its end could not be recorded (the database or its disk is full); the database holds it running",
            details: ["runId": 42, "status": "running"]
        )
        let error = try #require(throws: APIError.self) { try LaunchAnswer.response(to: .finished(Self.run(.running, cause: cause))) }
        #expect(error.status == .serviceUnavailable)
        #expect(error.message == cause.message)
        #expect(error.fields["status"] == "running")
        #expect(error.fields["runId"] == 42)
        #expect(error.headers[.retryAfter] == "5")
    }

    @Test func aRunThatFailedBecauseTheDatabaseWasLockedIsAnswered503WithTheReason() throws {
        let cause = JarvisError(
            .unavailable,
            "the database stayed locked by another connection for more than 5 s (database error 5: database is locked)"
        )
        let error = try #require(throws: APIError.self) { try LaunchAnswer.response(to: .finished(Self.run(.failed, cause: cause))) }
        #expect(error.status == .serviceUnavailable)
        #expect(error.message == cause.message)
        #expect(error.fields["status"] == "failed")
    }

    @Test func aRunThatFailedForAnotherReasonIs500WithoutItsError() throws {
        let cause = JarvisError(.internalFailure, "SQLITE_CORRUPT near SELECT secret_column")
        let error = try #require(throws: APIError.self) { try LaunchAnswer.response(to: .finished(Self.run(.failed, cause: cause))) }
        #expect(error.status == .internalServerError)
        #expect(!error.message.contains("SQLITE"))
    }

    @Test func aFinishedRunIs200AndABackgroundOne202() throws {
        #expect(try LaunchAnswer.response(to: .finished(Self.run(.succeeded))).status == .ok)
        #expect(try LaunchAnswer.response(to: .started(Self.run(.running))).status == .accepted)
    }
}
