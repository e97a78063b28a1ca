namespace Allocation.Load.Cli;

/// <summary>The command line's verdict: options to run with, help to print, or one line saying what is wrong.</summary>
public sealed record ParsedCommand(HarnessOptions? Options, bool HelpRequested, string? Error);
