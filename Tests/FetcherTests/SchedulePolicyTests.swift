import Fetcher
import Foundation
import Testing

@Suite("Schedule policy")
struct SchedulePolicyTests {
    let policy = SchedulePolicy(minimum: 15 * 60, maximum: 6 * 3600)
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("the interval follows the feed's activity between the bounds")
    func activity() {
        // 7 days / 168 items = one hour.
        #expect(policy.successInterval(itemsLastWeek: 168, hints: .init(), now: now) == 3600)
        #expect(policy.successInterval(itemsLastWeek: 100_000, hints: .init(), now: now) == 15 * 60, "never below the minimum")
        #expect(policy.successInterval(itemsLastWeek: 0, hints: .init(), now: now) == 6 * 3600, "a silent feed waits the maximum")
    }

    @Test("ttl, max-age and Expires can only lengthen the interval, up to the maximum")
    func hints() {
        let busy = 100_000
        #expect(policy.successInterval(itemsLastWeek: busy, hints: .init(ttl: 7200), now: now) == 7200)
        #expect(policy.successInterval(itemsLastWeek: busy, hints: .init(maxAge: 3000), now: now) == 3000)
        #expect(policy.successInterval(itemsLastWeek: busy, hints: .init(expires: now.addingTimeInterval(5000)), now: now) == 5000)
        #expect(policy.successInterval(itemsLastWeek: busy, hints: .init(ttl: 86_400), now: now) == 6 * 3600)
    }

    @Test("failures double the delay from the last interval, capped at a day")
    func backoff() {
        #expect(policy.errorDelay(streak: 1, interval: 1800) == 1800)
        #expect(policy.errorDelay(streak: 2, interval: 1800) == 3600)
        #expect(policy.errorDelay(streak: 4, interval: 1800) == 14_400)
        #expect(policy.errorDelay(streak: 30, interval: 1800) == 86_400)
        #expect(policy.errorDelay(streak: 1, interval: nil) == 15 * 60, "a feed never fetched starts from the minimum")
    }

    @Test("Retry-After is honoured, but never below the minimum interval")
    func rateLimit() {
        #expect(policy.rateLimitDelay(retryAfter: 7200) == 7200)
        #expect(policy.rateLimitDelay(retryAfter: 5) == 15 * 60)
        #expect(policy.rateLimitDelay(retryAfter: nil) == 3600)
    }

    @Test("jitter spreads a delay by at most ten percent either way")
    func jitter() {
        #expect(policy.jittered(1000, unit: 1) == 1100)
        #expect(policy.jittered(1000, unit: -1) == 900)
        #expect(policy.jittered(1000, unit: 7) == 1100)
        for _ in 0..<100 { #expect((900...1100).contains(policy.jittered(1000))) }
    }
}

@Suite("Freshness hints")
struct FreshnessHintsTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func hints(_ headers: [String: String]) -> FreshnessHints {
        FreshnessHints(header: { name in headers.first { $0.key.lowercased() == name.lowercased() }?.value }, now: now)
    }

    @Test("max-age less Age, Expires as a date, Retry-After in seconds or as a date")
    func parsing() {
        #expect(hints(["Cache-Control": "public, max-age=600", "Age": "100"]).maxAge == 500)
        #expect(hints(["Cache-Control": "no-cache"]).maxAge == nil)
        #expect(hints(["Expires": "Fri, 15 Jan 2027 09:00:00 GMT"]).expires == now.addingTimeInterval(3600))
        #expect(hints(["Expires": "0"]).expires == nil)
        #expect(hints(["Retry-After": "120"]).retryAfter == 120)
        #expect(hints(["Retry-After": "Fri, 15 Jan 2027 08:30:00 GMT"]).retryAfter == 1800)
        #expect(hints(["Retry-After": "soon"]).retryAfter == nil)
    }
}
