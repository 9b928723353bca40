import Classifier
import Evaluation
import Testing

@Suite("Scores over hand-computed outcomes")
struct ScoresTests {
    let all = Scores(outcomes: Fixtures.outcomes)
    let notHard = Scores(outcomes: Fixtures.outcomes.filter { !$0.item.hard })

    @Test("per-label counts, precision, recall and F1 match the hand computation")
    func labels() {
        // provocation: gold a,d; predicted a,b,d -> tp 2, fp 1 (b), fn 0.
        #expect(all.counts(.provocation) == Counts(truePositives: 2, falsePositives: 1, falseNegatives: 0))
        #expect(abs(all.counts(.provocation).precision - 2.0 / 3.0) < 1e-12)
        #expect(all.counts(.provocation).recall == 1)
        #expect(abs(all.counts(.provocation).f1 - 0.8) < 1e-12)
        // diplomatic: gold b,d,e; predicted b,c,e -> tp 2, fp 1 (c), fn 1 (d).
        #expect(all.counts(.diplomatic) == Counts(truePositives: 2, falsePositives: 1, falseNegatives: 1))
        #expect(abs(all.counts(.diplomatic).f1 - 2.0 / 3.0) < 1e-12)
    }

    @Test("macro-F1 is the mean of the two labels' F1, and exact-set accuracy counts whole sets")
    func macroAndExact() {
        #expect(abs(all.macroF1 - (0.8 + 2.0 / 3.0) / 2) < 1e-12)
        #expect(all.exactMatches == 3)  // a, e, f
        #expect(all.exactSetAccuracy == 0.5)
        #expect(all.itemCount == 6)
    }

    @Test("event types are scored per (item, type) pair, micro and per type")
    func eventTypes() {
        // tp: a missile, b statement, d drill, e talks; fp: b threat, c talks; fn: d statement, e summit.
        #expect(all.typesMicro == Counts(truePositives: 4, falsePositives: 2, falseNegatives: 2))
        #expect(abs(all.typesMicro.f1 - 2.0 / 3.0) < 1e-12)
        #expect(all.types[.talks] == Counts(truePositives: 1, falsePositives: 1, falseNegatives: 0))
        #expect(all.types[.summit] == Counts(truePositives: 0, falsePositives: 0, falseNegatives: 1))
        #expect(all.types[.summit]?.f1 == 0)
        #expect(all.types[.threat]?.precision == 0)
        #expect(all.types[.nuclearTest] == nil)
        #expect(all.typesSeen == [.missileLaunch, .militaryDrill, .threat, .talks, .summit, .statement])
    }

    @Test("the confusion table puts gold sets in rows and predicted sets in columns")
    func confusion() {
        let table = all.confusion
        #expect(table[gold: .none, predicted: .none] == 1)  // f
        #expect(table[gold: .none, predicted: .diplomatic] == 1)  // c
        #expect(table[gold: .provocation, predicted: .provocation] == 1)  // a
        #expect(table[gold: .diplomatic, predicted: .both] == 1)  // b
        #expect(table[gold: .diplomatic, predicted: .diplomatic] == 1)  // e
        #expect(table[gold: .both, predicted: .provocation] == 1)  // d
        #expect(table.total == 6)
        #expect(table.diagonal == all.exactMatches)
        #expect(table.rows == [[1, 0, 1, 0], [0, 1, 0, 0], [0, 0, 1, 1], [0, 1, 0, 0]])
    }

    @Test("the not-hard scope leaves out items d and f")
    func notHardScope() {
        #expect(notHard.itemCount == 4)
        // provocation: gold a; predicted a,b. diplomatic: gold b,e; predicted b,c,e.
        #expect(notHard.counts(.provocation) == Counts(truePositives: 1, falsePositives: 1, falseNegatives: 0))
        #expect(notHard.counts(.diplomatic) == Counts(truePositives: 2, falsePositives: 1, falseNegatives: 0))
        #expect(abs(notHard.macroF1 - (2.0 / 3.0 + 0.8) / 2) < 1e-12)
        #expect(notHard.exactSetAccuracy == 0.5)
        #expect(notHard.confusion[gold: .both, predicted: .provocation] == 0)
    }

    @Test("a ratio with a zero denominator is 0, and an empty scope scores 0 without crashing")
    func zeroDenominators() {
        let empty = Counts()
        #expect(empty.precision == 0 && empty.recall == 0 && empty.f1 == 0)
        let none = Scores(outcomes: [Outcome]())
        #expect(none.itemCount == 0 && none.macroF1 == 0 && none.exactSetAccuracy == 0)
        #expect(none.counts(.diplomatic) == Counts())
    }

    @Test("a label set is read from any label sequence")
    func labelSets() {
        #expect(LabelSet([]) == .none)
        #expect(LabelSet([.diplomatic, .provocation, .diplomatic]) == .both)
        #expect(LabelSet([.provocation]) == .provocation)
        #expect(LabelSet([.diplomatic]) == .diplomatic)
    }
}
