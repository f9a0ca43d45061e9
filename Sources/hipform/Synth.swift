import ArgumentParser

// In progress (issue 3): replaced by the simulator's command.
struct Synth: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Write a simulated recording with ground-truth labels.")
  func run() throws { throw ValidationError("not built yet") }
}
