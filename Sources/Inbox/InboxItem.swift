/// One unit of work in the queue: an opaque payload under a stable id.
///
/// The id is the file name in the queue, so delivering the same id twice cannot create two
/// ready items. Ids must be non-empty and made of letters, digits, `-` and `_`.
public struct InboxItem: Sendable, Equatable {
    public var id: String
    public var payload: [UInt8]

    public init(id: String, payload: [UInt8]) {
        self.id = id
        self.payload = payload
    }

    /// Whether `id` can name a queue file.
    public static func isValidID(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 128
            && id.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a)
                    || byte == 0x2d || byte == 0x5f
            }
    }
}
