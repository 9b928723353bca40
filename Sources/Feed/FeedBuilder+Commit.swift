#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension FeedBuilder {
    /// Turns the text collected for `capture` into a field value on the channel or the open item.
    func commit(_ capture: Capture) {
        let value: String
        if !capture.base64, text.withUnsafeBufferPointer(TextDecoding.isValidUTF8) {
            // The common case: valid UTF-8 is read as it stands, without an intermediate string.
            value = text.withUnsafeBufferPointer {
                PlainText.fromValidUTF8($0, html: capture.kind == .html, scratch: &scratch)
            }
        } else {
            let raw = capture.base64 ? Self.decodeBase64(text) : TextDecoding.string(text)
            value = capture.kind == .html ? PlainText.fromHTML(raw) : PlainText.collapse(raw)
        }
        guard !value.isEmpty else { return }
        switch capture.field {
        case .channelTitle:
            if document.title == nil { document.title = value }
        case .channelFallbackTitle:
            if channelFallbackTitle == nil { channelFallbackTitle = value }
        case .channelID:
            if document.link == nil, let link = LinkResolver.resolveIdentifier(value) { document.link = link }
        case .channelLink:
            if document.link == nil { document.link = LinkResolver.resolve(value, against: capture.base) }
        case .channelLanguage:
            if document.language == nil { document.language = value }
        case .ttl:
            document.ttlMinutes = Int(value)
        default:
            if item != nil { commitItemField(capture, value: value, to: &item!) }
        }
    }

    /// The text of a base64 construct; text that is not base64 after all is kept as it is.
    static func decodeBase64(_ bytes: [UInt8]) -> String {
        guard let data = Data(base64Encoded: Data(bytes), options: .ignoreUnknownCharacters) else {
            return TextDecoding.string(bytes)
        }
        return TextDecoding.string(Array(data))
    }

    private func commitItemField(_ capture: Capture, value: String, to draft: inout ItemDraft) {
        switch capture.field {
        case .title: draft.title = draft.title ?? value
        case .fallbackTitle: draft.fallbackTitle = draft.fallbackTitle ?? value
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
        case .channelTitle, .channelFallbackTitle, .channelLink, .channelID, .channelLanguage, .ttl: break
        }
    }
}
