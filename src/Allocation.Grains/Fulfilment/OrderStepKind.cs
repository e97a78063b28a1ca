namespace Allocation.Grains.Fulfilment;

/// <summary>The order steps that change stock (and so may be cut off half-way). Stored: never renumber.</summary>
internal enum OrderStepKind
{
    Pick = 1,
    Dispatch = 2,
    Receive = 3,
    Collect = 4,
    Cancel = 5,
    Expire = 6,
}
