/// The two sides of the labelling rule. An item carries a set of them, possibly empty ("other").
///
/// `Comparable` follows declaration order, so a sorted label list always reads
/// provocation first, the order the digest presents them in.
public enum Label: String, Sendable, Codable, CaseIterable, Comparable {
    case provocation, diplomatic

    public static func < (lhs: Label, rhs: Label) -> Bool {
        lhs.order < rhs.order
    }

    var order: Int {
        switch self {
        case .provocation: 0
        case .diplomatic: 1
        }
    }
}

/// What happened, in the vocabulary of the labelling rule; each type belongs to exactly one label.
///
/// Raw values are the snake_case names used in data files and in labelled sets.
public enum EventType: String, Sendable, Codable, CaseIterable {
    // provocation
    case missileLaunch = "missile_launch", nuclearTest = "nuclear_test", satelliteLaunch = "satellite_launch"
    case artilleryFire = "artillery_fire", militaryDrill = "military_drill", deployment, incursion, cyberattack
    case seizureOrAttack = "seizure_or_attack", threat, testPreparation = "test_preparation"
    // diplomatic
    case talks, summit, envoyVisit = "envoy_visit", statement, unAction = "un_action", sanctions, agreement, aid
    case detaineeRelease = "detainee_release", diplomaticProtest = "diplomatic_protest"

    /// The label this type counts towards.
    public var label: Label {
        switch self {
        case .missileLaunch, .nuclearTest, .satelliteLaunch, .artilleryFire, .militaryDrill, .deployment,
            .incursion, .cyberattack, .seizureOrAttack, .threat, .testPreparation:
            .provocation
        case .talks, .summit, .envoyVisit, .statement, .unAction, .sanctions, .agreement, .aid,
            .detaineeRelease, .diplomaticProtest:
            .diplomatic
        }
    }

    /// Position in declaration order, which is also label order: the sort key for `Classification.types`.
    var order: Int {
        // A search over about twenty cases compares tags only; a dictionary would hash each time.
        Self.allCases.firstIndex(of: self) ?? 0
    }
}
