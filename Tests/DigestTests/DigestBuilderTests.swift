import Classifier
import Digest
import Foundation
import Testing

@Suite("Digest builder")
struct DigestBuilderTests {
    typealias F = DigestFixtures

    let builder = DigestBuilder(
        timeZone: DigestFixtures.seoul,
        feeds: [.init(name: "wire", title: "WIRE News"), .init(name: "quiet", title: "Quiet Times"),
                .init(name: "broken", title: "Broken Feed", lastError: "HTTP 500")]
    )

    @Test("labelled items become stories under their label; unlabelled focus items are listed apart")
    func sections() {
        let digest = builder.build(day: "2026-03-04", items: [
            F.item("m1", title: "Missile fired into the sea", labels: [.provocation], types: [.missileLaunch], severity: 3, actors: ["KP"], focus: true),
            F.item("t1", title: "Envoys hold talks in Geneva", at: 60, labels: [.diplomatic], types: [.talks], actors: ["US", "KP"]),
            F.item("o1", title: "Pyongyang opens a new hospital", at: 120, actors: ["KP"], focus: true),
            F.item("o2", title: "Football results", at: 180),
        ])
        #expect(digest.counts == .init(provocations: 1, diplomatic: 1, other: 2))
        #expect(digest.provocations.map(\.type) == [.missileLaunch])
        #expect(digest.diplomatic.map(\.type) == [.talks])
        #expect(digest.focusOther.map(\.id) == ["o1"])
        #expect(digest.itemCount == 4)
        #expect(digest.version == Digest.schemaVersion)
    }

    @Test("an item with both labels appears in both sections")
    func bothLabels() {
        let digest = builder.build(day: "2026-03-04", items: [
            F.item("b1", title: "Launch draws emergency Security Council meeting",
                   labels: [.provocation, .diplomatic], types: [.missileLaunch, .unAction], severity: 3),
        ])
        #expect(digest.provocations.first?.sources.map(\.id) == ["b1"])
        #expect(digest.diplomatic.first?.type == .unAction)
        #expect(digest.diplomatic.first?.severity == nil)
    }

    @Test("reports of one event from several feeds form one story with every source")
    func clustering() {
        let digest = builder.build(day: "2026-03-04", items: [
            F.item("a", feed: "wire", title: "North Korea fires ballistic missile toward East Sea",
                   labels: [.provocation], types: [.missileLaunch], severity: 3, actors: ["KP"]),
            F.item("b", feed: "other", title: "North Korea fires ballistic missile, Seoul military says", at: 600,
                   labels: [.provocation], types: [.missileLaunch], severity: 4, actors: ["KP", "KR"]),
            F.item("c", feed: "wire", title: "Artillery drills held near the border", at: 900,
                   labels: [.provocation], types: [.artilleryFire], severity: 2, actors: ["KP"]),
        ])
        #expect(digest.provocations.count == 2)
        let missile = digest.provocations[0]
        #expect(missile.sources.map(\.id) == ["a", "b"])
        #expect(missile.severity == 4)
        #expect(missile.actors == ["KP", "KR"])
        #expect(digest.counts.provocations == 2)
    }

    @Test("different events of the same type stay apart")
    func noFalseMerge() {
        let digest = builder.build(day: "2026-03-04", items: [
            F.item("x", title: "Japan and Australia sign defence pact", labels: [.diplomatic], types: [.agreement], actors: ["JP", "AU"]),
            F.item("y", title: "Brazil and Argentina sign trade deal", labels: [.diplomatic], types: [.agreement], actors: ["BR", "AR"]),
        ])
        #expect(digest.diplomatic.count == 2)
    }

    @Test("a story is headed by its most specific event type")
    func mainType() {
        let digest = builder.build(day: "2026-03-04", items: [
            F.item("s", title: "Security Council to meet", labels: [.diplomatic], types: [.talks, .statement, .unAction]),
        ])
        #expect(digest.diplomatic.first?.type == .unAction)
        #expect(digest.diplomatic.first?.types == [.unAction, .talks, .statement])
    }

    @Test("provocations are ordered most severe first")
    func severityOrder() {
        let digest = builder.build(day: "2026-03-04", items: [
            F.item("low", title: "Drills begin", labels: [.provocation], types: [.militaryDrill], severity: 2),
            F.item("high", title: "ICBM launched", at: 60, labels: [.provocation], types: [.missileLaunch], severity: 5),
        ])
        #expect(digest.provocations.map { $0.sources[0].id } == ["high", "low"])
    }

    @Test("feed health says which feeds were quiet and which failed")
    func feedHealth() {
        let digest = builder.build(day: "2026-03-04", items: [F.item("z", title: "Anything")])
        let status: [String: String] = Dictionary(uniqueKeysWithValues: digest.feeds.map { ($0.name, $0.status) })
        let expected: [String: String] = ["wire": "ok", "quiet": "quiet", "broken": "failing"]
        #expect(status == expected)
    }

    @Test("the same items in any order give the same digest")
    func deterministic() {
        var items: [ClassifiedItem] = []
        for index in 0..<20 {
            let labelled = index % 2 == 0
            let labels: [Label] = labelled ? [.diplomatic] : []
            let types: [EventType] = labelled ? [.talks] : []
            let offset = Double(index % 5) * 60
            items.append(F.item("i\(index)", title: "Item \(index) about talks", at: offset, labels: labels, types: types))
        }
        let first = builder.build(day: "2026-03-04", items: items)
        let second = builder.build(day: "2026-03-04", items: items.reversed())
        #expect(first == second)
    }

    @Test("an updated item replaces its earlier version")
    func updates() {
        var later = F.item("u", title: "Talks postponed", labels: [.diplomatic], types: [.talks])
        later.firstSeen = later.firstSeen.addingTimeInterval(3600)
        let earlier = F.item("u", title: "Talks planned", labels: [.diplomatic], types: [.talks])
        let digest = builder.build(day: "2026-03-04", items: [later, earlier])
        #expect(digest.itemCount == 1)
        #expect(digest.diplomatic.first?.title == "Talks postponed")
    }
}
