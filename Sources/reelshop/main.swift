import ArgumentParser

// Minimal root so the media branch can run `reelshop media render`; the app's real main.swift
// (the lead's) replaces this and lists MediaCommand among its subcommands.
struct Reelshop: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reelshop", subcommands: [MediaCommand.self])
}

Reelshop.main()
