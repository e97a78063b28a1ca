namespace Allocation.Load.Service;

public sealed record MovementCountsReply(int OnHand, int Held, int Committed, int SafetyStock);
