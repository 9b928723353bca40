import Testing

@testable import Classifier

@Suite("Gazetteer")
struct GazetteerTests {
    private func actors(_ title: String, _ summary: String = "") -> [String] {
        Fixtures.classify(title, summary).actors
    }

    @Test("capitals, leaders, agencies and militaries resolve to their state", arguments: [
        ("Pyongyang keeps quiet", "KP"), ("Kim Jong Un tours a factory", "KP"), ("Kim Jong-un tours a farm", "KP"),
        ("KCNA carries a long essay", "KP"), ("the North stays silent", "KP"),
        ("Seoul's Joint Chiefs of Staff hold a briefing", "KR"), ("the JCS briefed reporters", "KR"),
        ("Beijing hosts a fair", "CN"), ("the Kremlin is silent", "RU"), ("Tokyo weighs a budget", "JP"),
        ("Taipei opens an exhibition", "TW"), ("the Pentagon reviews a contract", "US"),
        ("IRGC commanders meet", "IR"), ("Houthis hold a rally", "YE"),
    ])
    func resolves(text: String, code: String) {
        #expect(actors(text) == [code], "\(text)")
    }

    @Test("international bodies have their own codes")
    func organisations() {
        #expect(actors("The UN Security Council and the IAEA board met, with NATO and EU observers") == [
            "UN", "IAEA", "NATO", "EU",
        ])
    }

    @Test("the longest name wins: North Korean is not Korean, South Korean is not Korean")
    func longestName() {
        #expect(actors("North Korean and South Korean officials") == ["KP", "KR"])
        #expect(actors("Korean officials") == ["KR"])
    }

    @Test("US in capitals is the country, us in lower case is not")
    func usVersusUs() {
        #expect(actors("They told us nothing") == [])
        #expect(actors("US and U.S. and United States") == ["US"])
    }

    @Test("non-actor phrases hide the names inside them")
    func nonActors() {
        #expect(actors("Latin America trade grows") == [])
        #expect(actors("The Washington Post reports") == [])
        #expect(actors("Washington responds") == ["US"])
    }

    @Test("exact names need their capital letter")
    func exactNames() {
        #expect(actors("Turkey and Jordan sign a pact") == ["TR", "JO"])
        #expect(actors("roast turkey in the jordan valley") == [])
    }

    @Test("actors come in order of first mention, each once; focus follows the list")
    func orderAndFocus() {
        let result = Fixtures.classify("Seoul and Tokyo talk", "Pyongyang is the topic. Seoul hosts.")
        #expect(result.actors == ["KR", "JP", "KP"])
        #expect(result.focus)
        let other = Classifier(knowledge: Fixtures.knowledge, focus: ["IR"]).classify(
            title: "Seoul and Tokyo talk", summary: "")
        #expect(!other.focus)
    }
}
