using Allocation.Contracts;
using Npgsql;

namespace Allocation.Grains.Storage;

/// <summary>One statement with positional parameters ($1, $2, …), run on a pooled connection of the data source.</summary>
internal static class PostgresCommands
{
    /// <summary>
    /// Every row of the query, each turned into a value by <paramref name="readRow"/>. A database failure leaves as an
    /// exception every silo can read (Npgsql's have no Orleans codec, and reads run in grain activations, where no
    /// grain call filter sees them): <see cref="StorageUnavailableException"/> when the database is unreachable or
    /// overloaded (a 503), otherwise <see cref="InvalidOperationException"/> naming the SQL state (a deployment fault).
    /// </summary>
    public static async Task<List<T>> QueryAsync<T>(
        this NpgsqlDataSource dataSource, string sql, Func<NpgsqlDataReader, T> readRow, CancellationToken cancellationToken, params object[] values)
    {
        try
        {
            await using var command = dataSource.CreateCommand(sql).WithValues(values);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = new List<T>();
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(readRow(reader));
            }

            return rows;
        }
        catch (NpgsqlException exception)
        {
            throw Readable(exception);
        }
    }

    /// <summary>What a failed database call becomes at a grain's boundary: a type every silo can deserialize, no inner exception.</summary>
    public static Exception Readable(NpgsqlException exception)
    {
        var state = exception is PostgresException postgres ? $" (SQL state {postgres.SqlState})" : "";
        return exception.IsTransient
            ? new StorageUnavailableException("storage did not answer a read" + state)
            : new InvalidOperationException("storage refused a read" + state);
    }

    /// <summary>Binds <paramref name="values"/> to $1, $2, … in order; an <see cref="NpgsqlParameter"/> is taken as given (to fix its type).</summary>
    public static NpgsqlCommand WithValues(this NpgsqlCommand command, params object[] values)
    {
        foreach (var value in values)
        {
            command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value });
        }

        return command;
    }
}
