using Allocation.Contracts.Orders;
using System.Text.Json;

namespace Allocation.Api.Events;

/// <summary>The customer-event feed (transactional outbox) for consumers that poll: cursor-paged by sequence.</summary>
public static class EventEndpoints
{
    public const int PageEventsMax = 1_000;
    public const int PageEventsDefault = 100;

    public static IEndpointRouteBuilder MapEventEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/events").WithTags("Events");
        group.MapGet("/", ReadAsync).WithName("ReadEvents")
            .WithSummary("Customer events (order.ready, order.late, order.collected, order.cancelled, order.expired) after a cursor, oldest first; a committed event is never skipped.");
        return routes;
    }

    private static async Task<Results<Ok<EventPage>, ProblemHttpResult>> ReadAsync(long? after, int? limit, [AsParameters] TenantGrains tenant)
    {
        var errors = new RequestErrors();
        var cursor = after ?? 0;
        if (cursor < 0)
        {
            errors.Add("after", "must be 0 or more");
        }

        var count = errors.Number("limit", limit ?? PageEventsDefault, 1, PageEventsMax);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var events = await tenant.OfTenant<IOrderEventsGrain>().Read(cursor, count);
        var page = events.Select(item => new EventResponse(item.EventId, item.Sequence, item.Type, item.OrderId, item.OccurredAt, JsonDocument.Parse(item.Data).RootElement.Clone())).ToList();
        return TypedResults.Ok(new EventPage(page, page.Count == 0 ? cursor : page[^1].Sequence));
    }
}
