namespace Allocation.Api.Events;

/// <summary>A page of the feed; next is the cursor for the following call (the last sequence returned, or after when empty).</summary>
public sealed record EventPage(IReadOnlyList<EventResponse> Events, long Next);
