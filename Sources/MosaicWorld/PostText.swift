import Foundation
import MosaicCore

/// Captions, hashtags, bios and comments, drawn from the category lexicons with a per-entity random stream,
/// so text is generated on demand (a million bios are never held in memory) and is the same every time.
enum PostText {
    static func make(post i: Int, world: World) -> (caption: String, hashtags: [String]) {
        var rng = WorldRandom(seed: world.config.seed, stream: 0x4341_5054_0000_0000 | UInt64(i))
        let lexicon = CategoryLexicon.byCategory[Int(world.posts.categories[i])]
        let place = world.posts.location(of: i)?.name ?? rng.pick(Gazetteer.regions[Int(world.users.regions[Int(world.posts.authors[i])])].places).name
        var caption = fill(rng.pick(CategoryLexicon.captionTemplates), lexicon, place: place, &rng)
        var tags: [String] = []
        if rng.chance(0.7) { tags.append(InterestCategory.all[Int(world.posts.categories[i])]) }
        let extra = rng.below(4)
        for _ in 0..<extra {
            let t = rng.pick(lexicon.hashtags)
            if !tags.contains(t) { tags.append(t) }
        }
        if rng.chance(0.15) { tags.append(rng.pick(CategoryLexicon.generic.hashtags)) }
        if !tags.isEmpty { caption += "\n" + tags.map { "#" + $0 }.joined(separator: " ") }
        return (caption, CaptionParser.hashtags(in: caption))
    }

    static func bio(user i: Int, world: World) -> String {
        var rng = WorldRandom(seed: world.config.seed, stream: 0x4249_4F00_0000_0000 | UInt64(i))
        let users = world.users
        // The two strongest interests speak in the bio.
        let row = Array(users.interestVector(of: i))
        let ranked = row.indices.sorted { row[$0] > row[$1] }
        var parts: [String] = []
        for c in ranked.prefix(rng.chance(0.5) ? 1 : 2) { parts.append(rng.pick(CategoryLexicon.byCategory[c].bioPhrases)) }
        if rng.chance(0.6) { parts.append(rng.pick(Gazetteer.regions[Int(users.regions[i])].places).name) }
        var bio = parts.joined(separator: " · ")
        if rng.chance(0.5) { bio += " " + rng.pick(CategoryLexicon.byCategory[ranked[0]].emoji) }
        return String(bio.prefix(Validation.maxBioLength))
    }

    static func comment(record index: Int, world: World) -> String {
        var rng = WorldRandom(seed: world.config.seed, stream: 0x434F_4D4D_0000_0000 | UInt64(index))
        let post = Int(world.engagement[index].post)
        let lexicon = CategoryLexicon.byCategory[Int(world.posts.categories[post])]
        return fill(rng.pick(CategoryLexicon.commentTemplates), lexicon, place: "", &rng)
    }

    private static func fill(_ template: String, _ lexicon: CategoryLexicon, place: String,
                             _ rng: inout WorldRandom) -> String {
        var s = template
        if s.contains("{adj}") { s = s.replacingFirst("{adj}", with: rng.pick(lexicon.adjectives)) }
        if s.contains("{subject}") { s = s.replacingFirst("{subject}", with: rng.pick(lexicon.subjects)) }
        if s.contains("{emoji}") { s = s.replacingFirst("{emoji}", with: rng.pick(lexicon.emoji)) }
        if s.contains("{place}") { s = s.replacingFirst("{place}", with: place) }
        return s
    }
}

extension String {
    fileprivate func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let r = range(of: target) else { return self }
        return replacingCharacters(in: r, with: replacement)
    }
}
