// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "swift-asyncio",
    products: [
        .library(name: "AsyncIO", targets: ["AsyncIO"]),
        .executable(name: "asyncio", targets: ["asyncio"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // epoll, eventfd, timerfd and friends: Glibc does not export them to Swift.
        .target(name: "CAsyncIOShims", linkerSettings: [.linkedLibrary("dispatch")]),
        .target(
            name: "AsyncIO",
            dependencies: [
                "CAsyncIOShims",
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The seeds' examples, ported. Default isolation is the main actor: in whole-program
        // mode the main actor *is* the loop, so plain classes are shared with no annotations.
        .target(
            name: "AsyncIOExamples",
            dependencies: ["AsyncIO"],
            path: "Examples",
            exclude: ["python", "README.md"],
            swiftSettings: [.defaultIsolation(MainActor.self)]
        ),
        // The project's own workloads, matching ../shared/peers/bench.py.
        .target(
            name: "AsyncIOBenchmarks",
            dependencies: ["AsyncIO"],
            path: "Benchmarks",
            exclude: ["scripts"]
        ),
        .executableTarget(
            name: "asyncio",
            dependencies: ["AsyncIO", "AsyncIOExamples", "AsyncIOBenchmarks"]
        ),
        // Scenarios that change process-wide state, run by the tests as a child process.
        .executableTarget(
            name: "AsyncIOTestHelper",
            dependencies: ["AsyncIO", "CAsyncIOShims"],
            path: "Tests/AsyncIOTestHelper"
        ),
        // An `@main` program built on `AsyncIOMain`, run by the tests.
        .executableTarget(
            name: "AsyncIOMainCheck",
            dependencies: ["AsyncIO", "CAsyncIOShims"],
            path: "Tests/AsyncIOMainCheck",
            swiftSettings: [.defaultIsolation(MainActor.self)]
        ),
        // Scenarios the tests run as child processes, in both execution modes.
        .executableTarget(
            name: "AsyncIOScenarios",
            dependencies: ["AsyncIO", "CAsyncIOShims"],
            path: "Tests/AsyncIOScenarios",
            exclude: ["python"]
        ),
        .testTarget(
            name: "AsyncIOTests",
            // The executables are built so tests can run them as processes.
            dependencies: ["AsyncIO", "asyncio", "AsyncIOTestHelper", "AsyncIOMainCheck", "AsyncIOScenarios"]
        ),
    ]
)
