import Foundation
import MosaicCore
import MosaicRealtime

extension ExploreFunnel {
    /// Puts the viewer's reserved trial posts at the reserved position of the first pages (at most
    /// `perPage` per page), each still subject to the viewer's policy (blocks, private, seen, hidden).
    func insertTrialSlots(_ ranked: [Candidate], _ reserved: [TrialSlot], ctx: ExploreContext) -> [Candidate] {
        guard let trials, !reserved.isEmpty, !ranked.isEmpty else { return ranked }
        var trialPosts: [Candidate] = []
        for slot in reserved {
            guard let e = catalog.entry(slot.post), ctx.allows(e) else { continue }
            trialPosts.append(Candidate(e, source: .trial, retrievalScore: 0, reason: .trialRound(UInt16(clamping: slot.round))))
        }
        guard !trialPosts.isEmpty else { return ranked }
        let ids = Set(trialPosts.map(\.postID))
        var out = ranked.filter { !ids.contains($0.postID) }
        let page = max(1, config.pageSize), perPage = max(1, trials.slots.perPage)
        let spacing = max(1, page / perPage)
        for (i, var t) in trialPosts.enumerated() {
            let at = min(out.count, (i / perPage) * page + trials.slots.position + (i % perPage) * spacing)
            t.value = out.isEmpty ? 0 : out[min(at, out.count - 1)].value
            out.insert(t, at: at)
        }
        return out
    }
}
