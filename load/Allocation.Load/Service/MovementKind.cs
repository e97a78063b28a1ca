namespace Allocation.Load.Service;

/// <summary>The stock movements the harness posts; the route segment is the lower-case plural.</summary>
public enum MovementKind
{
    Receipt = 1,
    Sale = 2,
}
