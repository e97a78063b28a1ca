namespace Allocation.Api.Access;

/// <summary>The credential's role is one of <see cref="Roles"/>; store staff act only at their stores.</summary>
public sealed class RoleAccessRequirement(IReadOnlyList<string> roles) : IAuthorizationRequirement
{
    public IReadOnlyList<string> Roles { get; } = roles;
}
