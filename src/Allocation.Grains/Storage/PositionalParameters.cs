using Npgsql;

namespace Allocation.Grains.Storage;

internal static class PositionalParameters
{
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
