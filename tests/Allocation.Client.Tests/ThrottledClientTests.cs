using Microsoft.Extensions.DependencyInjection;

namespace Allocation.Client.Tests;

/// <summary>
/// The host's limit on failed authentications per client address, seen through the client: a typed outcome, never an
/// exception. This class floods its own host (the limit would refuse every other test's requests from this address).
/// </summary>
public sealed class ThrottledClientTests(ClientHostFixture fixture) : IClassFixture<ClientHostFixture>
{
    /// <summary>The host's default of Allocation:Access:FailedAuthenticationsPerMinuteMax, and some room.</summary>
    private const int AttemptsMax = 100 + 20;

    [Fact]
    public async Task Get_ManyFailedAuthentications_EndsThrottledWithTooManyRequests()
    {
        await using var services = fixture.NewServices(options => options.ApiKey = "alk.default.unknown-key." + Guid.NewGuid().ToString("N"));
        var client = services.GetRequiredService<AllocationClient>();
        var outcomes = new List<AllocationOutcome>();

        for (var attempt = 0; attempt < AttemptsMax && !outcomes.Contains(AllocationOutcome.Throttled); attempt++)
        {
            outcomes.Add((await client.ListStoresAsync()).Outcome);
        }

        Assert.Equal(AllocationOutcome.Unauthenticated, outcomes[0]);
        Assert.Equal(AllocationOutcome.Throttled, outcomes[^1]);
        Assert.All(outcomes[..^1], outcome => Assert.Equal(AllocationOutcome.Unauthenticated, outcome));
    }
}
