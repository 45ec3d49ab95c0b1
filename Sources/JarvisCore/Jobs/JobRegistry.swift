/// The jobs this appliance knows, by slug.
public struct JobRegistry: Sendable {
    private let jobs: [String: any Job]
    /// The jobs in registration order.
    public let all: [any Job]

    public init(_ jobs: [any Job]) {
        self.all = jobs
        self.jobs = Dictionary(jobs.map { ($0.slug, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public subscript(slug: String) -> (any Job)? { jobs[slug] }

    public var slugs: [String] { all.map(\.slug) }

    /// The job `slug`, or an error naming the known ones (`field`: where the slug was given).
    @discardableResult
    public func requireJob(_ slug: String, field: String = "job") throws -> any Job {
        guard let job = jobs[slug] else {
            throw JarvisError.refused(
                field,
                "unknown job '\(slug)'; known jobs: \(slugs.joined(separator: ", "))",
                reason: "unknown_job",
                value: slug
            )
        }
        return job
    }
}
