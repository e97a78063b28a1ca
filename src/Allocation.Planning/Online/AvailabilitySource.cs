using Allocation.Planning.Model;

namespace Allocation.Planning.Online;

/// <summary>
/// Supplies the snapshot a micro-batch is planned against: stock of the given SKUs at every location (net of safety
/// stock and of holds already made, including those of earlier batches) and pick capacity already booked.
/// </summary>
public delegate ValueTask<AvailabilitySnapshot> AvailabilitySource(IReadOnlyCollection<string> skus, CancellationToken cancellationToken);
