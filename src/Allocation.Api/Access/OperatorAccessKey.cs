namespace Allocation.Api.Access;

/// <summary>An operator credential: a name to recognise it by and the SHA-256 of its text as 64 hex digits, never the key.</summary>
public sealed class OperatorAccessKey
{
    public string Name { get; set; } = "";

    public string KeySha256 { get; set; } = "";
}
