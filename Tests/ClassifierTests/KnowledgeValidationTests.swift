import Foundation
import Testing

@testable import Classifier

@Suite("Knowledge loading and validation")
struct KnowledgeValidationTests {
    private static let lexicon = """
        [[class]]
        name = "missile"
        words = ["missile*", "icbm*"]
        """

    @Test("the shipped data directory loads")
    func shippedDataLoads() throws {
        let knowledge = try Knowledge.load(directory: Fixtures.dataDirectory)
        #expect(knowledge.patternCount > 30)
        #expect(knowledge.ruleCount > 10)
        #expect(knowledge.actorCount > 60)
        #expect(knowledge.files.contains("gazetteer.toml"))
    }

    @Test("a small valid directory loads and classifies")
    func smallDirectory() throws {
        let knowledge = try Fixtures.load([
            "lexicon.toml": Self.lexicon,
            "events.toml": """
                [[actor]]
                code = "XA"
                names = ["Atlantis"]

                [[pattern]]
                id = "fire-missile"
                type = "missile_launch"
                match = ["fire* *3 @missile"]
                """,
        ])
        let result = Classifier(knowledge: knowledge, focus: ["XA"])
            .classify(title: "Atlantis fires two missiles", summary: "")
        #expect(result.labels == [.provocation])
        #expect(result.types == [.missileLaunch])
        #expect(result.actors == ["XA"])
        #expect(result.focus)
        #expect(result.evidence == [Evidence(type: .missileLaunch, rule: "fire-missile", text: "fires two missiles")])
    }

    @Test("an unknown event type names file, line and key")
    func unknownType() throws {
        let error = try #require(try Fixtures.loadError([
            "a.toml": "\n[[pattern]]\nid = \"x\"\ntype = \"missile_test\"\nmatch = [\"missile\"]\n",
        ]))
        #expect(error.file == "a.toml")
        #expect(error.line == 4)
        #expect(error.key == "pattern[0].type")
        #expect(error.message.contains("unknown event type 'missile_test'"))
        #expect(error.description.hasPrefix("a.toml:4: pattern[0].type: "))
    }

    @Test("an unknown class in a pattern names file, line and key")
    func unknownClass() throws {
        let error = try #require(try Fixtures.loadError([
            "a.toml": Self.lexicon
                + "\n\n[[pattern]]\nid = \"x\"\ntype = \"missile_launch\"\nmatch = [\"fire* @rockets\"]\n",
        ]))
        #expect(error.file == "a.toml")
        #expect(error.line == 8)
        #expect(error.key == "pattern[0].match")
        #expect(error.message.contains("unknown class @rockets"))
    }

    @Test("bad pattern syntax names file, line and key")
    func badSyntax() throws {
        let error = try #require(try Fixtures.loadError([
            "b.toml": "[[modality]]\nid = \"neg\"\neffect = \"suppress\"\ncues = [\"not *\"]\n",
        ]))
        #expect(error.file == "b.toml")
        #expect(error.line == 4)
        #expect(error.key == "modality[0].cues")
        #expect(error.message.contains("ends with a gap"))
    }

    @Test("semantic mistakes are refused", arguments: [
        ("[[pattern]]\nid = \"a\"\ntype = \"talks\"\nmatch = [\"talks\"]\nseverity = 3\n", "only provocation types"),
        ("[[pattern]]\nid = \"a\"\ntype = \"talks\"\nmatch = []\n", "at least one pattern"),
        ("[[pattern]]\nid = \"a\"\ntype = \"talks\"\nmatch = [\"x\"]\n"
            + "[[pattern]]\nid = \"a\"\ntype = \"talks\"\nmatch = [\"y\"]\n",
         "used twice"),
        ("[[pattern]]\nid = \"a\"\ntype = \"talks\"\nmatch = [\"x\"]\nstrength = 1.5\n", "between 0 and 1"),
        ("[[pattern]]\nid = \"a\"\ntype = \"talks\"\nmatches = [\"x\"]\n", "unknown key 'matches'"),
        ("[[modality]]\nid = \"m\"\neffect = \"forget\"\ncues = [\"x\"]\n", "unknown effect"),
        ("[[modality]]\nid = \"m\"\neffect = \"retype\"\nto = \"treat\"\ncues = [\"x\"]\n", "unknown event type"),
        ("[[modality]]\nid = \"m\"\neffect = \"suppress\"\nposition = \"near\"\ncues = [\"x\"]\n", "unknown position"),
        ("[[actor]]\ncode = \"kp\"\nnames = [\"x\"]\n", "capital letters"),
        ("[[severity]]\nlevel = 3\nclass = \"nothing\"\ntypes = [\"missile_launch\"]\n", "unknown class"),
        ("[[class]]\nname = \"a\"\nwords = [\"b *2 c\"]\n", "gaps are not allowed"),
        ("[[sections]]\nid = \"a\"\n", "unknown key 'sections'"),
        ("[[more_names]]\ncode = \"ZZ\"\nnames = [\"Zedland\"]\n", "no [[actor]] has the code 'ZZ'"),
    ])
    func semanticErrors(text: String, expected: String) throws {
        let error = try #require(try Fixtures.loadError(["c.toml": text]))
        #expect(error.file == "c.toml")
        #expect(error.line > 0)
        #expect(error.description.contains(expected), "\(error)")
    }

    @Test("TOML syntax errors keep their position")
    func tomlSyntax() throws {
        let error = try #require(try Fixtures.loadError(["d.toml": "[[pattern]]\nid = \"a\nmatch = 3\n"]))
        #expect(error.code == .syntax)
        #expect(error.file == "d.toml")
        #expect(error.line == 2)
    }

    @Test("a directory without data files is refused")
    func emptyDirectory() throws {
        let error = try #require(try Fixtures.loadError([:]))
        #expect(error.code == .unreadable)
        #expect(error.message.contains("no *.toml files"))
    }
}
