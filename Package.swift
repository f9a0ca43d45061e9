// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "hipform",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "hipform", targets: ["hipform"]),
    .library(name: "HipCore", targets: ["HipCore"]),
    .library(name: "HipRecording", targets: ["HipRecording"]),
  ],
  dependencies: [
    .package(
      url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
  ],
  targets: [
    // MARK: - Pure core: no I/O, no Foundation.
    .target(
      name: "HipCore",
      dependencies: [.product(name: "RealModule", package: "swift-numerics")]
    ),

    .target(
      name: "HipSynth",
      dependencies: [
        "HipCore", .product(name: "RealModule", package: "swift-numerics"),
      ]
    ),

    // MARK: - Adapters
    .target(name: "HipRecording", dependencies: ["HipCore"]),
    .systemLibrary(
      name: "CLibUSB",
      pkgConfig: "libusb-1.0",
      providers: [.apt(["libusb-1.0-0-dev"])]
    ),
    .target(name: "CSerialBaud"),
    .target(
      name: "HipDevice", dependencies: ["HipCore", "CLibUSB", "CSerialBaud"]),
    .target(name: "HipReport", dependencies: ["HipCore"]),
    // A sensor's session: its bytes to a crash-safe recording.
    .target(
      name: "HipDeviceSession",
      dependencies: ["HipCore", "HipRecording", "HipDevice"]),
    .target(
      name: "HipHistory",
      dependencies: [
        "HipCore", "HipRecording", "HipReport",
        .product(name: "GRDB", package: "GRDB.swift"),
      ]
    ),

    // MARK: - Command line
    .executableTarget(
      name: "hipform",
      dependencies: [
        "HipCore", "HipRecording", "HipDevice", "HipDeviceSession",
        "HipSynth", "HipReport", "HipHistory",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),

    // MARK: - Tests
    .target(
      name: "HipTestSupport",
      dependencies: ["HipCore", "HipRecording", "HipReport"],
      path: "Tests/HipTestSupport"),
    // A USB sensor emulated under umockdev for the libusb tests; the tests
    // run under its preload (Scripts/test.sh).
    .systemLibrary(
      name: "CUMockdev", path: "Tests/CUMockdev", pkgConfig: "umockdev-1.0",
      providers: [.apt(["libumockdev-dev"])]),
    .target(
      name: "USBEmulator", dependencies: ["CUMockdev"],
      path: "Tests/USBEmulator"),
    .target(
      name: "HipUSBTestSupport", dependencies: ["USBEmulator", "HipCore"],
      path: "Tests/HipUSBTestSupport"),
    .testTarget(
      name: "HipCoreTests", dependencies: ["HipCore", "HipTestSupport"]),
    .testTarget(
      name: "HipDeviceTests",
      dependencies: [
        "HipDevice", "HipCore", "HipUSBTestSupport", "CLibUSB",
      ]),
    .testTarget(
      name: "HipDeviceSessionTests",
      dependencies: [
        "HipDeviceSession", "HipDevice", "HipRecording", "HipCore",
        "HipTestSupport",
      ]),
    .testTarget(
      name: "HipSynthTests",
      dependencies: [
        "HipSynth", "HipCore",
        .product(name: "RealModule", package: "swift-numerics"),
      ]),
    .testTarget(
      name: "HipRecordingTests",
      dependencies: ["HipRecording", "HipCore", "HipTestSupport"]),
    .testTarget(
      name: "HipEvaluationTests",
      dependencies: ["HipRecording", "HipCore", "HipReport"]),
    .testTarget(
      name: "HipCLITests",
      dependencies: [
        "HipRecording", "HipCore", "HipTestSupport", "HipUSBTestSupport",
        "HipHistory", "hipform",
      ]),
    // Seeded mutations of every input, in process (FuzzTests.swift says
    // how to run a long budget).
    .testTarget(
      name: "HipFuzzTests",
      dependencies: ["HipRecording", "HipCore", "HipTestSupport"],
      exclude: ["Regressions"]),
    .testTarget(
      name: "HipReportTests",
      dependencies: ["HipReport", "HipRecording", "HipCore", "HipTestSupport"]),
    .testTarget(
      name: "HipHistoryTests",
      dependencies: [
        "HipHistory", "HipReport", "HipRecording", "HipCore", "HipTestSupport",
        .product(name: "GRDB", package: "GRDB.swift"),
      ]),
  ]
)
