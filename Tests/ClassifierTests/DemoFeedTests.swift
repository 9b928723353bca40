import Testing

@testable import Classifier

/// The ten invented items of config/demo/demo-feed.xml, typed in, against the shipped knowledge.
/// The end-to-end demo expects exactly these labels (other types may come along).
@Suite("Demo feed expectations")
struct DemoFeedTests {
    struct Item: Sendable, CustomTestStringConvertible {
        var guid: String
        var title: String
        var summary: String
        var labels: [Label]
        var type: EventType?
        var testDescription: String { guid }
    }

    static let items: [Item] = [
        Item(
            guid: "demo-0001", title: "North Korea fires ballistic missile into the East Sea, Seoul says",
            summary: "North Korea launched a short-range ballistic missile from near Pyongyang early on Tuesday, "
                + "South Korea's Joint Chiefs of Staff said, the first launch in three weeks.",
            labels: [.provocation], type: .missileLaunch),
        Item(
            guid: "demo-0002", title: "UN Security Council to meet on Pyongyang's latest launch",
            summary: "Members of the UN Security Council agreed to hold an emergency meeting on Wednesday after the "
                + "launch, diplomats said.",
            labels: [.diplomatic], type: .unAction),
        Item(
            guid: "demo-0003", title: "US envoy arrives in Seoul for talks on North Korea",
            summary: "The US special representative for North Korea arrived in Seoul on Monday for talks with his "
                + "South Korean counterpart on resuming dialogue with Pyongyang.",
            labels: [.diplomatic], type: .envoyVisit),
        Item(
            guid: "demo-0004", title: "South Korea and US begin joint military drills",
            summary: "Thousands of South Korean and American troops started a ten-day joint military exercise on "
                + "Monday, including live-fire training near the border.",
            labels: [.provocation], type: .militaryDrill),
        Item(
            guid: "demo-0005", title: "Japan imposes new sanctions on North Korean shipping firms",
            summary: "Tokyo froze the assets of four shipping companies accused of helping Pyongyang evade UN "
                + "sanctions, the foreign ministry said on Friday.",
            labels: [.diplomatic], type: .sanctions),
        Item(
            guid: "demo-0006", title: "Kim Yo Jong threatens 'overwhelming' military response to drills",
            summary: "The sister of North Korean leader Kim Jong Un threatened to strike back with overwhelming force "
                + "if the allies go ahead with the exercises, state media reported.",
            labels: [.provocation], type: .threat),
        Item(
            guid: "demo-0007", title: "China and South Korea agree to restart foreign ministers' dialogue",
            summary: "Beijing and Seoul agreed on Thursday to hold regular meetings of their foreign ministers again "
                + "after a pause of two years.",
            labels: [.diplomatic], type: .agreement),
        Item(
            guid: "demo-0008", title: "North Korea denies reports of a new satellite launch",
            summary: "Pyongyang's foreign ministry rejected as false the reports that it had launched a "
                + "reconnaissance satellite, and no launch was detected by Seoul.",
            labels: [], type: nil),
        Item(
            guid: "demo-0009", title: "Seoul marks the anniversary of the 2010 Yeonpyeong shelling",
            summary: "Officials laid wreaths on the island to remember the marines and civilians killed when North "
                + "Korean artillery shelled it in 2010.",
            labels: [], type: nil),
        Item(
            guid: "demo-0010", title: "Kimchi exports reach a record as overseas demand grows",
            summary: "South Korean kimchi exports rose for the fifth straight year, led by shipments to the United "
                + "States and Japan, trade data showed.",
            labels: [], type: nil),
    ]

    @Test("each demo item gets the expected labels and type", arguments: items)
    func demoItem(item: Item) {
        let result = Fixtures.classify(item.title, item.summary)
        #expect(result.labels == item.labels, "\(item.guid): \(result.evidence)")
        if let type = item.type {
            #expect(result.types.contains(type), "\(item.guid): \(result.types)")
        } else {
            #expect(result.types.isEmpty, "\(item.guid): \(result.types)")
        }
    }

    @Test("the denial and the anniversary are explained by suppressed matches")
    func suppressedExplained() throws {
        let denial = Fixtures.classify(Self.items[7].title, Self.items[7].summary)
        #expect(denial.suppressed.contains { $0.rule == "denial" && $0.type == .satelliteLaunch })
        let anniversary = Fixtures.classify(Self.items[8].title, Self.items[8].summary)
        #expect(anniversary.suppressed.contains { $0.rule == "anniversary" })
    }

    @Test("the missile launch carries actors, focus, severity and evidence")
    func launchDetails() {
        let result = Fixtures.classify(Self.items[0].title, Self.items[0].summary)
        #expect(result.actors == ["KP", "KR"])
        #expect(result.focus)
        #expect(result.severity == 3)
        #expect(result.evidence.contains { $0.type == .missileLaunch && $0.text == "fires ballistic missile" })
        #expect((result.confidence["provocation"] ?? 0) > 0.9)
    }
}
