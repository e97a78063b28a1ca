using System.Globalization;
using System.Net;
using Allocation.Api;
using Allocation.Api.Access;
using Allocation.Grains.Common;
using Allocation.Host.Hosting;
using Allocation.TestKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Allocation.Tests.Support;

/// <summary>
/// The real host (API, silo, PostgreSQL storage: what Program.cs composes) in this process, with a business clock of the
/// caller's: a fake one for tests of rules that span days, a compressed one for the soak benchmark (which links this
/// file). Everything else is the production composition, reached over HTTP on a free loopback port with the kit's keys.
/// </summary>
public sealed class InProcessHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private InProcessHost(WebApplication app, Uri baseAddress)
    {
        this.app = app;
        BaseAddress = baseAddress;
        Client = ClientWithKey(HostProcess.AdminKey);
    }

    public Uri BaseAddress { get; }

    /// <summary>A client with the demo tenant's admin key.</summary>
    public HttpClient Client { get; }

    public IServiceProvider Services => app.Services;

    /// <summary>
    /// Starts the host with <paramref name="settings"/> (over the kit's keys and free ports) and the business clock
    /// <paramref name="businessClock"/>; <paramref name="configureServices"/> may add to the composition (the soak
    /// benchmark shortens Orleans' idle collection so its activation counts settle within minutes).
    /// </summary>
    public static async Task<InProcessHost> StartAsync(
        IReadOnlyDictionary<string, string> settings, TimeProvider businessClock, Action<IServiceCollection>? configureServices = null, CancellationToken cancellationToken = default)
    {
        var baseAddress = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{FreePorts.Next(IPAddress.Loopback)}"));
        var merged = HostProcess.WithKitCredentials(settings, IPAddress.Loopback);
        string[] arguments = [$"--urls={baseAddress.ToString().TrimEnd('/')}", .. merged.Select(pair => $"--{pair.Key}={pair.Value}")];
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = arguments, ContentRootPath = AppContext.BaseDirectory, EnvironmentName = "Production" });
        // Registered before the silo's own (TryAdd) registration of the system clock, so this one is used.
        builder.Services.AddSingleton(new AllocationClock(businessClock));
        var options = builder.AddAllocationHost();
        var telemetry = builder.AddAllocationTelemetry();
        builder.Services.AddAllocationApi();
        configureServices?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapAllocationApi();
        app.MapAllocationHealth();
        app.MapAllocationOperations(telemetry).RequireAuthorization(AccessPolicies.Operator);
        try
        {
            await app.PrepareStorageAsync(options);
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new InProcessHost(app, baseAddress);
    }

    public HttpClient ClientWithKey(string key)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await app.StopAsync(stopping.Token);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}
