// swift-tools-version:6.0
// syncnode: a federated content-sync node. No third-party Swift packages:
// only the toolchain and Debian's C libraries through system-library targets.
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

/// Foundation's static archives in one linker group: they refer to each
/// other (and to the ICU inside `_FoundationICU`) in a cycle. Passed as
/// linker arguments, because swiftc moves plain -l options out of order.
let staticFoundation = ["--start-group", "-lFoundation", "-lFoundationEssentials", "-lFoundationInternationalization",
                        "-l_FoundationICU", "-l_FoundationCShims", "-l_FoundationCollections", "-lCoreFoundation",
                        "--end-group"].flatMap { ["-Xlinker", $0] }

let package = Package(
    name: "syncnode",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "syncnode", targets: ["syncnode"]),
        .executable(name: "syncnode-bench", targets: ["syncnode-bench"]),
        .executable(name: "syncnode-conformance", targets: ["syncnode-conformance"]),
    ],
    targets: [
        // C libraries, each wrapped once.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CMicroHTTPD", pkgConfig: "libmicrohttpd",
                       providers: [.apt(["libmicrohttpd-dev", "libgnutls28-dev"])]),

        // Pure modules: no I/O.
        .target(name: "SyncCore", swiftSettings: strict),
        .target(name: "SyncProtocol", dependencies: ["SyncCore"], swiftSettings: strict),
        .target(name: "SyncWeb", dependencies: ["SyncCore"], swiftSettings: strict),

        // I/O modules.
        .target(name: "SQLite", dependencies: ["CSQLite"], swiftSettings: strict),
        .target(name: "SyncStore", dependencies: ["SQLite", "SyncCore"], swiftSettings: strict),
        .target(name: "SyncCrypto", dependencies: ["COpenSSL", "SyncCore"], swiftSettings: strict),
        .target(name: "HTTPServer", dependencies: ["CMicroHTTPD", "SyncProtocol"], swiftSettings: strict),
        .target(name: "HTTPClient", dependencies: ["CCurl", "SyncProtocol"], swiftSettings: strict),
        .target(name: "SyncNode",
                dependencies: ["SyncCore", "SyncProtocol", "SyncStore", "SyncCrypto", "SyncWeb", "HTTPServer", "HTTPClient"],
                swiftSettings: strict),
        .target(name: "SyncNodeCLI", dependencies: ["SyncNode"], swiftSettings: strict),
        // Release builds link the Swift runtime and Foundation in: every
        // command starts in about 9 ms instead of 15, without the dynamic
        // loader resolving their symbols (README, Benchmarks). Allowed here
        // because this is the root package; not in debug, where the test
        // bundle links this target's code with XCTest's dynamic runtime.
        .executableTarget(name: "syncnode", dependencies: ["SyncNodeCLI"], swiftSettings: strict,
                          linkerSettings: [.unsafeFlags(["-static-stdlib"] + staticFoundation, .when(configuration: .release))]),
        .executableTarget(name: "syncnode-bench", dependencies: ["SyncNode", "SQLite"], swiftSettings: strict),
        // A black box: only the wire, never the node's own modules.
        .executableTarget(name: "syncnode-conformance", dependencies: ["SyncCore", "SyncProtocol", "SyncCrypto", "HTTPClient"],
                          swiftSettings: strict),

        // Tests: one target per module, plus shared helpers.
        .target(name: "TestSupport", dependencies: ["SyncCrypto"], path: "Sources/TestSupport", swiftSettings: strict),
        .testTarget(name: "ArchitectureTests", swiftSettings: strict),
        .testTarget(name: "SyncCoreTests", dependencies: ["SyncCore"], swiftSettings: strict),
        .testTarget(name: "SyncWebTests", dependencies: ["SyncWeb", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "SyncProtocolTests", dependencies: ["SyncProtocol", "SyncCrypto", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "SQLiteTests", dependencies: ["SQLite"], swiftSettings: strict),
        .testTarget(name: "SyncStoreTests", dependencies: ["SyncStore", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "SyncCryptoTests", dependencies: ["SyncCrypto"], swiftSettings: strict),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "HTTPClient", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "HTTPClientTests", dependencies: ["HTTPClient", "HTTPServer", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "SyncNodeTests", dependencies: ["SyncNode", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "SyncNodeCLITests", dependencies: ["TestSupport", "syncnode", "syncnode-conformance"],
                    swiftSettings: strict),
    ]
)
