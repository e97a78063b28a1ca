using System.Net;
using Allocation.Client.Reservations;
using Microsoft.Extensions.DependencyInjection;

namespace Allocation.Client.Tests;

/// <summary>
/// Transient failures are retried with the same request, through Microsoft.Extensions.Http.Resilience, against the
/// real host: a lost answer across a host restart (kill -9, then a start on the same ports and database), a 503 with
/// Retry-After. A 500 is a fault and is answered at once. This class kills its own host, so it has its own.
/// </summary>
public sealed class RetryClientTests(ClientHostFixture fixture) : IClassFixture<ClientHostFixture>
{
    private string Store => fixture.Stores[0];

    [Fact]
    public async Task Reserve_AnswerLostAndHostRestarted_RetriedWithTheSameIdLeavesExactlyOneHold()
    {
        var sku = await fixture.StockedSkuAsync(Store, 5);
        Task? restarted = null;
        var attempts = new AttemptLog();
        // The first attempt reaches the host and is applied; then the host is killed before its answer counts and started
        // again, so the client sees a dropped connection, then refused connections, then the host back.
        var handler = new AttemptHandler(attempts, async (request, send, cancellationToken) =>
        {
            if (attempts.Count > 1)
            {
                return await send(request, cancellationToken);
            }

            using (await send(request, cancellationToken))
            {
            }

            await fixture.Host.KillAsync();
            restarted = fixture.Host.RestartAsync(CancellationToken.None);
            throw new HttpRequestException("the connection was reset before the answer arrived");
        });
        await using var services = fixture.NewServices(
            options =>
            {
                options.ApiKey = TestKit.HostProcess.AdminKey;
                options.RetryAttemptsMax = AllocationClientOptions.RetryAttemptsMaxLimit;
                options.RetryDelayMilliseconds = 1_000;
                options.TotalTimeoutSeconds = 300;
            },
            builder => builder.AddHttpMessageHandler(() => handler));
        var client = services.GetRequiredService<AllocationClient>();

        var result = await client.ReserveAsync(new ReserveRequest("r-" + sku, [new ReserveLine(sku, 2, Store)]));
        await restarted!;

        Assert.True(result.IsOk, result.ToString());
        Assert.Equal(200, result.StatusCode);
        Assert.True(attempts.Count >= 2, $"{attempts.Count} attempts");
        Assert.All(attempts.Bodies, body => Assert.Equal(attempts.Bodies[0], body));
        Assert.All(attempts.Paths, path => Assert.Equal("/api/v1/reservations", path));
        var stock = (await fixture.Client.GetStockAsync(sku, Store)).Require();
        Assert.Equal((5, 2), (stock.OnHand, stock.Held));
    }

    [Fact]
    public async Task Reserve_503WithRetryAfter_WaitsAndRetriesTheSameRequest()
    {
        var sku = await fixture.StockedSkuAsync(Store, 5);
        var attempts = new AttemptLog();
        var handler = new AttemptHandler(attempts, (request, send, cancellationToken) => attempts.Count == 1
            ? Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Headers = { RetryAfter = new(TimeSpan.FromSeconds(1)) } })
            : send(request, cancellationToken));
        await using var services = fixture.NewServices(options => options.ApiKey = TestKit.HostProcess.AdminKey, builder => builder.AddHttpMessageHandler(() => handler));
        var started = DateTimeOffset.UtcNow;

        var result = await services.GetRequiredService<AllocationClient>().ReserveAsync(new ReserveRequest("r-" + sku, [new ReserveLine(sku, 1, Store)]));

        Assert.Equal((AllocationOutcome.Ok, 201), (result.Outcome, result.StatusCode));
        Assert.Equal(2, attempts.Count);
        Assert.Equal(attempts.Bodies[0], attempts.Bodies[1]);
        Assert.True(attempts.Times[1] - attempts.Times[0] >= TimeSpan.FromSeconds(0.9), $"retried after {(attempts.Times[1] - attempts.Times[0]).TotalSeconds} s");
        Assert.True(DateTimeOffset.UtcNow - started >= TimeSpan.FromSeconds(0.9));
        Assert.Equal(1, (await fixture.Client.GetStockAsync(sku, Store)).Require().Held);
    }

    [Fact]
    public async Task Reserve_500_IsFailedAfterOneAttempt()
    {
        var attempts = new AttemptLog();
        var handler = new AttemptHandler(attempts, (_, _, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.InternalServerError)));
        await using var services = fixture.NewServices(options => options.ApiKey = TestKit.HostProcess.AdminKey, builder => builder.AddHttpMessageHandler(() => handler));

        var result = await services.GetRequiredService<AllocationClient>().ReserveAsync(new ReserveRequest("r-500", [new ReserveLine("SKU-0001", 1, Store)]));

        Assert.Equal((AllocationOutcome.Failed, 500, 1), (result.Outcome, result.StatusCode, attempts.Count));
    }

    [Fact]
    public async Task AnyCall_NothingListening_IsUnavailableAfterEveryRetry()
    {
        var services = new ServiceCollection();
        services.AddAllocationClient(options =>
        {
            options.BaseAddress = new Uri($"http://127.0.0.1:{TestKit.FreePorts.Next()}/");
            options.ApiKey = TestKit.HostProcess.AdminKey;
            options.RetryAttemptsMax = 2;
            options.RetryDelayMilliseconds = 10;
        });
        await using var provider = services.BuildServiceProvider();

        var result = await provider.GetRequiredService<AllocationClient>().GetStockAsync("SKU-0001", Store);

        Assert.Equal((AllocationOutcome.Unavailable, 0), (result.Outcome, result.StatusCode));
    }

    /// <summary>What every attempt sent, as the host would see it.</summary>
    private sealed class AttemptLog
    {
        public List<byte[]> Bodies { get; } = [];

        public List<string> Paths { get; } = [];

        public List<DateTimeOffset> Times { get; } = [];

        public int Count => Times.Count;
    }

    /// <summary>Sits below the retries, so it sees each attempt: logs it, then lets the test decide its fate.</summary>
    private sealed class AttemptHandler(
        AttemptLog log,
        Func<HttpRequestMessage, Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>, CancellationToken, Task<HttpResponseMessage>> fate) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
            lock (log)
            {
                log.Bodies.Add(body);
                log.Paths.Add(request.RequestUri!.AbsolutePath);
                log.Times.Add(DateTimeOffset.UtcNow);
            }

            return await fate(request, base.SendAsync, cancellationToken);
        }
    }
}
