import LLMDo

@main
struct LLMDoCommand {
    static func main() {}
}
