/// llmdo's version.
public enum LLMDoVersion {
    public static let string = "0.1.0"
}
