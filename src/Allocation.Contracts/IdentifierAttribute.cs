using System.ComponentModel.DataAnnotations;

namespace Allocation.Contracts;

/// <summary>
/// An option holding an identifier (or a list of them) follows <see cref="Identifiers"/>, so configuration passes the
/// same rules as the API and imported files, at start-up.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class IdentifierAttribute : ValidationAttribute
{
    public override bool IsValid(object? value) => value switch
    {
        string text => Identifiers.IsValid(text),
        IEnumerable<string> texts => texts.All(Identifiers.IsValid),
        _ => false,
    };

    public override string FormatErrorMessage(string name) => $"{name} must be {Identifiers.Description}";
}
