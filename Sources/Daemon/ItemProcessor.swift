import Classifier
import Digest
import Foundation
import Inbox
import Logging

/// Turns one claimed inbox item into its classified record and completes it.
struct ItemProcessor: Sendable {
    let inbox: any Inbox
    let classifier: Classifier
    let timeZone: TimeZone
    let logger: Logger

    /// Processes `claim`; returns the digest day it was stored under, or nil when it failed.
    func process(_ claim: Claim) -> String? {
        var logger = logger
        logger[metadataKey: "item.id"] = "\(claim.id)"
        let envelope: InboxEnvelope
        do {
            envelope = try InboxEnvelope.decode(claim.payload)
        } catch {
            // Retrying cannot fix bytes that are not an envelope.
            logger.error("inbox item is not readable; moved to the dead letters", metadata: ["error": "\(error)"])
            try? inbox.fail(claim, reason: "not a valid inbox item: \(error)", permanent: true)
            return nil
        }
        let item = envelope.item
        let classification = classifier.classify(title: item.title ?? "", summary: item.summary ?? "")
        let day = DigestDay.of(item.published ?? envelope.firstSeen, in: timeZone)
        let record = ClassifiedItem(
            item: item, feedTitle: envelope.feedTitle, firstSeen: envelope.firstSeen, day: day,
            classification: classification
        )
        do {
            try inbox.complete(claim, result: Array(try record.encoded()), bucket: day)
        } catch {
            logger.error("cannot store a classified item; it will be retried", metadata: ["error": "\(error)"])
            try? inbox.fail(claim, reason: "cannot store the result: \(error)", permanent: false)
            return nil
        }
        logger.debug("item classified", metadata: [
            "item.labels": "\(classification.labels.map(\.rawValue).joined(separator: ","))",
            "item.day": "\(day)",
        ])
        return day
    }
}
