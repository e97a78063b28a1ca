using Npgsql;

namespace Allocation.Grains.Storage;

/// <summary>One statement with positional parameters ($1, $2, …), run on a pooled connection of the data source.</summary>
internal static class PostgresCommands
{
    /// <summary>Every row of the query, each turned into a value by <paramref name="readRow"/>.</summary>
    public static async Task<List<T>> QueryAsync<T>(
        this NpgsqlDataSource dataSource, string sql, Func<NpgsqlDataReader, T> readRow, CancellationToken cancellationToken, params object[] values)
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
