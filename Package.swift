// swift-tools-version:6.1
import PackageDescription

/// Settings every Swift target shares: Swift 6 language mode is the default for
/// tools version 6; `ExistentialAny` keeps protocol-typed values explicit.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

/// The feed parser's SAX callbacks touch the builder's fields dozens of times per element, and a class's
/// fields are checked for exclusive access at run time: about 8 % of parsing. Release builds skip that
/// check for this module only; debug builds (and so the tests) keep it.
let parserSettings = swiftSettings + [
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))
]

let package = Package(
    name: "brinkwatch",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "brinkwatch", targets: ["brinkwatch"])
    ],
    traits: [
        .trait(
            name: "PostgreSQL",
            description: "The queue, results and feed state on a PostgreSQL server (PostgresQueue), for several daemons on several hosts"
        )
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        // MARK: C libraries
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .target(name: "CCurlShim", dependencies: ["CCurl"]),
        .target(name: "CLinuxShim"),
        .target(name: "CSHA256"),
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),

        // MARK: Libraries, one concern each
        .target(name: "Curl", dependencies: ["CCurl", "CCurlShim"], swiftSettings: swiftSettings),
        .target(name: "TOML", swiftSettings: swiftSettings),
        .target(name: "JSONText", swiftSettings: swiftSettings),
        .target(name: "Feed", dependencies: ["CLibXML2", "CSHA256", "JSONText"], swiftSettings: parserSettings),
        .target(name: "Durable", dependencies: ["CLinuxShim"], swiftSettings: swiftSettings),
        .target(name: "Inbox", dependencies: ["Durable"], swiftSettings: swiftSettings),
        // Empty unless the PostgreSQL trait is on (`swift build --traits PostgreSQL`): the default build never
        // compiles SwiftNIO and its TLS stack.
        .target(
            name: "PostgresQueue",
            dependencies: [
                "Inbox", "Fetcher", "Digest",
                .product(name: "PostgresNIO", package: "postgres-nio", condition: .when(traits: ["PostgreSQL"])),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(name: "Classifier", dependencies: ["TOML", "JSONText"], swiftSettings: swiftSettings),
        .target(name: "Digest", dependencies: ["Feed", "Classifier", "Durable", "JSONText"], swiftSettings: swiftSettings),
        .target(name: "Config", dependencies: ["TOML"], swiftSettings: swiftSettings),
        .target(name: "Evaluation", dependencies: ["Classifier"], swiftSettings: swiftSettings),
        .target(
            name: "Telemetry",
            dependencies: [
                "Durable", .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Fetcher",
            dependencies: [
                "Curl", "Feed", "Durable", "Inbox", "Config", "Telemetry", "JSONText",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Daemon",
            dependencies: [
                "CLinuxShim", "Curl", "Feed", "Durable", "Inbox", "Classifier", "Digest", "Config", "Fetcher",
                "Telemetry", "PostgresQueue", .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "brinkwatch",
            dependencies: [
                "Daemon", "Feed", "Fetcher", "Classifier", "Config", "Digest", "Inbox", "Evaluation",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Benchmarks (run by scripts/bench-*.sh, not by the tests)
        .executableTarget(
            name: "ClassifierBenchmark", dependencies: ["Classifier"], path: "Benchmarks/ClassifierBenchmark",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "InboxBenchmark", dependencies: ["Inbox", "Durable"], path: "Benchmarks/InboxBenchmark",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "ParserBenchmark", dependencies: ["Feed", "CLibXML2", "JSONText"], path: "Benchmarks/ParserBenchmark",
            swiftSettings: swiftSettings
        ),

        // MARK: Tests
        .target(name: "TestSupport", dependencies: ["Inbox"], swiftSettings: swiftSettings),
        .testTarget(name: "CurlTests", dependencies: ["Curl", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "TOMLTests", dependencies: ["TOML"], swiftSettings: swiftSettings),
        .testTarget(name: "JSONTextTests", dependencies: ["JSONText", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "FeedTests", dependencies: ["Feed", "JSONText", "TestSupport"], resources: [.copy("Fixtures")], swiftSettings: swiftSettings
        ),
        .testTarget(name: "DurableTests", dependencies: ["Durable", "TestSupport"], swiftSettings: swiftSettings),
        .executableTarget(name: "inbox-worker", dependencies: ["Inbox"], path: "Tests/InboxWorker", swiftSettings: swiftSettings),
        .testTarget(
            name: "InboxTests", dependencies: ["Durable", "Inbox", "PostgresQueue", "TestSupport", "inbox-worker"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "ClassifierTests", dependencies: ["Classifier", "JSONText", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "DigestTests", dependencies: ["Digest", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "ConfigTests", dependencies: ["Config", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "EvaluationTests", dependencies: ["Evaluation", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "TelemetryTests",
            dependencies: [
                "Telemetry", "TestSupport", .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FetcherTests",
            dependencies: [
                "Fetcher", "Config", "Curl", "Inbox", "TestSupport", .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "CommandLineTests", dependencies: ["brinkwatch", "Durable", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "DaemonTests",
            dependencies: [
                "Daemon", "Config", "Digest", "Fetcher", "Inbox", "Telemetry", "TestSupport", "PostgresQueue",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
