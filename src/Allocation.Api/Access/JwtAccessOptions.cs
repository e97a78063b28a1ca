namespace Allocation.Api.Access;

/// <summary>
/// Bearer tokens from the retailer's identity provider: either <see cref="Authority"/> (OpenID Connect discovery
/// fetches its signing keys) or <see cref="SigningKeyBase64"/> (a shared HMAC key, for providers without discovery and
/// for tests). Tokens carry the claims named in <see cref="AccessClaimTypes"/>. Bearer tokens are refused when neither
/// is set.
/// </summary>
public sealed class JwtAccessOptions
{
    public const int SigningKeyBytesMin = 32;

    public string? Authority { get; set; }

    public string? SigningKeyBase64 { get; set; }

    public string Issuer { get; set; } = "";

    public string Audience { get; set; } = "allocation";

    public bool IsConfigured => !string.IsNullOrEmpty(Authority) || !string.IsNullOrEmpty(SigningKeyBase64);
}
