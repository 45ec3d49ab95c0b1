import Foundation
import HTTPTypes
import Hummingbird
import JarvisCore
import JarvisHTTP
import JarvisTestSupport
import Logging
import Testing

@Suite("openapi.yaml")
struct OpenAPIDocumentTests {
    /// The repository's `openapi.yaml`, found from this file's place in `Tests/JarvisHTTPTests/OpenAPI`.
    static func document() throws -> String {
        let root = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try String(contentsOf: root.appendingPathComponent("openapi.yaml"), encoding: .utf8)
    }

    /// `METHOD /path` for each operation under `paths:`. The document keeps one layout, which
    /// this reads: paths indented by two spaces, their methods by four.
    static func documentedRoutes(_ yaml: String) -> Set<String> {
        let methods: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options"]
        var routes: Set<String> = []
        var inPaths = false
        var path: String?
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            if !line.hasPrefix(" ") && !line.isEmpty {
                inPaths = line == "paths:"
                continue
            }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), !line.hasPrefix("   "), line.hasSuffix(":") {
                path = String(line.dropFirst(2).dropLast())
            } else if line.hasPrefix("    "), !line.hasPrefix("     "), let path {
                let key = line.dropFirst(4).prefix { $0 != ":" }
                if methods.contains(String(key)) { routes.insert("\(key.uppercased()) \(path)") }
            }
        }
        return routes
    }

    /// `METHOD /path` for each route of the API in the production router (`/api/...` and
    /// `/metrics`; the dashboard's HTML pages are not part of the API).
    static func routedRoutes() throws -> Set<String> {
        let logger = Logger(label: "jarvis.tests", factory: { _ in SwiftLogNoOpLogHandler() })
        let appliance = Appliance(
            configuration: AppConfiguration(timeZone: TimeZone(identifier: "UTC")!),
            database: try AppDatabase.inMemory(),
            clock: SettableClock(HTTPFixture.start),
            logger: logger
        )
        let router = buildRouter(appliance: appliance)
        return Set(
            router.routes
                .map { "\($0.method.rawValue) \($0.path.description)" }
                .filter { $0.contains(" /api/") || $0.hasSuffix(" /metrics") }
        )
    }

    @Test func theLayoutReaderFindsEveryOperation() throws {
        let sample = """
            openapi: 3.1.0
            paths:
              /api/a/{id}:
                parameters:
                  - name: id
                get:
                  summary: x
                delete:
                  responses: {}
              /b:
                post:
                  summary: y
            components:
              schemas:
                get:
                  type: object
            """
        #expect(Self.documentedRoutes(sample) == ["GET /api/a/{id}", "DELETE /api/a/{id}", "POST /b"])
    }

    @Test func everyRouteOfTheRouterIsDocumented() throws {
        let documented = Self.documentedRoutes(try Self.document())
        let undocumented = try Self.routedRoutes().subtracting(documented)
        #expect(undocumented.isEmpty, "routed but not in openapi.yaml: \(undocumented.sorted())")
    }

    @Test func everyDocumentedOperationIsRouted() throws {
        let documented = Self.documentedRoutes(try Self.document())
        #expect(documented.count >= 16, "the reader found \(documented.count) operations")
        let missing = documented.subtracting(try Self.routedRoutes())
        #expect(missing.isEmpty, "in openapi.yaml but not routed: \(missing.sorted())")
    }
}
