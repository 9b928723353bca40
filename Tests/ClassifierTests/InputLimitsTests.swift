import Foundation
import Testing

@testable import Classifier

@Suite("Odd inputs")
struct InputLimitsTests {
    @Test(
        "empty or punctuation-only text gets no labels and a note",
        arguments: [("", ""), ("  ", "\n\t"), ("...", "—")])
    func empty(title: String, summary: String) {
        let result = Fixtures.classify(title, summary)
        #expect(result.labels.isEmpty)
        #expect(result.note == "empty text")
    }

    @Test(
        "text in another language gets a note, and no labels unless the data has phrases for it",
        arguments: [
            ("北朝鮮の国営メディアが祝賀行事を報道", "平壌では記念の式典が開かれたという。"),
            ("Coreia do Norte celebra festival de cultura", "O festival reuniu artistas de várias cidades do país."),
            ("La Corée du Nord fête la récolte", "Les agriculteurs ont terminé la moisson dans la province."),
        ])
    func notEnglish(title: String, summary: String) {
        let result = Fixtures.classify(title, summary)
        #expect(result.labels.isEmpty)
        #expect(result.note == "not English")
    }

    @Test("a 1 MB summary is read only up to the cap, in bounded time")
    func hugeSummary() {
        let lead = "North Korea fired a ballistic missile on Monday, Seoul said. "
        let filler = String(repeating: "Markets were calm and trading was light. ", count: 26_000)
        let tail = "Japan imposed new sanctions on Russian banks."
        let summary = lead + filler + tail
        #expect(summary.utf8.count > 1_000_000)
        let start = ContinuousClock.now
        let result = Fixtures.classify("Seoul reports a launch", summary)
        let elapsed = ContinuousClock.now - start
        #expect(result.labels == [.provocation])
        #expect(!result.types.contains(.sanctions), "text past the cap must not be read")
        #expect(elapsed < .seconds(1))
    }

    @Test("HTML markup in a summary does not get in the way")
    func markup() {
        let result = Fixtures.classify(
            "Missile launch reported", "<p>North Korea <b>fired</b> two <i>ballistic missiles</i> on Sunday.</p>")
        #expect(result.labels == [.provocation])
    }

    @Test("a title alone is enough")
    func titleOnly() {
        #expect(Fixtures.classify("Russia and China hold joint naval drills").labels == [.provocation])
    }
}
