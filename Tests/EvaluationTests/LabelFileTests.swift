import Classifier
import Evaluation
import Foundation
import Testing

@Suite("Label file loader")
struct LabelFileTests {
    @Test("reads every field, ignores unknown ones, accepts integer ids, blank lines and CRLF")
    func readsValidFile() throws {
        let text = """
            {"id": "x1", "title": "Envoy visits Seoul", "summary": "Talks on aid.", "labels": ["diplomatic"], \
            "types": ["envoy_visit", "talks"], "hard": true, "note": "two types", "source": "made up"}

            {"id": 7, "title": "Harvest festival", "summary": "", "labels": [], "types": []}\r
            {"id": "x3", "title": "Launch and reaction", "summary": "s", "labels": ["diplomatic", "provocation"], \
            "types": ["missile_launch", "un_action"], "hard": false, "note": null}
            """
        let items = try LabelFile.parse(Data(text.utf8), file: "set.jsonl")
        #expect(items.count == 3)
        #expect(items[0].id == "x1" && items[0].hard && items[0].note == "two types")
        #expect(items[0].labels == [.diplomatic] && items[0].types == [.envoyVisit, .talks])
        #expect(items[0].summary == "Talks on aid.")
        #expect(items[1].id == "7" && items[1].labels.isEmpty && !items[1].hard && items[1].line == 3)
        #expect(items[2].labels == [.provocation, .diplomatic] && items[2].note == nil && items[2].line == 4)
    }

    static let broken: [(line: String, message: String)] = [
        ("not json", "expected one JSON object on the line"),
        ("[1, 2]", "expected one JSON object on the line"),
        (#"{"title": "t", "summary": "", "labels": [], "types": []}"#, "missing \"id\""),
        (#"{"id": "", "title": "t", "summary": "", "labels": [], "types": []}"#, "\"id\" must be a non-empty string"),
        (#"{"id": "a", "summary": "", "labels": [], "types": []}"#, "missing \"title\""),
        (#"{"id": "a", "title": 3, "summary": "", "labels": [], "types": []}"#, "\"title\" must be a string"),
        (#"{"id": "a", "title": "t", "labels": [], "types": []}"#, "missing \"summary\""),
        (#"{"id": "a", "title": "t", "summary": "", "types": []}"#, "missing \"labels\""),
        (#"{"id": "a", "title": "t", "summary": "", "labels": "diplomatic", "types": []}"#, "must be an array"),
        (#"{"id": "a", "title": "t", "summary": "", "labels": ["war"], "types": []}"#, "unknown label \"war\""),
        (
            #"{"id": "a", "title": "t", "summary": "", "labels": ["diplomatic"], "types": ["hug"]}"#,
            "unknown event type \"hug\""
        ),
        (
            #"{"id": "a", "title": "t", "summary": "", "labels": ["diplomatic"], "types": ["talks", "talks"]}"#,
            "\"talks\" appears twice"
        ),
        (
            #"{"id": "a", "title": "t", "summary": "", "labels": ["diplomatic"], "types": ["threat", "talks"]}"#,
            "\"threat\" belongs to provocation, which is not in \"labels\""
        ),
        (
            #"{"id": "a", "title": "t", "summary": "", "labels": ["provocation"], "types": []}"#,
            "label \"provocation\" has no event type"
        ),
        (
            #"{"id": "a", "title": "t", "summary": "", "labels": [], "types": [], "hard": "yes"}"#,
            "\"hard\" must be true or false"
        ),
    ]

    @Test("each malformed line is reported as file:line with what is wrong", arguments: broken)
    func reportsBrokenLine(line: String, message: String) throws {
        let good = #"{"id": "ok", "title": "t", "summary": "", "labels": [], "types": []}"#
        let error = try #require(throws: LabelFileError.self) {
            try LabelFile.parse(Data((good + "\n" + line + "\n").utf8), file: "gold.jsonl")
        }
        #expect(error.line == 2)
        #expect(error.code != .unreadable)
        #expect(error.description.hasPrefix("gold.jsonl:2: "))
        #expect(error.message.contains(message), "\(error.message)")
    }

    @Test("a duplicate id names the line of its first use")
    func duplicateId() throws {
        let line = #"{"id": "same", "title": "t", "summary": "", "labels": [], "types": []}"#
        let error = try #require(throws: LabelFileError.self) {
            try LabelFile.parse(Data("\(line)\n\n\(line)".utf8), file: "d.jsonl")
        }
        #expect(error.description == "d.jsonl:3: duplicate id \"same\" (first used on line 1)")
    }

    @Test("an empty file and a missing file are errors that name the file")
    func emptyAndMissing() throws {
        let empty = try #require(throws: LabelFileError.self) {
            try LabelFile.parse(Data("\n  \n".utf8), file: "e.jsonl")
        }
        #expect(empty.description == "e.jsonl: the file holds no labelled item")
        let missing = try #require(throws: LabelFileError.self) {
            try LabelFile.load(from: URL(fileURLWithPath: "/nonexistent-brinkwatch/none.jsonl"), name: "none.jsonl")
        }
        #expect(missing.code == .unreadable)
        #expect(missing.description == "none.jsonl: cannot read the file: no such file")
    }
}
