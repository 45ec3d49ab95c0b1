import HTTPTypes
import Hummingbird
import JarvisCore

/// The HTTP answer to a launch, for the cron endpoints and `POST /api/runs/{id}/retry`: 200
/// with the run's summary once it finished, 202 while it goes on in the background, 409 with
/// the running run's id when the job is busy, 500 for a failed run (without its error text,
/// which may quote the database: `GET /api/runs/{id}` shows it to an administrator), and 503
/// with the plain message and `Retry-After` when the database could not take the run's writes
/// (another process held its lock, its disk was full), or could not record the run's end.
enum LaunchAnswer {
    static let preferField = HTTPField.Name("Prefer")!

    /// True when the request asks not to wait (`Prefer: respond-async`, RFC 7240).
    static func prefersAsync(_ request: Request) -> Bool {
        request.headers[values: Self.preferField].contains { value in
            value.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces).lowercased() == "respond-async" }
        }
    }

    static func response(to launch: RunLauncher.Launch) throws -> Response {
        switch launch {
        case .busy(let running):
            throw APIError(
                .conflict,
                "\(running.job) is already running (run \(running.runID)); try again when it ends",
                fields: ["runId": .int(Int(running.runID))]
            )
        case .replayed(let run): return try answer(run, replayed: true)
        case .started(let run), .finished(let run): return try answer(run, replayed: false)
        }
    }

    private static func answer(_ run: JobRun, replayed: Bool) throws -> Response {
        var headers = HTTPFields()
        headers[.location] = "/api/runs/\(run.runID)"
        if let cause = run.cause, cause.code == .unavailable {
            var error = APIError(cause)
            error.fields["runId"] = .int(Int(run.runID))
            error.fields["status"] = .string(run.status.rawValue)
            error.headers[.location] = "/api/runs/\(run.runID)"
            throw error
        }
        if run.status.isFailure {
            throw APIError(
                .internalServerError,
                "\(run.job) failed: run \(run.runID) ended \(run.status.rawValue); see GET /api/runs/\(run.runID)",
                fields: ["runId": .int(Int(run.runID)), "status": .string(run.status.rawValue)],
                headers: headers
            )
        }
        let status: HTTPResponse.Status = run.status == .running ? .accepted : .ok
        return try JSONResponse.make(RunSummary(run, replayed: replayed), status: status, headers: headers)
    }
}
