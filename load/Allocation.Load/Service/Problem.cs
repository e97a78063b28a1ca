namespace Allocation.Load.Service;

internal sealed record Problem<T>(string? Type, string Summary, T? Current);
