namespace Allocation.Api.Keys;

/// <summary>
/// A rotation: how long the old key keeps working beside the new one (default a day, at most a week), and optionally
/// when the new key expires.
/// </summary>
public sealed record RotateKeyBody(int? OverlapSeconds, DateTimeOffset? ExpiresAt = null);
