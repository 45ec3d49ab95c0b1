// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "jarvis",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "jarvis", targets: ["jarvis"]),
        .library(name: "Cron", targets: ["Cron"]),
        .library(name: "JarvisCore", targets: ["JarvisCore"]),
        .library(name: "JarvisHTTP", targets: ["JarvisHTTP"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
    ],
    targets: [
        // Pure calendar maths: parsing cron expressions and computing fire times. Foundation only.
        .target(name: "Cron"),

        // Process-wide SQLite settings, in C because `sqlite3_config` is variadic.
        .target(name: "CSQLiteSettings", linkerSettings: [.linkedLibrary("sqlite3")]),

        // Store, jobs, runner, scheduler, configuration, demo data, report rendering.
        .target(
            name: "JarvisCore",
            dependencies: [
                "Cron",
                "CSQLiteSettings",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            plugins: ["EmbedSchema"]
        ),

        // The HTTP layer: Hummingbird application, routes and authentication.
        .target(
            name: "JarvisHTTP",
            dependencies: [
                "Cron",
                "JarvisCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        // The command-line interface: every subcommand, as a library the tests can drive.
        .target(
            name: "JarvisCLI",
            dependencies: [
                "Cron",
                "JarvisCore",
                "JarvisHTTP",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // The thin executable: `@main` lists the subcommands.
        .executableTarget(
            name: "jarvis",
            dependencies: ["JarvisCLI", "JarvisCore", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),

        // Next-fire computations per second (a benchmark, not a test): `swift run -c release cron-bench`.
        .executableTarget(name: "cron-bench", dependencies: ["Cron"], path: "Sources/CronBenchmark"),

        // Compiles schema.sql into the binary, so the release build is a single file.
        .executableTarget(name: "schema-embedder", path: "Plugins/SchemaEmbedder"),
        .plugin(name: "EmbedSchema", capability: .buildTool(), dependencies: ["schema-embedder"]),

        // What the test targets share: clocks, captured logs, test jobs, temporary files and
        // databases, the HTTP fixture, the dashboard harness and the `jarvis` process runner.
        // Only test targets depend on it; no product does.
        .target(
            name: "JarvisTestSupport",
            dependencies: ["JarvisCore", "JarvisHTTP", .crypto, .httpTypes, .hummingbird, .hummingbirdTesting, .logging],
            path: "Tests/JarvisTestSupport"
        ),

        .testTarget(name: "CronTests", dependencies: ["Cron"], resources: [.copy("Vectors")]),
        .testTarget(name: "JarvisCoreTests", dependencies: ["JarvisCore", "JarvisTestSupport", .grdb, .logging]),
        .testTarget(
            name: "JarvisHTTPTests",
            dependencies: [
                "Cron", "JarvisCore", "JarvisHTTP", "JarvisTestSupport", .grdb, .httpTypes, .hummingbird, .hummingbirdTesting, .logging,
            ]
        ),
        .testTarget(
            name: "JarvisCLITests",
            dependencies: [
                "JarvisCLI", "JarvisCore", "JarvisHTTP", "JarvisTestSupport", .grdb, .httpTypes, .hummingbird, .hummingbirdTesting, .logging,
            ]
        ),
    ]
)

/// The products the test targets and their support target import, each named once.
extension Target.Dependency {
    static var crypto: Self { .product(name: "Crypto", package: "swift-crypto") }
    static var grdb: Self { .product(name: "GRDB", package: "GRDB.swift") }
    static var httpTypes: Self { .product(name: "HTTPTypes", package: "swift-http-types") }
    static var hummingbird: Self { .product(name: "Hummingbird", package: "hummingbird") }
    static var hummingbirdTesting: Self { .product(name: "HummingbirdTesting", package: "hummingbird") }
    static var logging: Self { .product(name: "Logging", package: "swift-log") }
}
