import GRDB

extension SQLiteMigrations {
    /// Stories, direct messages, notifications and search indexes.
    static let messaging: [SQLiteMigration] = []
}
