using Allocation.Client.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Allocation.Client;

public static class AllocationClientServiceCollectionExtensions
{
    /// <summary>The name of the client <see cref="AddAllocationClient(IServiceCollection, Action{AllocationClientOptions})"/> registers.</summary>
    public const string DefaultName = "Allocation.Client";

    /// <summary>
    /// Registers <see cref="AllocationClient"/> on IHttpClientFactory: inject it where it is needed. The returned builder
    /// configures the HTTP handler further (connection limits, a proxy).
    /// </summary>
    public static IHttpClientBuilder AddAllocationClient(this IServiceCollection services, Action<AllocationClientOptions> configure)
    {
        var builder = services.AddAllocationClient(DefaultName, configure);
        services.AddTransient(provider => provider.GetAllocationClient(DefaultName));
        return builder;
    }

    /// <summary>A named client (several services, or several credentials); resolve it with <see cref="GetAllocationClient"/>.</summary>
    public static IHttpClientBuilder AddAllocationClient(this IServiceCollection services, string name, Action<AllocationClientOptions> configure)
    {
        services.AddOptions<AllocationClientOptions>(name).Configure(configure)
            .Validate(options => options.Problems().Count == 0, "AllocationClientOptions: BaseAddress absolute, exactly one credential, retries and timeouts within their limits");
        var builder = services.AddHttpClient(name, (provider, http) =>
        {
            var options = provider.GetRequiredService<IOptionsMonitor<AllocationClientOptions>>().Get(name);
            http.BaseAddress = options.BaseAddress;
            // The resilience pipeline bounds each attempt and the whole call; HttpClient's own timeout would cut retries short.
            http.Timeout = Timeout.InfiniteTimeSpan;
        });
        builder.AddResilienceHandler("allocation", (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptionsMonitor<AllocationClientOptions>>().Get(name);
            pipeline.AddTimeout(TimeSpan.FromSeconds(options.TotalTimeoutSeconds));
            if (options.RetryAttemptsMax > 0)
            {
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = options.RetryAttemptsMax,
                    Delay = TimeSpan.FromMilliseconds(options.RetryDelayMilliseconds),
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    ShouldRetryAfterHeader = true,
                    ShouldHandle = arguments => TransientFailures.ShouldRetry(arguments.Outcome),
                });
            }

            pipeline.AddTimeout(TimeSpan.FromSeconds(options.AttemptTimeoutSeconds));
        });
        builder.AddHttpMessageHandler(provider => new CredentialHandler(provider.GetRequiredService<IOptionsMonitor<AllocationClientOptions>>(), name));
        return builder;
    }

    /// <summary>The client registered under <paramref name="name"/>.</summary>
    public static AllocationClient GetAllocationClient(this IServiceProvider provider, string name) =>
        new(provider.GetRequiredService<IHttpClientFactory>().CreateClient(name));
}
