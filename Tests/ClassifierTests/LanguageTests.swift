import Testing

@testable import Classifier

/// Items in other languages: the note says the English rules did not apply, and the few
/// phrases of `languages.toml` still catch the clearest events.
@Suite("Other languages")
struct LanguageTests {
    @Test("French, Spanish and Japanese attacks and launches are provocations", arguments: [
        ("Des frappes aériennes russes touchent Kharkiv", "L'armée russe a visé la ville avec des frappes aériennes."),
        ("Corea del Norte lanza dos misiles balísticos", "Seúl dijo que los misiles cayeron al mar."),
        ("ロシア軍がウクライナ東部を砲撃", ""),
    ])
    func provocations(title: String, summary: String) {
        let result = Fixtures.classify(title, summary)
        #expect(result.labels == [.provocation])
        #expect(result.note == "not English")
    }

    @Test("a threat of reprisals in Spanish is a threat")
    func spanishThreat() {
        let result = Fixtures.classify("Rusia amenaza con represalias contra Ucrania", "")
        #expect(result.types == [.threat])
        #expect(result.events.first?.actor == "RU")
    }

    @Test("Portuguese tariffs and Japanese trade talks are diplomatic")
    func diplomatic() {
        #expect(Fixtures.classify("Os EUA impõem tarifas sobre produtos do Brasil", "").types == [.sanctions])
        #expect(Fixtures.classify("日本と米国の通商交渉が再開", "").types == [.talks])
    }

    @Test("names in other languages map to the same actor codes")
    func names() {
        #expect(Fixtures.classify("La Chine et la Corée du Nord", "").actors == ["CN", "KP"])
        #expect(Fixtures.classify("北朝鮮と韓国", "").actors == ["KP", "KR"])
    }
}
