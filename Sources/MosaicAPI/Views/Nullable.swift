/// An optional that is written as JSON `null` instead of being left out: the contract promises keys such as
/// `next_cursor` and `parent_id` are always present.
@propertyWrapper
struct Nullable<T: Encodable & Sendable>: Encodable, Sendable {
    var wrappedValue: T?
    init(wrappedValue: T?) { self.wrappedValue = wrappedValue }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        if let v = wrappedValue { try c.encode(v) } else { try c.encodeNil() }
    }
}
