/// The version of brinkwatch, shown by `--version` and sent in the User-Agent.
public enum BrinkwatchVersion {
    public static let string = "0.1.0"
}
