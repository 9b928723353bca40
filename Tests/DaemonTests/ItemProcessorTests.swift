import Classifier
@testable import Daemon
import Digest
import Feed
@testable import Fetcher
import Foundation
import Inbox
import InMemoryLogging
import Logging
import Testing
import TestSupport

/// The day a worker files an item on, and what an update carries when the digest of its item's
/// first telling is already final.
@Suite("Item processing")
struct ItemProcessorTests {
    let root = ScratchFolder.path("item-processor")
    let utc = TimeZone(identifier: "UTC")!

    /// Classifies one envelope through a real inbox and returns the record the worker made.
    private func record(of envelope: InboxEnvelope) throws -> ClassifiedItem {
        let inbox = try FileInbox(directory: root + "/inbox", resultsDirectory: root + "/classified")
        let id = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        _ = try inbox.enqueue([InboxItem(id: id, payload: envelope.encoded())])
        let claim = try #require(try inbox.claim())
        let knowledge = try Knowledge.load(
            directory: URL(fileURLWithPath: WorkerPoolDrainTests.repository + "/config/classifier"))
        let processor = ItemProcessor(
            inbox: inbox, classifier: Reloadable(Classifier(knowledge: knowledge, focus: [])),
            calendar: DigestCalendar(timeZone: utc, graceHours: 6),
            logger: Logger(label: "test") { _ in InMemoryLogHandler() })
        guard case .ready(let completion, _, _) = processor.prepare(claim) else {
            Issue.record("the item was not classified")
            throw CancellationError()
        }
        try inbox.completeAll([completion])
        return try ClassifiedItem.decode(Data(completion.result))
    }

    private func envelope(publishedDaysAgo days: Double, revision: Int?) -> InboxEnvelope {
        let then = Date().addingTimeInterval(-days * 86_400)
        let item = FeedItem(
            id: "0123456789abcdef0123456789abcdef", feed: "wire", idRule: .guid,
            title: "Envoys hold talks in Geneva", link: "https://example.org/talks", published: then)
        var envelope = InboxEnvelope(
            feedTitle: "Wire", firstSeen: then, item: item,
            provenance: .init(requestedURL: "http://127.0.0.1/f", effectiveURL: "http://127.0.0.1/f", status: 200,
                              fetchedAt: Date(), bodySHA256: "", format: "rss20", parser: "test"))
        envelope.revision = revision
        return envelope
    }

    @Test("an update of an item whose day is final joins today and names the day of its first telling")
    func updateAfterFinalDay() throws {
        let calendar = DigestCalendar(timeZone: utc, graceHours: 6)
        let record = try record(of: envelope(publishedDaysAgo: 5, revision: 2))
        #expect(record.day == calendar.firstOpenDay(at: Date()), "a final day never changes")
        let firstDay = calendar.day(of: Date().addingTimeInterval(-5 * 86_400))
        #expect(record.firstReported == firstDay)
        #expect(record.revision == 2)
    }

    @Test("a late first telling and an update on a day still open carry no earlier day")
    func noEarlierDay() throws {
        let late = try record(of: envelope(publishedDaysAgo: 5, revision: nil))
        #expect(late.firstReported == nil, "a late item is news, shown with its own date")
        let fresh = try record(of: envelope(publishedDaysAgo: 0, revision: 3))
        #expect(fresh.firstReported == nil, "the update replaces its first telling on that day's digest")
        #expect(fresh.day == DigestCalendar(timeZone: utc, graceHours: 6).day(of: Date()))
    }
}
