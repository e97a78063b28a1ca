namespace Allocation.Bench.Http;

/// <summary>A reservation the target acknowledged, and the status it must read back with: "Held" or "Confirmed".</summary>
internal readonly record struct AcknowledgedReservation(string ReservationId, string ExpectedStatus);
