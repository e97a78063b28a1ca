using Allocation.Grains.Ledger;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Allocation.Grains.Hosting;

/// <summary>
/// What a readiness probe asks of the storage: is the ledger writer committing, and does PostgreSQL answer. Answers
/// name the problem and never any data.
/// </summary>
public sealed class StorageHealth
{
    /// <summary>A probe that takes longer than this counts as PostgreSQL not answering.</summary>
    public const int ProbeTimeoutMilliseconds = 2_000;

    private readonly LedgerWriter writer;
    private readonly NpgsqlDataSource? dataSource;

    internal StorageHealth(LedgerWriter writer, NpgsqlDataSource? dataSource)
    {
        this.writer = writer;
        this.dataSource = dataSource;
    }

    /// <summary>Null when the storage serves; otherwise what is wrong.</summary>
    public async Task<string?> ProblemAsync(CancellationToken cancellationToken)
    {
        if (writer.IsFailing)
        {
            return "the ledger writer's last batch failed and none has committed since";
        }

        if (dataSource is null)
        {
            return null;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeoutMilliseconds);
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(timeout.Token);
            return null;
        }
        catch (Exception exception) when (exception is NpgsqlException or OperationCanceledException)
        {
            return "PostgreSQL does not answer";
        }
    }

    internal static StorageHealth Create(IServiceProvider services) =>
        new(services.GetRequiredService<LedgerWriter>(), services.GetService<NpgsqlDataSource>());
}
