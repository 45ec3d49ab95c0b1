import ArgumentParser
import JarvisCore

/// The command line's entry point: parses the arguments, runs the command, and maps what it
/// throws once, for every command. A use case's `JarvisError` (and a database error, as
/// `JarvisError` explains it) is one line on standard error and exit status 1; the argument
/// parser's own errors and exit codes are left to it.
public enum CommandLineInterface {
    public static func main(_ root: any ParsableCommand.Type) async {
        do {
            var command = try root.parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            root.exit(withError: presentable(error))
        }
    }

    static func presentable(_ error: any Error) -> any Error {
        if let error = error as? JarvisError { return CommandFailure(error.message) }
        if let error = JarvisError(wrappingDatabaseError: error) { return CommandFailure(error.message) }
        return error
    }
}
