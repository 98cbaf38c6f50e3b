import GRDB

extension SQLiteMigrations {
    /// Home feed: fan-out jobs and persisted timelines.
    static let feed: [SQLiteMigration] = []
}
