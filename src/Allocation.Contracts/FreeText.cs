namespace Allocation.Contracts;

/// <summary>
/// Rules for free text (reasons, names): bounded length and no control characters (NUL included), which PostgreSQL
/// refuses in text and which have no place in a label. The same rules apply at every entrance and in the engine.
/// </summary>
public static class FreeText
{
    public const int ReasonLengthMax = 200;

    public const int NameLengthMax = 200;

    /// <summary>What is wrong with <paramref name="value"/>, or null when it may be stored (null itself is allowed).</summary>
    public static string? Problem(string? value, int lengthMax)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Length > lengthMax)
        {
            return $"at most {lengthMax} characters";
        }

        return value.Any(char.IsControl) ? "must not hold control characters" : null;
    }
}
