import Foundation
import MosaicCore

/// One arm of an Explore experiment: the users whose bucket falls in `buckets` are ranked by `rankerVersion`.
public struct ExperimentArm: Sendable, Codable, Equatable {
    public var name: String
    public var buckets: Range<Int>
    public var rankerVersion: String
    public init(name: String, buckets: Range<Int>, rankerVersion: String) {
        self.name = name; self.buckets = buckets; self.rankerVersion = rankerVersion
    }
}

/// User → bucket → model version. The bucket is a salted hash of the user ID, so assignment is stable across
/// requests and restarts, independent between experiments with different salts, and needs no stored state.
/// Users in no arm are the control: they get the default ranker. A shadow version, when set, is scored for every
/// request and logged beside the served score, without changing what anyone sees.
public struct ExperimentPlan: Sendable, Codable, Equatable {
    public var bucketCount = 100
    public var salt: UInt64 = 0x4D4F_5341_4943
    public var arms: [ExperimentArm] = []
    public var shadowVersion: String?
    public init(arms: [ExperimentArm] = [], shadowVersion: String? = nil) {
        self.arms = arms; self.shadowVersion = shadowVersion
    }

    public func bucket(for user: UserID) -> Int {
        // SplitMix64's finaliser: IDs that differ in a few low bits land in unrelated buckets.
        var z = user.rawValue ^ salt
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Int(z % UInt64(max(1, bucketCount)))
    }

    /// The arm serving `bucket`, or nil for the control.
    public func arm(forBucket bucket: Int) -> ExperimentArm? { arms.first { $0.buckets.contains(bucket) } }

    /// Parses "name:from-to:version,…" (buckets half-open, 0-based), as given on the command line.
    public static func parse(_ spec: String, shadow: String? = nil) throws -> ExperimentPlan {
        var plan = ExperimentPlan(shadowVersion: shadow?.isEmpty == false ? shadow : nil)
        for part in spec.split(separator: ",") where !part.isEmpty {
            let f = part.split(separator: ":").map(String.init)
            let r = f.count == 3 ? f[1].split(separator: "-").compactMap { Int($0) } : []
            guard f.count == 3, r.count == 2, r[0] >= 0, r[0] < r[1], r[1] <= plan.bucketCount, !f[2].isEmpty else {
                throw ExperimentPlanError(part: String(part))
            }
            plan.arms.append(ExperimentArm(name: f[0], buckets: r[0]..<r[1], rankerVersion: f[2]))
        }
        return plan
    }
}

public struct ExperimentPlanError: Error, CustomStringConvertible {
    public let part: String
    public var description: String { "experiment arm '\(part)' is not name:from-to:version with 0 ≤ from < to ≤ 100" }
}
