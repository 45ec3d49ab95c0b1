import ArgumentParser
import JarvisCLI
import JarvisCore

/// The `jarvis` executable: it only lists the subcommands, which live in `JarvisCLI`.
@main
struct Jarvis: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jarvis",
        abstract: "A gym site's scheduled jobs on one box: SQLite store, cron scheduler, HTTP API.",
        version: JarvisVersion.current,
        subcommands: [
            ServeCommand.self,
            RunCommand.self,
            SchedulesCommand.self,
            RunsCommand.self,
            LogsCommand.self,
            ReportsCommand.self,
            GymsCommand.self,
            MembersCommand.self,
            KiosksCommand.self,
            AlertsCommand.self,
            ImportCommand.self,
            ExportCommand.self,
            CronCommand.self,
            DoctorCommand.self,
            DemoCommand.self,
            DatabaseCommand.self,
            SecretCommand.self,
        ]
    )

    static func main() async {
        await CommandLineInterface.main(Jarvis.self)
    }
}
