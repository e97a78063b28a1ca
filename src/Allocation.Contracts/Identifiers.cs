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
}
