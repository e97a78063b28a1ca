using Npgsql;
using Orleans.Storage;

namespace Allocation.Grains.Storage;

/// <summary>
/// Orleans' grain storage with database failures turned into exceptions every silo can read. Orleans wraps a failed
/// state read in an <c>OrleansException</c> around Npgsql's own exception, which has no Orleans codec: a grain whose
/// activation read failed on one silo then answered a caller on another with a serialization failure (and the demo
/// seeding that met it ended the host). Here the failure leaves as <see cref="PostgresCommands.Readable"/> makes it.
/// </summary>
internal sealed class ReadableFailureGrainStorage(IGrainStorage inner) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        GuardAsync(() => inner.ReadStateAsync(stateName, grainId, grainState));

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        GuardAsync(() => inner.WriteStateAsync(stateName, grainId, grainState));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        GuardAsync(() => inner.ClearStateAsync(stateName, grainId, grainState));

    private static async Task GuardAsync(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (Exception exception) when (DatabaseCause(exception) is { } cause)
        {
            throw PostgresCommands.Readable(cause);
        }
    }

    private static NpgsqlException? DatabaseCause(Exception exception)
    {
        for (Exception? cause = exception; cause is not null; cause = cause.InnerException)
        {
            if (cause is NpgsqlException database)
            {
                return database;
            }
        }

        return null;
    }
}
