/// Input rules shared by every storage engine and by the HTTP layer.
public enum Validation {
    public static let maxCaptionLength = 2_200
    public static let maxMediaPerPost = 10
    public static let maxCommentLength = 2_200
    public static let maxBioLength = 150
    public static let maxFullNameLength = 64
    public static let maxAltTextLength = 1_000
    public static let maxTaggedUsers = 20
    public static let maxLocationNameLength = 200

    /// Instagram's username rules: 1–30 characters of a–z, 0–9, `.` and `_`; no leading, trailing or doubled dot.
    /// Usernames are case-insensitive, so they are stored lower-cased.
    public static func username(_ raw: String) throws(MosaicError) -> String {
        let name = raw.lowercased()
        let ok = !name.isEmpty && name.count <= 30
            && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "_" }
            && !name.hasPrefix(".") && !name.hasSuffix(".") && !name.contains("..")
        guard ok else {
            throw .unprocessable("invalid_username",
                "Usernames are 1–30 characters of letters, digits, '.' and '_', with no leading, trailing or double dot.")
        }
        return name
    }

    /// At least 8 characters, at least 2 distinct character classes or 12+ characters, not a well-known password,
    /// and not the username.
    public static func password(_ password: String, username: String) throws(MosaicError) {
        let weak = MosaicError.unprocessable("weak_password",
            "Passwords need at least 8 characters, must not be a common password or contain the username.")
        guard password.count >= 8, password.utf8.count <= 1024 else { throw weak }
        let lower = password.lowercased()
        guard !commonPasswords.contains(lower), !lower.contains(username.lowercased()) else { throw weak }
        var classes = 0
        if password.contains(where: { $0.isLowercase }) { classes += 1 }
        if password.contains(where: { $0.isUppercase }) { classes += 1 }
        if password.contains(where: { $0.isNumber }) { classes += 1 }
        if password.contains(where: { !$0.isLetter && !$0.isNumber }) { classes += 1 }
        guard classes >= 2 || password.count >= 12, Set(password).count >= 4 else { throw weak }
    }

    static let commonPasswords: Set<String> = [
        "password", "password1", "password123", "12345678", "123456789", "1234567890", "qwertyuiop", "qwerty123",
        "iloveyou", "sunshine1", "princess1", "football", "baseball", "welcome1", "admin123", "letmein1",
        "abc12345", "passw0rd", "trustno1", "11111111", "00000000", "monkey123", "dragon123", "superman",
        "qwerty12", "1q2w3e4r", "zaq12wsx", "starwars", "whatever", "instagram", "mosaic123",
    ]

    public static func caption(_ text: String?) throws(MosaicError) -> String {
        let t = text ?? ""
        guard t.count <= maxCaptionLength else {
            throw .badRequest("caption_too_long", "Captions are at most \(maxCaptionLength) characters.")
        }
        return t
    }

    public static func text(_ text: String, field: String, max: Int, allowEmpty: Bool = false) throws(MosaicError) -> String {
        let t = text.trimmingWhitespace()
        if !allowEmpty && t.isEmpty { throw .unprocessable("invalid_\(field)", "\(field) must not be empty.") }
        guard t.count <= max else { throw .unprocessable("\(field)_too_long", "\(field) is at most \(max) characters.") }
        return t
    }

    /// Page size from `?limit=`: default 20, 1...100.
    public static func limit(_ raw: String?) throws(MosaicError) -> Int {
        guard let raw else { return PageRequest.defaultLimit }
        guard let n = Int(raw), n >= 1, n <= PageRequest.maxLimit else {
            throw .badRequest("invalid_limit", "limit must be an integer from 1 to \(PageRequest.maxLimit).")
        }
        return n
    }
}

extension String {
    public func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
