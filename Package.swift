// swift-tools-version:6.0
// syncnode: a federated content-sync node. No third-party Swift packages:
// only the toolchain and Debian's C libraries through system-library targets.
import PackageDescription

/// The settings every Swift target gets, applied in one loop at the end
/// (as swift-log's Package.swift does), so that no target can miss them.
let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

/// FoundationEssentials' static archives in one linker group (they refer
/// to each other). The binary's modules import FoundationEssentials only,
/// never full Foundation: CoreFoundation and ICU, linked in, cost every
/// command about 1.3 ms of start-up (README, Benchmarks). Passed as linker
/// arguments, because swiftc moves plain -l options out of order.
let staticFoundation = ["--start-group", "-lFoundationEssentials", "-l_FoundationCShims", "-l_FoundationCollections",
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
        // No pkgConfig: it would link libcurl, which the module loads on
        // first use instead (Sources/CCurl/shim.h); the headers are in the
        // default include path.
        .systemLibrary(name: "CCurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        // No pkgConfig: libcrypto is loaded on first use (Sources/COpenSSL/shim.h).
        .systemLibrary(name: "COpenSSL", providers: [.apt(["libssl-dev"])]),
        // No pkgConfig either: libmicrohttpd and GnuTLS are loaded when the
        // first server starts (Sources/CMicroHTTPD/shim.h).
        .systemLibrary(name: "CMicroHTTPD", providers: [.apt(["libmicrohttpd-dev", "libgnutls28-dev"])]),

        // Pure modules: no I/O.
        .target(name: "SyncCore"),
        .target(name: "SyncProtocol", dependencies: ["SyncCore"]),
        .target(name: "SyncWeb", dependencies: ["SyncCore"]),

        // I/O modules.
        .target(name: "SQLite", dependencies: ["CSQLite"]),
        .target(name: "SyncStore", dependencies: ["SQLite", "SyncCore"]),
        .target(name: "SyncCrypto", dependencies: ["COpenSSL", "SyncCore"]),
        .target(name: "HTTPServer", dependencies: ["CMicroHTTPD", "SyncProtocol", "Threads"]),
        .target(name: "HTTPClient", dependencies: ["CCurl", "SyncProtocol", "Threads"]),
        // Threads that are joined (waited for until they have exited), over pthreads.
        .target(name: "Threads"),
        .target(name: "SyncNode",
                dependencies: ["SyncCore", "SyncProtocol", "SyncStore", "SyncCrypto", "SyncWeb", "HTTPServer", "HTTPClient",
                               "Threads"]),
        .target(name: "SyncNodeCLI", dependencies: ["SyncNode", "SyncDemo", "Subprocess"]),
        // The three-city demo federation (`syncnode demo`), on top of the node.
        .target(name: "SyncDemo", dependencies: ["SyncNode", "SyncCore", "SyncCrypto", "Subprocess", "ThrowawayTLS"]),

        // Helpers the demo, the benchmark and the tests share: one way to
        // launch a process, one throwaway CA (made with the openssl tool).
        .target(name: "Subprocess", dependencies: ["Threads"]),
        .target(name: "ThrowawayTLS", dependencies: ["Subprocess"]),
        // Release builds link the Swift runtime and FoundationEssentials in:
        // the dynamic loader need not resolve their symbols at every start
        // (README, Benchmarks). Allowed here
        // because this is the root package; not in debug, where the test
        // bundle links this target's code with XCTest's dynamic runtime.
        .executableTarget(name: "syncnode", dependencies: ["SyncNodeCLI"],
                          linkerSettings: [.unsafeFlags(["-static-stdlib"] + staticFoundation, .when(configuration: .release))]),
        .executableTarget(name: "syncnode-bench", dependencies: ["SyncNode", "SQLite", "Subprocess", "ThrowawayTLS"]),
        // A black box: only the wire, never the node's own modules.
        .executableTarget(name: "syncnode-conformance", dependencies: ["SyncCore", "SyncProtocol", "SyncCrypto", "HTTPClient"]),

        // Tests: one target per module, plus shared helpers.
        .target(name: "TestSupport", dependencies: ["SyncCrypto", "Subprocess", "ThrowawayTLS"], path: "Sources/TestSupport"),
        .testTarget(name: "ArchitectureTests"),
        .testTarget(name: "SyncCoreTests", dependencies: ["SyncCore"]),
        .testTarget(name: "SyncWebTests", dependencies: ["SyncWeb", "TestSupport"]),
        .testTarget(name: "SyncProtocolTests", dependencies: ["SyncProtocol", "SyncCrypto", "TestSupport"]),
        .testTarget(name: "SQLiteTests", dependencies: ["SQLite"]),
        .testTarget(name: "SyncStoreTests", dependencies: ["SyncStore", "TestSupport"]),
        .testTarget(name: "SyncCryptoTests", dependencies: ["SyncCrypto", "Subprocess"]),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "HTTPClient", "TestSupport", "ThrowawayTLS"]),
        .testTarget(name: "HTTPClientTests", dependencies: ["HTTPClient", "HTTPServer", "TestSupport", "ThrowawayTLS"]),
        .testTarget(name: "SyncNodeTests", dependencies: ["SyncNode", "HTTPClient", "TestSupport", "Subprocess", "ThrowawayTLS"]),
        .testTarget(name: "SyncDemoTests", dependencies: ["SyncDemo", "SyncNode", "SyncCore"]),
        .testTarget(name: "SubprocessTests", dependencies: ["Subprocess"]),
        .testTarget(name: "ThreadsTests", dependencies: ["Threads"]),
        .testTarget(name: "ThrowawayTLSTests", dependencies: ["ThrowawayTLS", "Subprocess"]),
        .testTarget(name: "SyncNodeCLITests", dependencies: ["TestSupport", "Subprocess", "ThrowawayTLS", "SyncNodeCLI", "syncnode", "syncnode-conformance"]),
    ]
)

for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + strict
}
