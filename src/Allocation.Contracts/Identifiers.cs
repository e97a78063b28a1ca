namespace Allocation.Contracts;

/// <summary>Rules every tenant, SKU, store, reservation and document id follows, so keys stay unambiguous and bounded.</summary>
public static class Identifiers
{
    public const int IdentifierLengthMax = 64;

    /// <summary>Letters, digits, '-', '_', '.', ':'; never the key separator '|'.</summary>
    public static bool IsValid(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > IdentifierLengthMax)
        {
            return false;
        }

        foreach (var character in value)
        {
            var allowed = char.IsAsciiLetterOrDigit(character) || character is '-' or '_' or '.' or ':';
            if (!allowed)
            {
                return false;
            }
        }

        return true;
    }

    public const string Description = "1-64 characters: letters, digits, '-', '_', '.', ':'";

    /// <summary>
    /// Joins an id the service derives for itself (an order's stock documents, a wave's request on an order, a hold
    /// of a re-sourcing) to its owner's id. No client id can contain it (<see cref="IsValid"/> refuses it at every
    /// entrance), so a client can never take, or block, a derived id.
    /// </summary>
    public const char DerivedSeparator = '~';

    public const int DerivedLengthMax = 2 * IdentifierLengthMax;

    /// <summary>The id the service derives from <paramref name="ownerId"/> (a valid client id) for one of its steps.</summary>
    public static string Derived(string ownerId, string step)
    {
        var derived = $"{ownerId}{DerivedSeparator}{step}";
        if (!IsDerived(derived))
        {
            throw new ArgumentException($"'{derived}' is not a derived id: the owner must be a valid id and the step 1-{IdentifierLengthMax - 1} id characters", nameof(step));
        }

        return derived;
    }

    /// <summary>An id of the service's own: a valid id, the separator, then steps of id characters (maybe separated again).</summary>
    public static bool IsDerived(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > DerivedLengthMax)
        {
            return false;
        }

        var parts = value.Split(DerivedSeparator);
        return parts.Length >= 2 && IsValid(parts[0]) && parts.Skip(1).All(IsValid);
    }
}
