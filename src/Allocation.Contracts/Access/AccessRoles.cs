namespace Allocation.Contracts.Access;

/// <summary>
/// What a credential may do. Checkout services reserve and pay; store staff work their own stores; admins (planners)
/// change the tenant's network, catalogue and keys, and may do everything the others may.
/// </summary>
public static class AccessRoles
{
    public const string Checkout = "checkout";
    public const string StoreStaff = "store";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Checkout, StoreStaff, Admin];

    public const string Description = "one of: checkout, store, admin";

    public static bool IsValid(string? role) => role is Checkout or StoreStaff or Admin;
}
