/// A set of event types as bits: membership is a shift and a mask, with no hashing.
///
/// Modality and severity rules ask "does this rule look at this type?" for every event of every
/// item; a `Set<EventType>` answers by hashing the type each time.
struct EventTypeSet: Sendable, Equatable {
    private var bits: UInt64 = 0

    init() {}

    init(_ types: some Sequence<EventType>) {
        for type in types { insert(type) }
    }

    mutating func insert(_ type: EventType) {
        bits |= 1 << UInt64(type.order)
    }

    func contains(_ type: EventType) -> Bool {
        bits & (1 << UInt64(type.order)) != 0
    }
}
