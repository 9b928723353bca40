extension FeedBuilder {
    /// Turns the text collected for `capture` into a field value on the channel or the open item.
    func commit(_ capture: Capture) {
        let raw = TextDecoding.string(text)
        let value = capture.kind == .html ? PlainText.fromHTML(raw) : PlainText.collapse(raw)
        guard !value.isEmpty else { return }
        switch capture.field {
        case .channelTitle:
            if document.title == nil { document.title = value }
        case .channelLink:
            if document.link == nil { document.link = LinkResolver.resolve(value, against: capture.base) }
        case .channelLanguage:
            if document.language == nil { document.language = value }
        case .ttl:
            document.ttlMinutes = Int(value)
        default:
            guard var draft = item else { return }
            commitItemField(capture, value: value, to: &draft)
            item = draft
        }
    }

    private func commitItemField(_ capture: Capture, value: String, to draft: inout ItemDraft) {
        switch capture.field {
        case .title: draft.title = draft.title ?? value
        case .link:
            if !draft.hasLink, let link = LinkResolver.resolve(value, against: capture.base) {
                draft.link = link
                draft.hasLink = true
            }
        case .guid: draft.guid = draft.guid ?? value
        case .pubDate: draft.pubDate = draft.pubDate ?? value
        case .dcDate: draft.dcDate = draft.dcDate ?? value
        case .created: draft.created = draft.created ?? value
        case .updated: draft.updated = draft.updated ?? value
        case .description: draft.description = draft.description ?? value
        case .content: draft.content = draft.content ?? value
        case .author: draft.author = draft.author ?? value
        case .authorName: draft.authorName = draft.authorName ?? value
        case .authorEmail: draft.authorEmail = draft.authorEmail ?? value
        case .category: draft.categories.append(value)
        case .language: draft.language = value
        case .channelTitle, .channelLink, .channelLanguage, .ttl: break
        }
    }
}
