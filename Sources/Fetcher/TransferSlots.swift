/// Bounds the transfers in flight to one host, apart from the work that follows them.
///
/// A fetch is a transfer (the request and the body) and then the work on what it brought (the
/// body hashed and parsed, the remembered ids read, the items and the feed state made durable,
/// each waiting for a group commit). Only the transfer concerns the host; holding its
/// slot through the disk waits would leave the connection idle for them, and on a distant host
/// the round would pay the network's wait and the disk's one after the other. So a round keeps
/// more feeds in progress than it has slots, and a feed takes a slot for its transfer alone.
actor TransferSlots {
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(_ count: Int) {
        free = max(1, count)
    }

    /// Waits for a free slot and takes it; slots are handed out in the order they were asked for.
    func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Gives a slot back: to the longest waiting feed if there is one.
    func release() {
        if waiting.isEmpty {
            free += 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
