import Testing

@testable import Classifier

/// The edge rules of the project's labelling rule, each checked with sentences written for these tests.
@Suite("Labelling edge rules")
struct EdgeRuleTests {
    private func check(
        _ title: String, _ summary: String = "", labels: [Label], has types: [EventType] = [],
        lacks absent: [EventType] = [], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let result = Fixtures.classify(title, summary)
        #expect(result.labels == labels, "\(title) -> \(result.evidence)", sourceLocation: sourceLocation)
        for type in types {
            #expect(
                result.types.contains(type), "\(title): \(type) missing in \(result.types)",
                sourceLocation: sourceLocation)
        }
        for type in absent {
            #expect(
                !result.types.contains(type), "\(title): \(type) in \(result.types)", sourceLocation: sourceLocation)
        }
    }

    @Test("a threat of force is a provocation")
    func threats() {
        check("Pyongyang threatens to strike US bases in Guam", labels: [.provocation], has: [.threat])
        check("Iranian commander vows crushing retaliation against Israel", labels: [.provocation], has: [.threat])
        check("Kim Yo Jong warns Seoul of a nuclear response to new drills", labels: [.provocation], has: [.threat])
        check(
            "Russia threatens to hit Western ships heading to Ukrainian ports", labels: [.provocation], has: [.threat])
    }

    @Test("a condemnation, a warning of consequences or a call to stop is diplomatic")
    func condemnations() {
        check("Japan condemns North Korea over its weapons programme", labels: [.diplomatic], has: [.statement])
        check("Seoul warns Pyongyang of consequences over trash balloons", labels: [.diplomatic], has: [.statement])
        check("EU urges Russia to halt attacks on Ukrainian power plants", labels: [.diplomatic], has: [.statement])
        check("Beijing calls on Manila to stop provocations in the South China Sea", labels: [.diplomatic])
    }

    @Test("a denial, a refuted rumour or no launch detected reports no act")
    func denials() {
        check("Pyongyang denies launching a missile over the weekend", labels: [])
        check("Kremlin dismisses reports of a drone strike on Moscow as fabricated", labels: [])
        check(
            "Japanese broadcaster withdraws missile story",
            "South Korea's military said it detected no launch and no missile was fired.", labels: [])
        check("Tokyo says reports of a Chinese warship entering its waters were false", labels: [])
    }

    @Test("anniversaries, commemorations and retrospectives are not new acts")
    func anniversaries() {
        check("Seoul commemorates the anniversary of the 2010 artillery attack on Yeonpyeong", labels: [])
        check("Veterans remember the 1968 commando raid on the presidential palace", labels: [])
        check("Ten years after its fourth nuclear test, the mountain site lies quiet", labels: [])
        check("North Korea celebrates the anniversary of its first satellite launch", labels: [])
    }

    @Test("sanctions, punitive tariffs and export bans are diplomatic sanctions")
    func sanctions() {
        check("Britain imposes sanctions on Iranian drone makers", labels: [.diplomatic], has: [.sanctions])
        check("China slaps an export ban on rare earths bound for Japan", labels: [.diplomatic], has: [.sanctions])
        check("Washington imposes 25% tariffs on Mexican steel", labels: [.diplomatic], has: [.sanctions])
        check("US Treasury sanctions 12 North Korean shipping firms", labels: [.diplomatic], has: [.sanctions])
    }

    @Test("a threat of sanctions is a statement; trade talks and deals are talks and agreements")
    func threatsOfSanctions() {
        check("Trump threatens new tariffs on Brazil", labels: [.diplomatic], has: [.statement], lacks: [.sanctions])
        check("EU warns it could sanction Belarus over migrant flights", labels: [.diplomatic], has: [.statement],
              lacks: [.sanctions])
        check("Japan and the US hold trade talks in Washington", labels: [.diplomatic], has: [.talks])
        check("India and Britain sign a free trade agreement", labels: [.diplomatic], has: [.agreement])
    }

    @Test("arms transfers and military aid are aid")
    func armsTransfers() {
        check("Germany sends more air defence systems to Ukraine", labels: [.diplomatic], has: [.aid])
        check("US approves a $2 billion arms sale to Taiwan", labels: [.diplomatic], has: [.aid])
        check("North Korea supplied millions of artillery shells to Russia, Seoul says", labels: [.diplomatic],
              has: [.aid])
    }

    @Test("sending troops is a deployment unless they go at the host's request to train")
    func troops() {
        check("Russia sends troops to the Belarus border", labels: [.provocation], has: [.deployment])
        check("Britain deploys two warships to the Red Sea", labels: [.provocation], has: [.deployment])
        check(
            "US sends 100 soldiers to the Philippines",
            "The troops will train local forces at Manila's request and will not see combat.",
            labels: [.diplomatic], has: [.aid], lacks: [.deployment])
    }

    @Test("a cause dated within a day is new; an old or merely recent act is background")
    func recency() {
        check(
            "Japan and South Korea hold security talks",
            "The meeting follows North Korea's missile launch last month.", labels: [.diplomatic], has: [.talks])
        check("Seoul recalls the previous nuclear test as envoys meet in Tokyo", labels: [.diplomatic])
        check("North Korea fired two ballistic missiles on Tuesday, Seoul said", labels: [.provocation])
        check(
            "Officials disclose Chinese hacking of US agency",
            "Hackers linked to China breached the agency's email, officials disclosed on Friday.",
            labels: [.provocation], has: [.cyberattack])
    }

    @Test("domestic politics, police, courts, business and sport stay unlabelled")
    func domestic() {
        check("Police arrest protest leaders in Seoul", labels: [])
        check("Japan's parliament passes a record budget", labels: [])
        check("Seoul court sentences former president to life in prison", labels: [])
        check("Samsung in talks to buy German robotics firm", labels: [])
        check("Rail workers strike across Britain", labels: [])
        check("Firefighters battle wildfire near Tokyo", labels: [])
        check("South Korea beats Japan 3-1 in the Asian Cup final", labels: [])
        check("Apple launches new iPhone in China", labels: [])
    }

    @Test("a court acting on another state counts")
    func courtOnState() {
        check("Dutch court orders the freezing of Russian state assets", labels: [.diplomatic], has: [.sanctions])
    }

    @Test("reported speech is fine: state media saying it fired means it fired")
    func reportedSpeech() {
        check("KCNA says the North test-fired a new cruise missile", labels: [.provocation], has: [.missileLaunch])
    }

    @Test("the seed example, in our own words, is diplomatic only")
    func seedExample() {
        let result = Fixtures.classify(
            "Washington presses Beijing to plug gaps in North Korea sanctions",
            "On a visit to Seoul, the US special envoy met his South Korean counterpart and said China must do "
                + "more to close loopholes in the sanctions, which followed the North's nuclear tests and a string "
                + "of rocket launches since 2016."
        )
        #expect(result.labels == [.diplomatic], "\(result.evidence) \(result.suppressed)")
        #expect(Set(result.types).isSuperset(of: [.envoyVisit, .statement, .sanctions]), "\(result.types)")
        #expect(!result.suppressed.isEmpty)
    }
}
