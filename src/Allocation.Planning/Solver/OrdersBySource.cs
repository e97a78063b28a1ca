namespace Allocation.Planning.Solver;

/// <summary>The allocated orders picked at each source, kept up to date by the moves of the searches that use it.</summary>
internal sealed class OrdersBySource
{
    private readonly Dictionary<int, List<PreparedOrder>> ordersAtSource = [];

    public OrdersBySource(List<PreparedOrder> movable, Decision?[] decisions)
    {
        foreach (var order in movable)
        {
            if (decisions[order.Index] is { } decision)
            {
                Add(order, decision);
            }
        }
    }

    public bool TryGet(int source, out List<PreparedOrder> orders) => ordersAtSource.TryGetValue(source, out orders!);

    public void Add(PreparedOrder order, Decision decision)
    {
        foreach (var choice in decision.Sources)
        {
            (ordersAtSource.TryGetValue(choice.Location, out var existing) ? existing : ordersAtSource[choice.Location] = []).Add(order);
        }
    }

    public void Remove(PreparedOrder order, Decision decision)
    {
        foreach (var choice in decision.Sources)
        {
            ordersAtSource[choice.Location].Remove(order);
        }
    }

    /// <summary>Moves the order's entries from <paramref name="before"/> (if it was allocated) to <paramref name="after"/>.</summary>
    public void Move(PreparedOrder order, Decision? before, Decision after)
    {
        if (before is not null)
        {
            Remove(order, before);
        }

        Add(order, after);
    }
}
