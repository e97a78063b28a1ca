using Allocation.Contracts;
using System.Data.Common;

namespace Allocation.Grains.Hosting;

/// <summary>
/// Turns storage failures into exceptions every silo can read. Npgsql's exceptions have no Orleans codec: thrown from a
/// grain on one silo to a caller on another they arrive as a serialization failure (a 500 where a 503 belongs), so a
/// failure whose cause is the database being unreachable or overloaded (the provider calls it transient: connection
/// refused or lost, too many connections, the server shutting down or starting) leaves the grain as
/// <see cref="StorageUnavailableException"/>, and a failed ledger write without the database exception inside it.
/// Other database errors (a missing table, a refused privilege) are faults of the deployment and stay 500s.
/// </summary>
internal sealed class StorageFailureFilter : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (LedgerWriteFailedException failed) when (failed.InnerException is not null)
        {
            throw new LedgerWriteFailedException(failed.Message, null, failed.OutcomeUnknown);
        }
        catch (Exception exception) when (exception is not LedgerWriteFailedException && DatabaseCause(exception) is { } cause)
        {
            throw new StorageUnavailableException($"storage did not answer: {cause.Message}");
        }
    }

    private static DbException? DatabaseCause(Exception exception)
    {
        for (Exception? cause = exception; cause is not null; cause = cause.InnerException)
        {
            if (cause is DbException { IsTransient: true } database)
            {
                return database;
            }
        }

        return null;
    }
}
