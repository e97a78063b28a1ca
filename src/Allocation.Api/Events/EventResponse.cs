using System.Text.Json;

namespace Allocation.Api.Events;

/// <summary>One event of the feed; data is the event's JSON as stored with its transition.</summary>
public sealed record EventResponse(string EventId, long Sequence, string Type, string OrderId, DateTimeOffset OccurredAt, JsonElement Data);
