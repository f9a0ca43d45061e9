import ArgumentParser

// In progress (issue 3): replaced by the scorer's command.
struct Eval: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Score the analysis against labelled recordings.")
  func run() throws { throw ValidationError("not built yet") }
}
