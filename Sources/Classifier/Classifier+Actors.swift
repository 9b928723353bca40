extension Classifier {
    /// Who did an event and to whom, from the actor names around its words.
    ///
    /// Headlines put the doer first ("Russia strikes Kyiv", "UN condemns North Korea"), so the
    /// actor is the name after "by" ("missiles launched by Pakistan"), else the name the matched
    /// words start with, else the nearest name before them in the sentence, else a name inside;
    /// an event with no name in its sentence takes the item's first actor. The target is the
    /// next other name inside or after the words in the sentence. A diplomatic act with no
    /// target there ("Tokyo condemned the launch") is taken to address the item's first other
    /// actor (`addressesOthers`); a provocation gets no guessed target. Names standing for
    /// several codes ("inter-Korean") count by their first code. Cheap by design: no parse, one
    /// pass over the few names of the sentence.
    struct Roles {
        var actor: String?
        var target: String?
    }

    static func roles(
        of range: Range<Int>, sentence: Range<Int>, mentions: [Gazetteer.Mention], tokens: [Token],
        byWord: Int32, addressesOthers: Bool
    ) -> Roles {
        var before: String?
        var inside: [String] = []
        var after: [String] = []
        var passive: String?
        var leadsMatch = false
        for mention in mentions where sentence.contains(mention.range.lowerBound) {
            guard let code = mention.codes.first else { continue }
            let start = mention.range.lowerBound
            if start < range.lowerBound {
                before = code
                continue
            }
            if byWord >= 0, start > 0, tokens[start - 1].word == byWord, passive == nil { passive = code }
            if start < range.upperBound {
                if start == range.lowerBound { leadsMatch = true }
                inside.append(code)
            } else {
                after.append(code)
            }
        }
        let actor = passive ?? (leadsMatch ? inside.first : nil) ?? before ?? inside.first
            ?? mentions.first?.codes.first
        var target = (passive != nil ? inside + (before.map { [$0] } ?? []) + after : inside + after)
            .first { $0 != actor }
        if target == nil, addressesOthers {
            target = mentions.lazy.compactMap(\.codes.first).first { $0 != actor }
        }
        return Roles(actor: actor, target: target)
    }
}
