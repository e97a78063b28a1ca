using Allocation.Contracts;
using Allocation.Contracts.Access;
using System.Security.Cryptography;
using System.Text;

namespace Allocation.Api.Access;

/// <summary>
/// The text of an API key: <c>alk.{tenant}.{keyId}.{secret}</c>. The tenant and key id say where the digest to check
/// is kept (they are not secret); the secret is 32 random bytes, so one SHA-256 of the whole text is enough to store
/// (a slow password hash protects guessable secrets, and these are not guessable).
/// </summary>
public static class ApiKeyText
{
    public const string Prefix = "alk.";

    private const int KeyIdBytes = 9;
    private const int SecretBytes = 32;

    /// <summary>A new key for the tenant: its id and its whole text (shown once, never stored).</summary>
    public static (string KeyId, string Text) Generate(string tenantId)
    {
        Assert(Identifiers.IsValid(tenantId), "tenant id");
        var keyId = Base64Url(RandomNumberGenerator.GetBytes(KeyIdBytes));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(SecretBytes));
        return (keyId, $"{Prefix}{tenantId}.{keyId}.{secret}");
    }

    /// <summary>The tenant and key id of a key's text; false for anything not shaped like a key.</summary>
    public static bool TryParse(string text, out string tenantId, out string keyId)
    {
        tenantId = keyId = "";
        if (text.Length > AccessLimits.KeyTextLengthMax || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        // Tenant ids may hold '.', key ids and secrets never do (base64url): split from the right.
        var secretDot = text.LastIndexOf('.');
        var keyIdDot = secretDot > Prefix.Length ? text.LastIndexOf('.', secretDot - 1) : -1;
        if (keyIdDot <= Prefix.Length)
        {
            return false;
        }

        tenantId = text[Prefix.Length..keyIdDot];
        keyId = text[(keyIdDot + 1)..secretDot];
        return Identifiers.IsValid(tenantId) && IsKeyId(keyId) && secretDot < text.Length - 1;
    }

    public static bool IsKeyId(string keyId) =>
        keyId.Length is > 0 and <= Identifiers.IdentifierLengthMax && keyId.All(character => char.IsAsciiLetterOrDigit(character) || character is '-' or '_');

    public static byte[] Digest(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));

    public static bool IsDigestHex(string text) => text.Length == 2 * AccessLimits.KeyHashBytes && text.All(char.IsAsciiHexDigit);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static void Assert(bool condition, string what)
    {
        if (!condition)
        {
            throw new ArgumentException("invalid " + what);
        }
    }
}
