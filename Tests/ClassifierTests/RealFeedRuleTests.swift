import Testing

@testable import Classifier

/// Rules added for real feeds, where most items are neither label and the words of war and
/// diplomacy turn up in analysis, features and domestic news. One test per rule category.
@Suite("Rules for real feeds")
struct RealFeedRuleTests {
    @Test("a name plus 'strikes' or 'attack' alone heads analysis too: it needs a second witness")
    func nameAndAttackAlone() {
        #expect(Fixtures.classify("Iranian Attacks Reshape Shipping Insurance Markets").labels.isEmpty)
        #expect(Fixtures.classify("Iranian strikes kill 12 in Israeli port city").labels == [.provocation])
    }

    @Test("a state doing the attacking is a clause, not a noun phrase", arguments: [
        "Russia Stepped Up Attacks on Kharkiv Overnight",
        "Israel struck military sites near Damascus",
        "Power plant hit in Russian drone attack on Odesa",
    ])
    func attackClauses(title: String) {
        let result = Fixtures.classify(title)
        #expect(result.labels == [.provocation])
        #expect(result.types == [.seizureOrAttack])
    }

    @Test("an event behind 'before' or in a 'why' headline is background")
    func backgroundAndFeatures() {
        #expect(Fixtures.classify("Why an Israeli Strike on Iran Still Haunts Tehran").labels.isEmpty)
        let before = Fixtures.classify(
            "Seoul had proposed talks", "Seoul had proposed talks before North Korea's missile launch.")
        #expect(!before.labels.contains(.provocation))
        let with = Fixtures.classify(
            "Seoul had proposed talks", "Seoul had proposed talks with North Korea's missile launch.")
        #expect(with.labels.contains(.provocation), "the same words without 'before' are a launch")
    }

    @Test("a foreign ministry spokesperson or a diplomat speaks for the government")
    func diplomaticVoices() {
        let spokesperson = Fixtures.classify(
            "Damascus answers Israel", "Syria's foreign ministry spokesperson warned Israel against further raids.")
        #expect(spokesperson.labels == [.diplomatic])
        #expect(spokesperson.types == [.statement])
        let diplomat = Fixtures.classify("Peace in Ukraine needs Russian guarantees, senior diplomat says")
        #expect(diplomat.labels == [.diplomatic])
    }

    @Test("a military spokesman reporting a launch is attribution, not a statement")
    func militarySpokesman() {
        let result = Fixtures.classify(
            "North Korea fires missile",
            "North Korea fired a ballistic missile, a South Korean military spokesman said.")
        #expect(result.labels == [.provocation])
    }

    @Test("a leader flying to another state is a visit")
    func leaderTravel() {
        let result = Fixtures.classify("Modi Flies to Tokyo for Security Talks")
        #expect(result.labels == [.diplomatic])
        #expect(result.types.contains(.envoyVisit))
    }

    @Test("sanctions on a state's companies, named or not, are sanctions")
    func sanctionsOnCompanies() {
        let result = Fixtures.classify("Japan sanctions three Chinese companies over drone exports to Russia")
        #expect(result.labels == [.diplomatic])
        #expect(result.types == [.sanctions])
    }

    @Test("a planned trip and a deal that would free prisoners report no act yet", arguments: [
        "Peru's trade minister plans Korea trip",
        "A truce that would release prisoners is being discussed by Iran and Iraq",
    ])
    func plansAndConditionals(title: String) {
        #expect(Fixtures.classify(title).labels.isEmpty)
    }

    @Test("citizens' groups meeting or visiting across a border are not statecraft", arguments: [
        "Pupils' Summer Camp Groups of Mongolia and Vietnam Meet in Ulaanbaatar",
        "Youth Delegation of Cuba Arrives in Hanoi for Talks with Vietnamese Students",
    ])
    func civilSociety(title: String) {
        #expect(Fixtures.classify(title).labels.isEmpty)
    }

    @Test("the same words between governments stay diplomatic", arguments: [
        "Foreign Ministers of Mongolia and Vietnam Meet in Ulaanbaatar",
        "Cuban Foreign Minister Visits Vietnam",
    ])
    func governmentsStillCount(title: String) {
        #expect(Fixtures.classify(title).labels == [.diplomatic])
    }

    @Test("words inside an actor's name veto nothing: the European Union is not a trade union", arguments: [
        "European Union condemns Russian strikes on Kyiv",
        "Arab League condemns Israeli strike on Doha",
    ])
    func actorNamesDoNotVeto(title: String) {
        let result = Fixtures.classify(title)
        #expect(result.labels == [.diplomatic])
        #expect(result.types.contains(.statement))
    }

    @Test("states added to the gazetteer act like the others", arguments: [
        ("Laos and Vietnam sign border agreement", ["LA", "VN"]),
        ("Peru expels Venezuelan diplomats", ["PE", "VE"]),
    ])
    func moreStates(title: String, actors: [String]) {
        let result = Fixtures.classify(title)
        #expect(result.actors == actors)
        #expect(result.labels == [.diplomatic])
    }
}
