namespace Allocation.Load.Run;

public sealed record SkippedScenario(string Name, string Reason);
