import Classifier
import Digest
import Fetcher
import Foundation
import Inbox
import Logging

/// Turns claimed inbox items into classified records and completes them, a batch at a time.
struct ItemProcessor: Sendable {
    let inbox: any Inbox
    /// Replaced when the daemon reloads its configuration and knowledge.
    let classifier: Reloadable<Classifier>
    /// Places each item on its digest day.
    let calendar: DigestCalendar
    let logger: Logger
    /// Shared with the fetcher: a full disk is said once, not once per batch.
    var diskSpace: DiskSpaceAlarm?

    /// How processing ended, when it did not end with the item stored.
    enum Outcome: Sendable, Equatable {
        /// The item itself is at fault; it was returned for a retry or dead-lettered.
        case failed
        /// Storage failed through no fault of the item (a full disk, say); the item was put
        /// back without counting the attempt, and the worker should pause.
        case storageTrouble
        /// The inbox refuses all work after a failed fsync; the process must restart.
        case broken(String)
    }

    /// An item classified and ready to complete, or what became of it.
    enum Prepared {
        /// `labels` are the item's labels in metric form (`none` when it has neither).
        case ready(Completion, day: String, labels: [String])
        case finished(Outcome)
    }

    /// Classifies one claimed item into its record; an item that cannot be read or encoded is
    /// settled at once (dead-lettered) and reported as finished.
    func prepare(_ claim: Claim) -> Prepared {
        var logger = logger
        logger[metadataKey: "item.id"] = "\(claim.id)"
        let envelope: InboxEnvelope
        do {
            envelope = try InboxEnvelope.decode(claim.payload)
        } catch {
            // Retrying cannot fix bytes that are not an envelope.
            logger.error("inbox item is not readable; moving it to the dead letters", metadata: ["error": "\(error)"])
            return .finished(settle { () throws(InboxError) in
                try inbox.fail(claim, reason: "not a valid inbox item: \(error)", permanent: true)
            } ?? .failed)
        }
        let item = envelope.item
        let classification = classifier.value.classify(title: item.title ?? "", summary: item.summary ?? "")
        let placement = Self.placement(of: envelope)
        let day = calendar.placement(of: placement, at: Date())
        // An update whose first telling's day is final by now joins a later day; the day of
        // that first telling goes with it, so the digest shows a follow-up, not news.
        let firstDay = envelope.revision == nil ? nil : calendar.placement(of: placement, at: envelope.firstSeen)
        let record = ClassifiedItem(
            item: item, feedTitle: envelope.feedTitle, firstSeen: envelope.firstSeen, day: day,
            classification: classification, revision: envelope.revision,
            firstReported: firstDay.flatMap { $0 < day ? $0 : nil }
        )
        let bytes: [UInt8]
        do {
            bytes = Array(try record.encoded())
        } catch {
            logger.error(
                "cannot encode a classified item; moving it to the dead letters", metadata: ["error": "\(error)"])
            return .finished(settle { () throws(InboxError) in
                try inbox.fail(claim, reason: "cannot encode: \(error)", permanent: true)
            } ?? .failed)
        }
        logger.debug("item classified", metadata: [
            "item.labels": "\(classification.labels.map(\.rawValue).joined(separator: ","))", "item.day": "\(day)",
        ])
        let labels = classification.labels.isEmpty ? ["none"] : classification.labels.map(\.rawValue)
        return .ready(Completion(claim: claim, result: bytes, bucket: day), day: day, labels: labels)
    }

    /// Stores the records of a batch with shared fsyncs and retires their claims; on a storage
    /// failure every claim of the batch goes back unprocessed.
    func complete(_ batch: [Completion]) -> Outcome? {
        guard !batch.isEmpty else { return nil }
        do {
            try inbox.completeAll(batch)
            diskSpace?.noteSuccess()
            return nil
        } catch where error.code == .broken {
            return .broken("\(error)")
        } catch {
            if diskSpace?.noteFailure(error, storing: "\(batch.count) classified items") != true {
                logger.error("cannot store classified items; returning them and pausing", metadata: [
                    "error": "\(error)", "items": "\(batch.count)",
                ])
            }
            return release(batch.map(\.claim)) ?? .storageTrouble
        }
    }

    /// The time that decides an item's digest day: the feed's date, unless the feed gave none
    /// or dated it after the moment it was first seen (a typo of a year would otherwise file it
    /// years ahead), in which case the moment it was first seen.
    static func placement(of envelope: InboxEnvelope) -> Date {
        guard let published = envelope.item.published, published <= envelope.firstSeen.addingTimeInterval(600) else {
            return envelope.firstSeen
        }
        return published
    }

    /// Returns claims unprocessed, without counting an attempt; nil when that worked, else what
    /// to report.
    func release(_ claims: some Collection<Claim>) -> Outcome? {
        for claim in claims {
            if let outcome = settle({ () throws(InboxError) in try inbox.release(claim) }) { return outcome }
        }
        return nil
    }

    /// Runs a queue operation that returns a claim; nil when it worked, else what to report.
    private func settle(_ operation: () throws(InboxError) -> Void) -> Outcome? {
        do {
            try operation()
            return nil
        } catch where error.code == .broken {
            return .broken("\(error)")
        } catch {
            logger.error("cannot return an item to the inbox; recovery will", metadata: ["error": "\(error)"])
            return .storageTrouble
        }
    }
}
