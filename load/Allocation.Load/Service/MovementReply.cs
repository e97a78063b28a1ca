namespace Allocation.Load.Service;

/// <summary>The answer to a receipt or sale: Outcome is Applied or AlreadyApplied (a repeat of the same document).</summary>
public sealed record MovementReply(string Outcome, MovementCountsReply Counts, int Available, int Shortfall);
