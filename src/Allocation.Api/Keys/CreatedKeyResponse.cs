namespace Allocation.Api.Keys;

/// <summary>A new key with its text: the only time the text is shown; only its SHA-256 digest is kept.</summary>
public sealed record CreatedKeyResponse(string Key, KeyResponse Entry);
