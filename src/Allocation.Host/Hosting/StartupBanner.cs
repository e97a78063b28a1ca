using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Allocation.Host.Hosting;

/// <summary>Tells a newcomer where the service listens and one request to try, once it is really listening.</summary>
internal sealed class StartupBanner(IServer server, IHostApplicationLifetime lifetime, AllocationHostOptions options, SiloTlsOptions tls, ILogger<StartupBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Print);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Print()
    {
        var url = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://127.0.0.1:5080";
        if (options.Storage == StorageMode.InMemory)
        {
            logger.LogWarning("IN-MEMORY MODE: nothing is stored; every hold and count is lost when this process stops.");
        }

        if (SiloTls.IsOn(tls, options))
        {
            logger.LogInformation("Silo network on {Address}: mutual TLS, peers signed by {Authority}", options.AdvertisedAddress, tls.AuthorityPath);
        }
        else if (options.Storage == StorageMode.Postgres && !System.Net.IPAddress.IsLoopback(options.Advertised))
        {
            logger.LogWarning("Silo network on {Address} WITHOUT TLS ({Section}:Mode=Off): anyone reaching the silo port can join the cluster", options.AdvertisedAddress, SiloTlsOptions.SectionName);
        }

        Console.WriteLine($"""

            Allocation is listening on {url} ({options.Storage} storage). OpenAPI: {url}/openapi/v1.json
            Try:
              curl -s -X POST {url}/api/v1/reservations -H "X-Api-Key: $ALLOCATION_CHECKOUT_KEY" -H 'Content-Type: application/json' \
                -d '{DemoSeeder.ExampleReservationJson}'
            Every /api/v1 route needs a credential (scripts/run.sh prints development keys; the keys API makes more).
            Press Ctrl-C to stop.

            """);
    }
}
