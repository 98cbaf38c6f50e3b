import MosaicCore

/// Words per interest category for captions, hashtags and bios, so text carries the same signal as the
/// category (a search or a text model can find it) without any real user's words.
struct CategoryLexicon: Sendable {
    let hashtags: [String]
    let subjects: [String]
    let adjectives: [String]
    let bioPhrases: [String]
    let emoji: [String]

    /// Indexed like `InterestCategory.all`; unknown categories get the generic lexicon.
    static let byCategory: [CategoryLexicon] = InterestCategory.all.map { table[$0] ?? generic }

    static let generic = CategoryLexicon(
        hashtags: ["instagood", "photooftheday", "love", "weekend"],
        subjects: ["moment", "day", "view", "scene"],
        adjectives: ["lovely", "quiet", "bright", "simple"],
        bioPhrases: ["living slowly", "sharing moments"],
        emoji: ["✨", "🙂"])

    static let table: [String: CategoryLexicon] = [
        "food": CategoryLexicon(
            hashtags: ["food", "foodie", "brunch", "dinner", "recipe", "coffee", "homemade", "streetfood", "ramen", "pasta"],
            subjects: ["ramen bowl", "sourdough", "tacos al pastor", "flat white", "margherita", "brunch spread",
                       "dumplings", "paella", "croissant", "curry", "poke bowl", "tiramisu"],
            adjectives: ["crispy", "spicy", "homemade", "golden", "smoky", "fresh", "buttery", "perfect"],
            bioPhrases: ["home cook", "ramen hunter", "coffee first", "eating my way around the world", "recipe tester"],
            emoji: ["🍜", "🍕", "☕️", "🌮", "🥐", "🔥"]),
        "travel": CategoryLexicon(
            hashtags: ["travel", "wanderlust", "trip", "vacation", "beach", "roadtrip", "islandlife", "passportready"],
            subjects: ["sunrise flight", "old town", "hidden beach", "harbour", "night market", "coastline",
                       "train window", "rooftop view", "lagoon"],
            adjectives: ["endless", "turquoise", "sunny", "far away", "unreal", "breezy", "blue"],
            bioPhrases: ["40 countries and counting", "carry-on only", "chasing sunsets", "always packing"],
            emoji: ["✈️", "🌴", "🌊", "🗺️", "🏝️"]),
        "fashion": CategoryLexicon(
            hashtags: ["fashion", "ootd", "style", "outfit", "streetstyle", "vintage", "lookbook"],
            subjects: ["linen suit", "thrifted jacket", "silk scarf", "new sneakers", "fit check", "pleated skirt",
                       "denim on denim", "tailored coat"],
            adjectives: ["oversized", "pastel", "tailored", "vintage", "minimal", "bold", "soft"],
            bioPhrases: ["stylist", "thrift queen", "capsule wardrobe", "outfits daily"],
            emoji: ["👗", "👟", "🕶️", "💄", "👜"]),
        "pets": CategoryLexicon(
            hashtags: ["pets", "dog", "cat", "puppy", "kitten", "dogsofinstagram", "catsofinstagram", "adoptdontshop"],
            subjects: ["golden retriever", "sleepy kitten", "rescue pup", "tabby", "corgi", "zoomies", "nap spot"],
            adjectives: ["fluffy", "sleepy", "tiny", "goofy", "good", "cozy"],
            bioPhrases: ["dog mom", "cat dad", "two rescues", "my dog runs this account"],
            emoji: ["🐶", "🐱", "🐾", "🦴"]),
        "sports": CategoryLexicon(
            hashtags: ["sports", "football", "soccer", "basketball", "matchday", "gameday", "tennis"],
            subjects: ["matchday", "last-minute goal", "derby", "pickup game", "stadium", "final whistle", "buzzer beater"],
            adjectives: ["massive", "electric", "unbeaten", "clutch", "wild"],
            bioPhrases: ["season ticket holder", "weekend striker", "hoops every sunday"],
            emoji: ["⚽️", "🏀", "🏆", "🎾"]),
        "art": CategoryLexicon(
            hashtags: ["art", "painting", "drawing", "illustration", "artist", "sketchbook", "watercolor"],
            subjects: ["oil study", "sketchbook page", "mural", "watercolour", "linocut", "portrait", "abstract piece"],
            adjectives: ["vivid", "unfinished", "layered", "loud", "dreamy"],
            bioPhrases: ["painter", "illustrator", "commissions open", "drawing every day"],
            emoji: ["🎨", "🖌️", "🖍️"]),
        "nature": CategoryLexicon(
            hashtags: ["nature", "hiking", "mountains", "forest", "sunset", "outdoors", "wildflowers"],
            subjects: ["pine forest", "ridge trail", "alpine lake", "waterfall", "moss", "valley", "meadow"],
            adjectives: ["green", "misty", "wild", "quiet", "lush", "golden"],
            bioPhrases: ["trail runner", "happiest outdoors", "leave no trace", "mountain person"],
            emoji: ["🌲", "⛰️", "🌿", "🌄"]),
        "cars": CategoryLexicon(
            hashtags: ["cars", "car", "supercar", "jdm", "carsofinstagram", "classiccar", "trackday"],
            subjects: ["restomod", "track day", "garage build", "coupe", "night drive", "chrome wheels", "engine bay"],
            adjectives: ["matte", "loud", "chrome", "lowered", "clean", "fast"],
            bioPhrases: ["petrolhead", "weekend wrench", "jdm forever", "track days"],
            emoji: ["🏎️", "🚗", "🔧", "🏁"]),
        "music": CategoryLexicon(
            hashtags: ["music", "concert", "guitar", "vinyl", "livemusic", "festival", "producer"],
            subjects: ["front row", "vinyl haul", "studio session", "soundcheck", "encore", "new single", "jam session"],
            adjectives: ["loud", "live", "analog", "late-night", "euphoric"],
            bioPhrases: ["drummer", "vinyl collector", "making beats", "gig every friday"],
            emoji: ["🎸", "🎶", "🎧", "🥁"]),
        "fitness": CategoryLexicon(
            hashtags: ["fitness", "gym", "running", "workout", "yoga", "legday", "marathon"],
            subjects: ["leg day", "5 am run", "new PR", "yoga flow", "long run", "deadlift", "recovery day"],
            adjectives: ["sweaty", "strong", "early", "consistent", "sore"],
            bioPhrases: ["coach", "marathoner", "lifting heavy things", "yoga teacher"],
            emoji: ["💪", "🏃", "🧘", "🏋️"]),
        "architecture": CategoryLexicon(
            hashtags: ["architecture", "design", "brutalism", "interiors", "buildings", "cityscape"],
            subjects: ["concrete stairwell", "glass facade", "old cathedral", "tower block", "arches", "atrium"],
            adjectives: ["brutal", "symmetrical", "geometric", "towering", "clean"],
            bioPhrases: ["architect", "looking up", "concrete lover", "buildings and lines"],
            emoji: ["🏛️", "🏙️", "📐"]),
        "photography": CategoryLexicon(
            hashtags: ["photography", "35mm", "filmphotography", "streetphotography", "portrait", "goldenhour"],
            subjects: ["film roll", "street portrait", "long exposure", "golden hour", "darkroom print", "candid"],
            adjectives: ["grainy", "moody", "soft", "contrasty", "analog"],
            bioPhrases: ["shooting film", "photographer", "35mm only", "prints available"],
            emoji: ["📷", "🎞️", "🌅"]),
    ]

    static let captionTemplates: [String] = [
        "{adj} {subject} {emoji}",
        "{subject} kind of day {emoji}",
        "can't stop thinking about this {subject}",
        "{adj} {subject} in {place}",
        "weekend = {subject} {emoji}",
        "finally: {subject}!",
        "{subject}, {adj} as ever",
        "new favourite {subject} {emoji}",
    ]

    static let commentTemplates: [String] = [
        "love this {emoji}", "so {adj}!", "need this {subject} in my life", "wow", "this is everything {emoji}",
        "where is this?", "goals", "🔥🔥🔥", "amazing shot", "take me there", "saving this one", "obsessed {emoji}",
    ]
}
