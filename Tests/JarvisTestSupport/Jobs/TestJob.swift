import JarvisCore

/// A job made for tests. Its log type and completion message follow from its slug and its
/// name, as the real jobs' do: `cron_test_<slug>`, "<name> terminée".
public protocol TestJob: Job {}

extension TestJob {
    public var logType: String { "cron_test_\(slug)" }
    public var completionMessage: String { "\(displayName) terminée" }
}
