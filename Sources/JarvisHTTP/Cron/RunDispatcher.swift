import HTTPTypes
import Hummingbird
import JarvisCore

/// Turns a claim into the HTTP answer, for the cron endpoints and `POST /api/runs/{id}/retry`:
/// waits for the run (200 with its summary, 500 if it failed), or hands it to the background
/// runs and answers 202 at once; 409 with the running run's id when the job is busy.
struct RunDispatcher: Sendable {
    let runner: JobRunner
    let background: BackgroundRuns

    static let locationField = HTTPField.Name.location
    static let preferField = HTTPField.Name("Prefer")!

    /// True when the request asks not to wait (`Prefer: respond-async`, RFC 7240).
    static func prefersAsync(_ request: Request) -> Bool {
        request.headers[values: Self.preferField].contains { value in
            value.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces).lowercased() == "respond-async" }
        }
    }

    func respond(to outcome: ClaimOutcome, settings: RunSettings, async: Bool) async throws -> Response {
        switch outcome {
        case .overlap(let running):
            throw APIError(
                .conflict, "\(running.job) is already running (run \(running.runID)); try again when it ends",
                fields: ["runId": .int(Int(running.runID))]
            )
        case .duplicate(let earlier):
            return try answer(earlier, replayed: true)
        case .claimed(let run):
            if async {
                background.submit(run, settings: settings)
                return try answer(run, replayed: false)
            }
            return try answer(await runner.execute(run, settings: settings), replayed: false)
        }
    }

    /// 200 for a finished run, 202 for one still going, 500 for a failure (without its error
    /// text, which may quote the database: `GET /api/runs/{id}` shows it to an administrator).
    private func answer(_ run: JobRun, replayed: Bool) throws -> Response {
        var headers = HTTPFields()
        headers[Self.locationField] = "/api/runs/\(run.runID)"
        if run.status.isFailure {
            throw APIError(
                .internalServerError, "\(run.job) failed: run \(run.runID) ended \(run.status.rawValue); see GET /api/runs/\(run.runID)",
                fields: ["runId": .int(Int(run.runID)), "status": .string(run.status.rawValue)], headers: headers
            )
        }
        let status: HTTPResponse.Status = run.status == .running ? .accepted : .ok
        return try JSONResponse.make(RunSummary(run, replayed: replayed), status: status, headers: headers)
    }
}
