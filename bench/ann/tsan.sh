#!/usr/bin/env bash
# Runs MosaicVectors' concurrency tests under the thread sanitizer, in a private package that builds only
# MosaicVectors (the root package would also build every other target with TSan). Usage: bench/ann/tsan.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dev="${TMPDIR:-/tmp}/mosaic-vectors-tsan"
mkdir -p "$dev/Sources" "$dev/Tests"
ln -sfn "$root/Sources/MosaicVectors" "$dev/Sources/MosaicVectors"
ln -sfn "$root/Sources/CPrefetch" "$dev/Sources/CPrefetch"
ln -sfn "$root/Tests/MosaicVectorsTests" "$dev/Tests/MosaicVectorsTests"
cat > "$dev/Package.swift" <<'SWIFT'
// swift-tools-version:6.2
import PackageDescription
let package = Package(
    name: "MosaicVectorsTSan",
    platforms: [.macOS(.v15)],
    targets: [
        .systemLibrary(name: "CPrefetch"),
        .target(name: "MosaicVectors", dependencies: ["CPrefetch"], swiftSettings: [.enableUpcomingFeature("ExistentialAny"), .unsafeFlags(["-O"])]),
        .testTarget(name: "MosaicVectorsTests", dependencies: ["MosaicVectors"]),
    ],
    swiftLanguageModes: [.v6]
)
SWIFT
cd "$dev"
# halt_on_error makes any reported race fail the run.
TSAN_OPTIONS="halt_on_error=1 ${TSAN_OPTIONS:-}" \
  swift test --sanitize=thread --filter "${1:-HNSWConcurrencyTests|shardedIndex|deletedIDs}" 2>&1 | tee "$dev/tsan.log"
! grep -q "WARNING: ThreadSanitizer" "$dev/tsan.log"
echo "tsan: no data races reported"
