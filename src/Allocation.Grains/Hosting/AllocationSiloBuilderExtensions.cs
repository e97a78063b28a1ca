using Allocation.Grains.Catalogue;
using Allocation.Grains.Common;
using Allocation.Grains.Fulfilment;
using Allocation.Grains.Ledger;
using Allocation.Grains.Notifications;
using Allocation.Grains.Reservations;
using Allocation.Grains.Sourcing;
using Allocation.Grains.Stock;
using Allocation.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Orleans.Storage;

namespace Allocation.Grains.Hosting;

public static class AllocationSiloBuilderExtensions
{
    /// <summary>Grain storage, the ledger (stock entries and grain records) with its group-commit writer and group reader, and the grains' options. Clustering is the host's choice.</summary>
    public static ISiloBuilder AddAllocationGrains(this ISiloBuilder silo, AllocationStorage storage)
    {
        var services = silo.Services;
        services.TryAddSingleton(AllocationClock.System);
        services.AddSingleton<IGrainStorageSerializer>(GrainStateFormat.Create);
        services.AddValidatedOptions<StockOptions>(StockOptions.SectionName);
        services.AddValidatedOptions<LedgerWriterOptions>(LedgerWriterOptions.SectionName);
        services.AddValidatedOptions<ReservationOptions>(ReservationOptions.SectionName);
        services.AddValidatedOptions<SourcingOptions>(SourcingOptions.SectionName);
        services.AddValidatedOptions<ReoptimizationOptions>(ReoptimizationOptions.SectionName);
        services.AddValidatedOptions<CatalogueOptions>(CatalogueOptions.SectionName);
        services.AddValidatedOptions<FulfilmentOptions>(FulfilmentOptions.SectionName);
        services.AddValidatedOptions<RetentionOptions>(RetentionOptions.SectionName);
        services.AddValidatedOptions<WebhookOptions>(WebhookOptions.SectionName);
        services.AddSingleton<LedgerWriter>();
        services.AddSingleton<RecordReader>();
        services.AddSingleton(StorageHealth.Create);
        services.AddSingleton<GrainRecords>();
        services.AddSingleton<ILineReservationRecords, LineReservationRecords>();
        services.AddSingleton<IOrderOpening, OrderOpening>();
        services.AddSingleton<IOpenOrderStore, OpenOrderRecords>();
        services.AddSingleton<OnlineAllocator>();
        services.AddSingleton<ReservationRecovery>();
        services.AddHostedService(provider => provider.GetRequiredService<ReservationRecovery>());
        services.AddHostedService<ReoptimizationScheduler>();
        silo.AddIncomingGrainCallFilter<ServiceCallMetrics>();
        silo.AddIncomingGrainCallFilter<StorageFailureFilter>();
        services.AddSingleton<OrderExpirySweep>();
        services.AddHostedService(provider => provider.GetRequiredService<OrderExpirySweep>());
        services.AddSingleton<RetentionSweep>();
        services.AddHostedService(provider => provider.GetRequiredService<RetentionSweep>());
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WebhookDelivery>();
        services.AddHostedService(provider => provider.GetRequiredService<WebhookDelivery>());
        if (storage.PostgresConnectionString is { } connectionString)
        {
            services.AddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString)
            {
                // The ledger batch insert runs thousands of times a second: prepare it once per connection. No session
                // state is ever set, so a connection back in the pool needs no reset statements before its next batch.
                ConnectionStringBuilder = { MaxAutoPrepare = 16, AutoPrepareMinUsages = 2, NoResetOnClose = true },
            }.Build());
            services.AddSingleton<ILedgerStore, PostgresLedgerStore>();
            // Orleans' ADO.NET storage under a name of its own, served to grains through a wrapper whose failures
            // every silo can deserialize (ReadableFailureGrainStorage).
            silo.AddAdoNetGrainStorage(AdoNetGrainStorageName, options =>
            {
                options.Invariant = PostgresInvariant;
                options.ConnectionString = connectionString;
            });
            services.AddKeyedSingleton<IGrainStorage>(StorageNames.GrainStorage, (provider, _) =>
                new ReadableFailureGrainStorage(provider.GetRequiredKeyedService<IGrainStorage>(AdoNetGrainStorageName)));
        }
        else
        {
            services.AddSingleton<ILedgerStore, InMemoryLedgerStore>();
            silo.AddMemoryGrainStorage(StorageNames.GrainStorage);
        }

        return silo;
    }

    public const string PostgresInvariant = "Npgsql";

    private const string AdoNetGrainStorageName = StorageNames.GrainStorage + "-adonet";
}
