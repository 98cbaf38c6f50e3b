/// Regions and a small gazetteer of places per region, so post locations match where their authors live.
public enum Gazetteer {
    public struct Region: Sendable {
        public let code: String
        /// Share of users living there.
        public let weight: Double
        public let places: [Place]
    }

    public struct Place: Sendable {
        public let name: String
        public let lat: Double
        public let lng: Double
    }

    public static let regions: [Region] = [
        Region(code: "na", weight: 0.22, places: [
            Place(name: "New York", lat: 40.7128, lng: -74.0060), Place(name: "Los Angeles", lat: 34.0522, lng: -118.2437),
            Place(name: "Toronto", lat: 43.6532, lng: -79.3832), Place(name: "Chicago", lat: 41.8781, lng: -87.6298),
            Place(name: "Mexico City", lat: 19.4326, lng: -99.1332), Place(name: "Yosemite Valley", lat: 37.7456, lng: -119.5936),
            Place(name: "Miami Beach", lat: 25.7907, lng: -80.1300), Place(name: "Vancouver", lat: 49.2827, lng: -123.1207),
        ]),
        Region(code: "eu", weight: 0.24, places: [
            Place(name: "Paris", lat: 48.8566, lng: 2.3522), Place(name: "Lisbon", lat: 38.7223, lng: -9.1393),
            Place(name: "Berlin", lat: 52.5200, lng: 13.4050), Place(name: "Barcelona", lat: 41.3874, lng: 2.1686),
            Place(name: "Rome", lat: 41.9028, lng: 12.4964), Place(name: "London", lat: 51.5072, lng: -0.1276),
            Place(name: "Amsterdam", lat: 52.3676, lng: 4.9041), Place(name: "Chamonix", lat: 45.9237, lng: 6.8694),
        ]),
        Region(code: "sa", weight: 0.10, places: [
            Place(name: "São Paulo", lat: -23.5558, lng: -46.6396), Place(name: "Buenos Aires", lat: -34.6037, lng: -58.3816),
            Place(name: "Rio de Janeiro", lat: -22.9068, lng: -43.1729), Place(name: "Lima", lat: -12.0464, lng: -77.0428),
            Place(name: "Bogotá", lat: 4.7110, lng: -74.0721), Place(name: "Patagonia", lat: -50.9423, lng: -73.4068),
        ]),
        Region(code: "as", weight: 0.26, places: [
            Place(name: "Tokyo", lat: 35.6762, lng: 139.6503), Place(name: "Seoul", lat: 37.5665, lng: 126.9780),
            Place(name: "Mumbai", lat: 19.0760, lng: 72.8777), Place(name: "Bangkok", lat: 13.7563, lng: 100.5018),
            Place(name: "Singapore", lat: 1.3521, lng: 103.8198), Place(name: "Bali", lat: -8.3405, lng: 115.0920),
            Place(name: "Kyoto", lat: 35.0116, lng: 135.7681), Place(name: "Jakarta", lat: -6.2088, lng: 106.8456),
        ]),
        Region(code: "af", weight: 0.08, places: [
            Place(name: "Lagos", lat: 6.5244, lng: 3.3792), Place(name: "Cape Town", lat: -33.9249, lng: 18.4241),
            Place(name: "Nairobi", lat: -1.2921, lng: 36.8219), Place(name: "Marrakesh", lat: 31.6295, lng: -7.9811),
            Place(name: "Zanzibar", lat: -6.1659, lng: 39.2026),
        ]),
        Region(code: "me", weight: 0.05, places: [
            Place(name: "Dubai", lat: 25.2048, lng: 55.2708), Place(name: "Istanbul", lat: 41.0082, lng: 28.9784),
            Place(name: "Tel Aviv", lat: 32.0853, lng: 34.7818), Place(name: "Petra", lat: 30.3285, lng: 35.4444),
        ]),
        Region(code: "oc", weight: 0.05, places: [
            Place(name: "Sydney", lat: -33.8688, lng: 151.2093), Place(name: "Melbourne", lat: -37.8136, lng: 144.9631),
            Place(name: "Auckland", lat: -36.8485, lng: 174.7633), Place(name: "Queenstown", lat: -45.0312, lng: 168.6626),
        ]),
    ]

    public static let devices = ["ios", "android", "web"]
    static let deviceWeights = [0.52, 0.43, 0.05]
}
