import Foundation
import PackagePlugin

/// Generates `EmbeddedSchema.swift` from the repository's `schema.sql` before the target
/// builds, so the schema travels inside the binary and no resource bundle sits beside it.
@main
struct EmbedSchema: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let schema = context.package.directoryURL.appending(path: "schema.sql")
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedSchema.swift")
        return [
            .buildCommand(
                displayName: "Embedding schema.sql",
                executable: try context.tool(named: "schema-embedder").url,
                arguments: [schema.path(), output.path()],
                inputFiles: [schema],
                outputFiles: [output]
            )
        ]
    }
}
