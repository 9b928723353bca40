internal import CLibXML2

/// How an element's namespace relates to the document's format.
enum Role {
    /// The format's own vocabulary: no namespace or the RSS namespaces in RSS/RDF, the Atom namespaces in Atom.
    case core
    /// Atom elements borrowed by an RSS document (`atom:link`).
    case atomInRSS
    case dc, dcterms, content, media, other
}

extension FeedBuilder {
    func role(of namespace: Namespace, uri: UnsafePointer<xmlChar>?) -> Role {
        if namespace == .other, let rootNamespace, let uri, rootNamespace.matches(uri) { return .core }
        switch namespace {
        case .none: return .core
        case .rss, .rss090: return isAtom ? .other : .core
        case .atom, .atom03: return isAtom ? .core : .atomInRSS
        case .dc: return .dc
        case .dcterms: return .dcterms
        case .content: return .content
        case .media: return .media
        case .rdf, .xml, .other: return .other
        }
    }

    /// Detects the format from the root element; anything else is not a feed and stops the parse.
    func startRoot(
        _ name: LocalName, namespace: Namespace, uri: UnsafePointer<xmlChar>?, attributes: SAXAttributes,
        spelled: UnsafePointer<xmlChar>
    ) {
        switch name {
        case .rss:
            switch attributes.value("version").map(PlainText.trimmed) {
            case "0.90": document.format = .rss090
            case "0.91": document.format = .rss091
            case "0.92", "0.93", "0.94": document.format = .rss092
            default: document.format = .rss20
            }
        case .rdf:
            document.format = .rss10
        case .feed:
            if namespace == .other, let uri { rootNamespace = NamespaceURI(uri) }
            let version = attributes.value("version")
            document.format = namespace == .atom03 || version == "0.3" ? .atom03 : .atom10
            channelDepth = depth
            document.language = currentLanguage
        default:
            let spelling = String(cString: spelled)
            stop(FeedParseError(.notAFeed, line: line, message: "not a feed: the root element is <\(spelling)>"))
        }
    }

    func startChild(_ name: LocalName, role: Role, namespace: Namespace, attributes: SAXAttributes) {
        if let itemDepth {
            if depth == itemDepth + 1 {
                if item != nil { startItemField(name, role: role, attributes: attributes, draft: &item!) }
            } else if let authorDepth, depth == authorDepth + 1, role == .core {
                switch name {
                case .name: begin(.authorName)
                case .email: begin(.authorEmail)
                default: break
                }
            }
            return
        }
        if role == .core {
            if namespace == .rss090 { document.format = .rss090 }
            // Atom 0.3 drafts and feedparser also take <item> as an entry.
            let isItem = name == .item || (name == .entry && isAtom)
            if isItem, depth == 2 || (channelDepth.map { depth == $0 + 1 } ?? false) {
                item = ItemDraft(language: currentLanguage)
                itemDepth = depth
                return
            }
            if name == .channel, depth == 2, !isAtom {
                channelDepth = depth
                return
            }
        }
        if let channelDepth, depth == channelDepth + 1 {
            startChannelField(name, role: role, attributes: attributes)
        }
    }

    private func startChannelField(_ name: LocalName, role: Role, attributes: SAXAttributes) {
        switch (role, name) {
        case (.core, .title): begin(.channelTitle, attributes: attributes)
        case (.dc, .title): begin(.channelFallbackTitle)
        case (.core, .link) where isAtom, (.atomInRSS, .link):
            if document.link == nil, let href = alternateHref(attributes) { document.link = href }
        case (.core, .link):
            if document.link == nil, let href = alternateHref(attributes) {
                document.link = href
            } else {
                begin(.channelLink)
            }
        case (.core, .id) where isAtom: begin(.channelID)
        case (.core, .language), (.dc, .language): begin(.channelLanguage)
        case (.core, .ttl): begin(.ttl)
        default: break
        }
    }

    /// Mutates the open draft in place (`&item!`): copying it per element would retain and release every field.
    private func startItemField(_ name: LocalName, role: Role, attributes: SAXAttributes, draft: inout ItemDraft) {
        switch (role, name) {
        case (.core, .title): begin(.title, attributes: attributes)
        case (.dc, .title), (.media, .title): begin(.fallbackTitle)
        case (.core, .link) where isAtom, (.atomInRSS, .link):
            if !draft.hasLink, let href = alternateHref(attributes) {
                draft.link = href
                draft.hasLink = true
            }
        case (.core, .link):
            // An Atom-style <link href=".."/> without the Atom namespace, as some podcast feeds write it.
            if !draft.hasLink, let href = alternateHref(attributes) {
                draft.link = href
                draft.hasLink = true
            } else {
                begin(.link)
            }
        case (.core, .guid):
            draft.guidIsPermaLink = attributes.value("isPermaLink")?.lowercased() != "false"
            draft.guidBase = currentBase
            begin(.guid)
        case (.core, .id):
            draft.guidBase = currentBase
            draft.guidIsAtomID = true
            begin(.guid)
        case (.core, .pubDate), (.core, .published), (.core, .issued): begin(.pubDate)
        case (.core, .created): begin(.created)
        case (.dc, .date): begin(.dcDate)
        case (.dcterms, .issued): begin(.pubDate)
        case (.dcterms, .created): begin(.created)
        case (.core, .updated), (.core, .modified), (.dcterms, .modified): begin(.updated)
        case (.core, .description), (.core, .summary): begin(.description, attributes: attributes)
        // The full content is only read when no description came first: the summary prefers the description.
        case (.content, .encoded) where draft.description == nil: begin(.content, kind: .html)
        case (.core, .content) where draft.description == nil:
            if attributes.value("src") == nil { begin(.content, attributes: attributes) }
        case (.core, .author) where isAtom: authorDepth = depth
        case (.core, .author), (.dc, .creator): begin(.author)
        case (.core, .category) where isAtom:
            if let term = attributes.value("term") ?? attributes.value("label") { draft.categories.append(term) }
        case (.core, .category), (.dc, .subject): begin(.category)
        case (.core, .language), (.dc, .language): begin(.language)
        default: break
        }
    }

    func begin(_ field: Field, kind: TextKind = .plain) {
        capture = Capture(field: field, depth: depth, kind: kind, base: currentBase)
        text.removeAll(keepingCapacity: true)
    }

    /// Begins a text construct: Atom says how to read it (`type`, and `mode` in Atom 0.3); RSS text is HTML-ish by
    /// convention.
    private func begin(_ field: Field, attributes: SAXAttributes) {
        guard isAtom else {
            begin(field, kind: .html)
            return
        }
        let mode = attributes.value("mode")?.lowercased()
        let type = attributes.value("type").map(PlainText.trimmed)?.lowercased()
        let kind: TextKind
        switch type {
        case "html", "text/html": kind = .html
        case "xhtml", "application/xhtml+xml": kind = .xhtml
        default: kind = mode == "escaped" ? .html : .plain
        }
        begin(field, kind: kind)
        // RFC 4287 3.1.1.3: a media type that is neither text nor XML means base64 content.
        var base64 = mode == "base64"
        if let type, type.contains("/"), !type.hasPrefix("text/"), !type.hasSuffix("xml"), kind != .xhtml {
            base64 = true
        }
        capture?.base64 = base64
    }

    /// The resolved `href` of a link that points at the item's page (no `rel`, or `rel="alternate"`).
    private func alternateHref(_ attributes: SAXAttributes) -> String? {
        let rel = attributes.value("rel").map(PlainText.trimmed)?.lowercased()
        guard rel == nil || rel == "alternate" || rel == "", let href = attributes.value("href") else { return nil }
        return LinkResolver.resolve(href, against: currentBase)
    }

    /// `xml:base` and `xml:lang` scope over the element and its descendants.
    func readXMLAttributes(_ attributes: SAXAttributes) {
        if let base = attributes.value("base", namespace: .xml) {
            bases.append((depth, LinkResolver.resolveBase(base, against: currentBase)))
        }
        if let language = attributes.value("lang", namespace: .xml).map(PlainText.trimmed),
           !language.isEmpty {
            languages.append((depth, language))
        }
    }
}
