using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Allocation.Host.Hosting;

internal static class HostOptionsReader
{
    /// <summary>Binds and checks the host options before anything starts, because they decide how the silo is built.</summary>
    public static AllocationHostOptions Read(IConfiguration configuration)
    {
        var options = ReadSection<AllocationHostOptions>(configuration, AllocationHostOptions.SectionName, bound => bound.ConnectionString ??= configuration.GetConnectionString("Allocation"));
        if (options.Storage == StorageMode.Postgres)
        {
            CheckConnectionString(options.ConnectionString);
            options.ConnectionString = ConnectionBudget.Apply(options.ConnectionString!, options.ClusterHostsMax);
        }

        return options;
    }

    /// <summary>
    /// Binds a section and checks its attributes (and <see cref="IValidatableObject"/>) at once, for options that decide
    /// how the host is built and so cannot wait for ValidateOnStart. A wrong value is one line naming the setting.
    /// </summary>
    public static TOptions ReadSection<TOptions>(IConfiguration configuration, string sectionName, Action<TOptions>? complete = null)
        where TOptions : class, new()
    {
        var options = new TOptions();
        try
        {
            configuration.GetSection(sectionName).Bind(options);
        }
        catch (InvalidOperationException exception)
        {
            throw new HostConfigurationException($"{sectionName}: {exception.Message}", exception);
        }

        complete?.Invoke(options);
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            var first = results[0];
            throw new HostConfigurationException($"{sectionName}:{string.Join(",", first.MemberNames)}: {first.ErrorMessage}");
        }

        return options;
    }

    private static void CheckConnectionString(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new HostConfigurationException(
                $"{AllocationHostOptions.SectionName}:ConnectionString is missing (Postgres mode). Set it, or run with --{AllocationHostOptions.SectionName}:Storage=InMemory.");
        }

        try
        {
            var parsed = new NpgsqlConnectionStringBuilder(connectionString);
            if (string.IsNullOrEmpty(parsed.Host))
            {
                throw new ArgumentException("it names no Host");
            }
        }
        catch (ArgumentException exception)
        {
            throw new HostConfigurationException($"{AllocationHostOptions.SectionName}:ConnectionString is not a valid PostgreSQL connection string: {exception.Message}", exception);
        }
    }
}
