namespace Allocation.Bench.Http;

/// <summary>One request as drawn before it is sent, so the open model can draw on its single dispatcher thread.</summary>
internal sealed record PlannedRequest(string ReservationId, HttpMethod Method, string RelativeUri, byte[]? JsonBody, bool ThenConfirm);
