using Npgsql;

namespace Allocation.Host.Hosting;

/// <summary>
/// How many PostgreSQL connections this host may open, decided before anything starts. A host opens two pools (the
/// ledger's data source, and Orleans' storage and clustering, which share one by connection string), each up to the
/// connection string's <c>Maximum Pool Size</c>. Npgsql's default of 100 a pool let three hosts ask for 600 connections
/// of a server allowing 100: the demo seeding of hosts started together ran out (53300) and ended them. So the server's
/// limit for this role and database is read at start-up and shared by <see cref="AllocationHostOptions.ClusterHostsMax"/>
/// hosts: an unset pool size is derived from this host's share, a set one is checked against it, with one clear line
/// when it does not fit.
/// </summary>
internal static class ConnectionBudget
{
    /// <summary>Pools a host opens on the database: the ledger's, and Orleans' storage and clustering (one pool).</summary>
    public const int PoolsPerHost = 2;

    /// <summary>A derived pool is never larger than Npgsql's own default.</summary>
    public const int DerivedPoolSizeMax = 100;

    /// <summary>Below this a pool cannot serve the ledger writer and activations side by side.</summary>
    public const int PoolSizeMin = 2;

    private const string LimitSql = """
        SELECT current_setting('max_connections')::int
               - current_setting('superuser_reserved_connections')::int
               - coalesce(nullif(current_setting('reserved_connections', true), '')::int, 0),
               (SELECT datconnlimit FROM pg_database WHERE datname = current_database()),
               (SELECT rolconnlimit FROM pg_roles WHERE rolname = current_user)
        """;

    /// <summary>The connection string this host runs with: its pool size derived from the server's limit, or checked against it.</summary>
    public static string Apply(string connectionString, int clusterHostsMax)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var limit = ReadLimit(builder);
        var sharePerHost = limit / clusterHostsMax;
        var explicitSize = SetsPoolSize(connectionString);
        var where = $"PostgreSQL at {builder.Host}:{builder.Port} allows this role {limit} connections";
        if (!explicitSize)
        {
            var derived = Math.Min(DerivedPoolSizeMax, sharePerHost / PoolsPerHost);
            if (derived < PoolSizeMin)
            {
                throw new HostConfigurationException(
                    $"{where}: too few for {clusterHostsMax} hosts x {PoolsPerHost} pools of at least {PoolSizeMin}. Raise max_connections, or lower {AllocationHostOptions.SectionName}:ClusterHostsMax.");
            }

            builder.MaxPoolSize = derived;
            builder.MinPoolSize = Math.Min(builder.MinPoolSize, derived);
            return builder.ConnectionString;
        }

        var asked = PoolsPerHost * builder.MaxPoolSize;
        if (builder.MaxPoolSize < PoolSizeMin || asked > sharePerHost)
        {
            throw new HostConfigurationException(
                $"{where}; {clusterHostsMax} hosts ({AllocationHostOptions.SectionName}:ClusterHostsMax) x {PoolsPerHost} pools x Maximum Pool Size {builder.MaxPoolSize} = {clusterHostsMax * asked} do not fit. " +
                $"Set Maximum Pool Size between {PoolSizeMin} and {sharePerHost / PoolsPerHost} (or leave it out: it is derived), lower ClusterHostsMax, or raise max_connections.");
        }

        return builder.ConnectionString;
    }

    /// <summary>Whether the text itself names a pool size (Npgsql's builder reports every keyword it knows as present).</summary>
    private static bool SetsPoolSize(string connectionString)
    {
        var raw = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        return raw.Keys.Cast<string>().Select(key => key.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant()).Any(key => key is "MAXIMUMPOOLSIZE" or "MAXPOOLSIZE");
    }

    /// <summary>
    /// The connections this role may open on this database: the server's max_connections less the slots reserved for
    /// superusers, and the database's and role's own limits when set. One unpooled connection, closed at once.
    /// </summary>
    private static int ReadLimit(NpgsqlConnectionStringBuilder builder)
    {
        var probe = new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Pooling = false };
        try
        {
            using var connection = new NpgsqlConnection(probe.ConnectionString);
            connection.Open();
            using var command = new NpgsqlCommand(LimitSql, connection);
            using var reader = command.ExecuteReader();
            reader.Read();
            var limit = reader.GetInt32(0);
            foreach (var column in new[] { 1, 2 })
            {
                if (!reader.IsDBNull(column) && reader.GetInt32(column) >= 0)
                {
                    limit = Math.Min(limit, reader.GetInt32(column));
                }
            }

            return limit;
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            throw new HostConfigurationException($"PostgreSQL at {builder.Host}:{builder.Port} could not be prepared: {exception.Message}", exception);
        }
    }
}
