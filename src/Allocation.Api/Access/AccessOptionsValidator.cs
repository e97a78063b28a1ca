using Allocation.Contracts;
using Allocation.Contracts.Access;

namespace Allocation.Api.Access;

/// <summary>Configured keys and bearer settings pass the same rules as keys made through the API, at start-up.</summary>
internal sealed class AccessOptionsValidator : IValidateOptions<AccessOptions>
{
    public ValidateOptionsResult Validate(string? name, AccessOptions options)
    {
        var failures = new List<string>();
        for (var index = 0; index < options.Keys.Length; index++)
        {
            failures.AddRange(KeyFailures(options.Keys[index]).Select(failure => $"{AccessOptions.SectionName}:Keys:{index}: {failure}"));
        }

        for (var index = 0; index < options.OperatorKeys.Length; index++)
        {
            var key = options.OperatorKeys[index];
            if (key.Name.Length == 0 || FreeText.Problem(key.Name, AccessLimits.KeyNameLengthMax) is not null)
            {
                failures.Add($"{AccessOptions.SectionName}:OperatorKeys:{index}: Name must be 1-{AccessLimits.KeyNameLengthMax} characters without control characters");
            }

            if (!ApiKeyText.IsDigestHex(key.KeySha256))
            {
                failures.Add($"{AccessOptions.SectionName}:OperatorKeys:{index}: KeySha256 must be the SHA-256 of the key as 64 hex digits");
            }
        }

        var duplicates = options.Keys.Select(key => key.KeySha256).Concat(options.OperatorKeys.Select(key => key.KeySha256))
            .GroupBy(digest => digest, StringComparer.OrdinalIgnoreCase).Where(group => group.Count() > 1);
        failures.AddRange(duplicates.Select(group => $"{AccessOptions.SectionName}:Keys: the digest {group.Key} is configured twice"));
        failures.AddRange(JwtFailures(options.Jwt));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static IEnumerable<string> KeyFailures(ConfiguredAccessKey key)
    {
        if (key.Name.Length == 0 || FreeText.Problem(key.Name, AccessLimits.KeyNameLengthMax) is not null)
        {
            yield return $"Name must be 1-{AccessLimits.KeyNameLengthMax} characters without control characters";
        }

        if (!Identifiers.IsValid(key.TenantId))
        {
            yield return "TenantId must be " + Identifiers.Description;
        }

        if (!AccessRoles.IsValid(key.Role))
        {
            yield return "Role must be " + AccessRoles.Description;
        }

        foreach (var failure in StoreFailures(key.Role, key.StoreIds))
        {
            yield return failure;
        }

        if (!ApiKeyText.IsDigestHex(key.KeySha256))
        {
            yield return "KeySha256 must be the SHA-256 of the key as 64 hex digits";
        }
    }

    /// <summary>Store staff name 1 to StoresPerKeyMax valid stores; other roles name none. Shared with the keys API.</summary>
    public static IEnumerable<string> StoreFailures(string role, IReadOnlyList<string> storeIds)
    {
        if (role == AccessRoles.StoreStaff && (storeIds.Count == 0 || storeIds.Count > AccessLimits.StoresPerKeyMax))
        {
            yield return $"StoreIds must name 1-{AccessLimits.StoresPerKeyMax} stores for the store role";
        }
        else if (role != AccessRoles.StoreStaff && storeIds.Count > 0)
        {
            yield return "StoreIds are for the store role only";
        }

        foreach (var storeId in storeIds.Where(storeId => !Identifiers.IsValid(storeId)))
        {
            yield return "StoreIds: each must be " + Identifiers.Description;
        }
    }

    private static IEnumerable<string> JwtFailures(JwtAccessOptions jwt)
    {
        if (!string.IsNullOrEmpty(jwt.Authority) && !Uri.TryCreate(jwt.Authority, UriKind.Absolute, out _))
        {
            yield return $"{AccessOptions.SectionName}:Jwt:Authority must be an absolute URL";
        }

        if (!string.IsNullOrEmpty(jwt.SigningKeyBase64) && SigningKeyBytes(jwt.SigningKeyBase64) < JwtAccessOptions.SigningKeyBytesMin)
        {
            yield return $"{AccessOptions.SectionName}:Jwt:SigningKeyBase64 must be base64 of at least {JwtAccessOptions.SigningKeyBytesMin} bytes";
        }

        if (jwt.IsConfigured && (string.IsNullOrWhiteSpace(jwt.Issuer) || string.IsNullOrWhiteSpace(jwt.Audience)))
        {
            yield return $"{AccessOptions.SectionName}:Jwt: Issuer and Audience are required when bearer tokens are accepted";
        }
    }

    private static int SigningKeyBytes(string base64)
    {
        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, buffer, out var written) ? written : 0;
    }
}
