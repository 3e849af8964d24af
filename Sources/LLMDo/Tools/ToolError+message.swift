extension ToolError {
    /// The message, whichever the case (for wrapping one refusal in another).
    var message: String {
        switch self {
        case .retry(let message), .failed(let message), .denied(let message): return message
        }
    }
}
