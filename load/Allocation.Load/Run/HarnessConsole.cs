namespace Allocation.Load.Run;

/// <summary>Where the harness writes: progress and the summary to Out, the one-line reason it could not run to Error.</summary>
public sealed record HarnessConsole(TextWriter Out, TextWriter Error, bool Interactive);
