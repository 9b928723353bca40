import Foundation

/// Everything the classifier knows, compiled from the TOML data files of one directory.
///
/// Why data and not code: the words of war and diplomacy, the names of states and the modality
/// cues change with the news and are reviewed by people who do not read Swift. The Swift side
/// only knows the mechanism (tokens, phrase patterns, scopes, scores); nothing in it is
/// specific to Korea or any region. `README.md` next to the data files documents the format.
public struct Knowledge: Sendable {
    var settings = Settings()
    /// Numbers of all words and stems the phrases below mention.
    var vocabulary = Vocabulary()
    /// `Settings` word lists as vocabulary numbers.
    var clauseBreaks = BitSet()
    var englishWords = BitSet()
    var foreignWords = BitSet()
    /// Number of "by", which marks the doer of a passive ("launched by Pakistan"); -1 if unknown.
    var byWord: Int32 = -1
    var classes: [WordClass] = []
    var gazetteer = Gazetteer()
    var patterns: [EventPattern] = []
    var rules: [ModalityRule] = []
    var severities: [SeverityRule] = []
    /// Every phrase of the rules (event phrases, vetoes, modality cues), scanned in one pass.
    var phrases = PhraseSet<PhraseRole>()

    /// What a phrase stands for in the rules.
    enum PhraseRole: Sendable {
        /// A `match` phrase of pattern `pattern`.
        case event(pattern: Int)
        /// An `unless` phrase of pattern `pattern`: it vetoes the pattern in its sentence.
        case veto(pattern: Int)
        /// A cue of modality rule `rule`, or (`isUnless`) one of the rule's `unless` phrases.
        case cue(rule: Int, isUnless: Bool)
    }

    /// Names of the files the knowledge came from, in reading order.
    public private(set) var files: [String] = []

    /// Counts for logs and status pages.
    public var patternCount: Int { patterns.count }
    public var ruleCount: Int { rules.count }
    public var actorCount: Int { gazetteer.entries.count }

    /// Reads every `*.toml` file of `directory` (in name order) and compiles it.
    ///
    /// Fails with a `ClassifierError` naming file, line and key on unreadable files, TOML syntax
    /// errors, unknown keys, unknown event types or classes, bad pattern syntax, duplicate ids.
    public static func load(directory: URL) throws(ClassifierError) -> Knowledge {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
                .filter { $0.hasSuffix(".toml") }
                .sorted()
        } catch {
            throw ClassifierError(code: .unreadable, file: directory.path, message: "cannot list the directory")
        }
        guard !names.isEmpty else {
            throw ClassifierError(code: .unreadable, file: directory.path, message: "no *.toml files")
        }
        var sources: [(file: String, text: String)] = []
        for name in names {
            let url = directory.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: url.path),
                let text = String(data: data, encoding: .utf8)
            else {
                throw ClassifierError(code: .unreadable, file: name, message: "cannot read the file as UTF-8")
            }
            sources.append((name, text))
        }
        return try load(sources: sources)
    }

    /// Compiles in-memory sources (file name, TOML text); `load(directory:)` ends here.
    static func load(sources: [(file: String, text: String)]) throws(ClassifierError) -> Knowledge {
        var loader = KnowledgeLoader()
        for source in sources {
            try loader.read(source.text, file: source.file)
        }
        var knowledge = try loader.compile()
        knowledge.files = sources.map(\.file)
        return knowledge
    }
}
