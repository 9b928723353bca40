import Classifier
@testable import Digest
import Foundation
import Testing

/// Story clustering on headlines written for these tests, where the right grouping is known:
/// paraphrases of one event by several outlets, and near misses that must stay apart (a second
/// launch the next day, talks with another partner the same day, a different event type), and
/// one event told in words that the classifier codes as two types.
@Suite("Story clustering")
struct StoryClusteringTests {
    /// (story, feed, hours after 09:00 on day one, label, type, actors, headline)
    static let reports: [(String, String, Double, Label, EventType, [String], String)] = [
        ("launch", "yonhap", 0, .provocation, .missileLaunch, ["KP"],
         "North Korea fires ballistic missile into East Sea, JCS says"),
        ("launch", "wire", 0.5, .provocation, .missileLaunch, ["KP"],
         "N. Korea launches ballistic missile off its east coast"),
        ("launch", "daily", 2, .provocation, .missileLaunch, ["KP"],
         "North Korea fired a ballistic missile toward the sea, South Korean military says"),
        ("launch", "tokyo", 3, .provocation, .missileLaunch, ["KP", "JP"],
         "Pyongyang test-fires ballistic missile; Japan says it fell outside its economic zone"),
        ("cruise", "yonhap", 30, .provocation, .missileLaunch, ["KP"],
         "North Korea fires several cruise missiles off west coast"),
        ("cruise", "wire", 31, .provocation, .missileLaunch, ["KP"],
         "N. Korea launches cruise missiles over Yellow Sea, military says"),
        ("drills", "yonhap", 1, .provocation, .militaryDrill, ["KR", "US"],
         "South Korea and US begin large-scale joint air drills"),
        ("drills", "wire", 4, .provocation, .militaryDrill, ["KR", "US"],
         "Seoul, Washington kick off combined air force exercise"),
        ("drills", "daily", 6, .provocation, .militaryDrill, ["US", "KR"],
         "US and South Korean air forces start joint drills involving stealth jets"),
        ("warning", "yonhap", 5, .provocation, .threat, ["KP"],
         "Kim Yo Jong warns of 'overwhelming' response to allied drills"),
        ("warning", "wire", 7, .provocation, .threat, ["KP"],
         "Kim Jong Un's sister threatens overwhelming action over joint exercises"),
        ("china-talks", "yonhap", 2, .diplomatic, .talks, ["KR", "CN"],
         "Chinese and South Korean foreign ministers hold talks in Beijing"),
        ("china-talks", "wire", 3, .diplomatic, .talks, ["KR", "CN"],
         "Seoul's top diplomat meets Wang Yi in Beijing for talks"),
        ("china-talks", "daily", 5, .diplomatic, .talks, ["CN", "KR"],
         "South Korea, China foreign ministers discuss peninsula in Beijing meeting"),
        ("us-talks", "wire", 4, .diplomatic, .talks, ["KR", "US"],
         "South Korean and US envoys hold talks in Washington"),
        ("council", "wire", 8, .diplomatic, .unAction, ["UN", "KP"],
         "UN Security Council meets over North Korean missile launch"),
        ("council", "daily", 9, .diplomatic, .unAction, ["UN", "KP"],
         "Security Council holds emergency session on Pyongyang launch"),
        ("sanctions", "wire", 6, .diplomatic, .sanctions, ["US", "KP"],
         "US imposes sanctions on North Korean IT workers"),
        ("sanctions", "daily", 10, .diplomatic, .sanctions, ["US", "KP"],
         "Treasury sanctions North Korea IT worker network"),
        ("summit", "tokyo", 1, .diplomatic, .summit, ["JP", "KR"],
         "Japan and South Korea leaders agree to expand cooperation at summit"),
        ("summit", "yonhap", 2, .diplomatic, .summit, ["KR", "JP"],
         "Yoon and Kishida hold summit, agree on shuttle diplomacy"),
        // One event that the outlets' words code as two types: still one story.
        ("protest", "wire", 11, .diplomatic, .diplomaticProtest, ["KR", "JP"],
         "Seoul protests Tokyo's defence white paper claim to Dokdo islets"),
        ("protest", "daily", 12, .diplomatic, .statement, ["KR", "JP"],
         "Seoul protests Tokyo defence white paper's claim over Dokdo"),
    ]

    static func items() -> [ClassifiedItem] {
        reports.enumerated().map { index, report in
            DigestFixtures.item(
                "\(report.1)-\(index)", feed: report.1, title: report.6, at: report.2 * 3600, labels: [report.3],
                types: [report.4], severity: report.3 == .provocation ? 3 : nil, actors: report.5)
        }
    }

    /// The story each item id belongs to, as the fixture says.
    static func expected() -> [String: String] {
        Dictionary(uniqueKeysWithValues: reports.enumerated().map { ("\($0.element.1)-\($0.offset)", $0.element.0) })
    }

    @Test("every fixture story comes out as one group, and no two fixture stories share a group")
    func exactGrouping() {
        let items = Self.items().sorted(by: DigestBuilder.chronological)
        let expected = Self.expected()
        var groups: [[String]] = []
        for label in [Label.provocation, .diplomatic] {
            groups += StoryClusterer(label: label).cluster(items).map { $0.map(\.item.item.id) }
        }
        let byStory = Dictionary(grouping: expected.keys, by: { expected[$0]! })
        #expect(groups.count == byStory.count, "\(groups)")
        for group in groups {
            let stories = Set(group.map { expected[$0]! })
            #expect(stories.count == 1, "mixed stories \(stories) in \(group)")
            if let story = stories.first { #expect(group.count == byStory[story]?.count, "\(story) split: \(group)") }
        }
    }

    @Test("pairwise precision and recall over the fixture are both 1")
    func pairwiseScores() {
        let items = Self.items().sorted(by: DigestBuilder.chronological)
        let expected = Self.expected()
        var predicted: [String: Int] = [:]
        var next = 0
        for label in [Label.provocation, .diplomatic] {
            for group in StoryClusterer(label: label).cluster(items) {
                for report in group { predicted[report.item.item.id] = next }
                next += 1
            }
        }
        let ids = expected.keys.sorted()
        var truePairs = 0, predictedPairs = 0, agreed = 0
        for (i, a) in ids.enumerated() {
            for b in ids[(i + 1)...] {
                let same = expected[a] == expected[b]
                let together = predicted[a] == predicted[b]
                if same { truePairs += 1 }
                if together { predictedPairs += 1 }
                if same && together { agreed += 1 }
            }
        }
        let precision = Double(agreed) / Double(max(predictedPairs, 1))
        let recall = Double(agreed) / Double(max(truePairs, 1))
        print("clustering fixture: \(truePairs) true pairs, precision \(precision), recall \(recall)")
        #expect(precision == 1 && recall == 1)
    }

    @Test("a retelling after midnight is a follow-up; a second launch later that day is its own story")
    func followUpAcrossDays() throws {
        let dayOne = Self.items()
        let retelling = DigestFixtures.item(
            "late-1", feed: "radio", title: "JCS: North Korea fires ballistic missile into East Sea", at: 17 * 3600,
            labels: [.provocation], types: [.missileLaunch], severity: 3, actors: ["KP"])
        let dayTwo = retelling.day
        #expect(dayTwo > dayOne[0].day, "02:00 the next day")
        let builder = DigestBuilder(timeZone: DigestFixtures.seoul, feeds: [])
        let digest = builder.build(day: dayTwo, items: [retelling] + dayOne.filter { $0.day == dayTwo },
                                   earlier: dayOne.filter { $0.day < dayTwo })
        let story = try #require(digest.provocations.first { $0.sources.contains { $0.id == "late-1" } })
        #expect(story.firstReported == dayOne[0].day)
        #expect(story.sources.map(\.id) == ["late-1"], "yesterday's reports stay in yesterday's digest")
        let cruise = try #require(digest.provocations.first { $0.title?.contains("cruise") == true })
        #expect(cruise.firstReported == nil && cruise.sources.count == 2, "the cruise launch is a story of its own")
    }

    @Test("an event first reported before midnight keeps all of the next day's reports in one story")
    func eventAcrossMidnight() throws {
        let today = Self.items()
        let evening = DigestFixtures.item(
            "eve", feed: "radio", title: "Breaking: launch detected from Pyongyang area", at: -10 * 3600,
            labels: [.provocation], types: [.missileLaunch], severity: 3, actors: ["KP"])
        let day = today[0].day
        #expect(evening.day < day, "23:00 the day before")
        let digest = DigestBuilder(timeZone: DigestFixtures.seoul, feeds: [])
            .build(day: day, items: today.filter { $0.day == day }, earlier: [evening])
        let launch = try #require(digest.provocations.first { $0.type == .missileLaunch })
        #expect(launch.sources.count == 4, "\(launch.sources.map(\.id))")
        #expect(launch.firstReported == evening.day)
        let drills = try #require(digest.provocations.first { $0.type == .militaryDrill })
        #expect(drills.firstReported == nil)
    }

    @Test("a story told only by updates of items first told days ago is a follow-up of the earliest of those days")
    func updatesAfterFinalDays() throws {
        let day = Self.items()[0].day
        var edited = DigestFixtures.item(
            "edit-1", feed: "radio", title: "North Korea fires two ballistic missiles into East Sea", at: -4 * 86_400,
            labels: [.provocation], types: [.missileLaunch], severity: 3, actors: ["KP"])
        edited.revision = 2
        edited.firstReported = edited.day
        var alsoEdited = DigestFixtures.item(
            "edit-2", feed: "tokyo", title: "North Korea fired two ballistic missiles, Japan says", at: -3 * 86_400,
            labels: [.provocation], types: [.missileLaunch], severity: 3, actors: ["KP", "JP"])
        alsoEdited.revision = 3
        alsoEdited.firstReported = alsoEdited.day
        #expect(edited.day < alsoEdited.day && alsoEdited.day < day)
        let builder = DigestBuilder(timeZone: DigestFixtures.seoul, feeds: [])

        let alone = builder.build(day: day, items: [edited, alsoEdited])
        let story = try #require(alone.provocations.first)
        #expect(alone.provocations.count == 1 && story.sources.count == 2, "\(alone.provocations.map(\.sources))")
        #expect(story.firstReported == edited.firstReported, "the earlier of the two first tellings")

        // Beside a first telling of the same launch that comes only now (from a feed added since,
        // say), the edit is part of a story that is news today.
        let late = DigestFixtures.item(
            "late-1", feed: "wire", title: "N. Korea launches two ballistic missiles off its east coast",
            at: -4 * 86_400 + 1_800, labels: [.provocation], types: [.missileLaunch], severity: 3, actors: ["KP"])
        let mixed = builder.build(day: day, items: [edited, late])
        let launch = try #require(mixed.provocations.first)
        #expect(launch.sources.count == 2 && launch.firstReported == nil, "\(mixed.provocations.map(\.sources))")

        // An update of an item of the same day is news like any other.
        var sameDay = edited
        sameDay.firstReported = nil
        #expect(builder.build(day: day, items: [sameDay]).provocations.first?.firstReported == nil)
    }

    @Test("the story is the same whatever order the items arrive in")
    func orderIndependent() {
        let builder = DigestBuilder(timeZone: DigestFixtures.seoul, feeds: [])
        let items = Self.items()
        let day = items[0].day
        let reference = builder.build(day: day, items: items)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5 {
            #expect(builder.build(day: day, items: items.shuffled(using: &generator)) == reference)
        }
    }

    @Test("shingles forgive inflections and keep unrelated headlines apart")
    func shingles() {
        let launch = TitleShingles("North Korea fires missiles")
        #expect(launch.similarity(to: TitleShingles("North Korea fired a missile")) > 0.5)
        #expect(launch.similarity(to: TitleShingles("Foreign ministers hold talks in Beijing")) < 0.05)
        #expect(TitleShingles("").similarity(to: launch) == 0)
        #expect(launch.similarity(to: launch) == 1)
    }
}
