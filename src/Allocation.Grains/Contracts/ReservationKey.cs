namespace Allocation.Grains.Contracts;

/// <summary>The grain key of a reservation: tenant and reservation id.</summary>
public static class ReservationKey
{
    public static string For(string tenantId, string reservationId) => tenantId + "|" + reservationId;

    public static (string TenantId, string ReservationId) Parse(string grainKey)
    {
        var separator = grainKey.IndexOf('|', StringComparison.Ordinal);
        if (separator <= 0 || separator == grainKey.Length - 1)
        {
            throw new ArgumentException($"'{grainKey}' is not a reservation grain key (tenant|reservation).", nameof(grainKey));
        }

        return (grainKey[..separator], grainKey[(separator + 1)..]);
    }
}
