using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Allocation.Host.Hosting;

internal static class HostOptionsReader
{
    /// <summary>Binds and checks the host options before anything starts, because they decide how the silo is built.</summary>
    public static AllocationHostOptions Read(IConfiguration configuration)
    {
        var options = new AllocationHostOptions();
        try
        {
            configuration.GetSection(AllocationHostOptions.SectionName).Bind(options);
        }
        catch (InvalidOperationException exception)
        {
            throw new HostConfigurationException($"{AllocationHostOptions.SectionName}: {exception.Message}", exception);
        }

        options.ConnectionString ??= configuration.GetConnectionString("Allocation");
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            var first = results[0];
            throw new HostConfigurationException($"{AllocationHostOptions.SectionName}:{string.Join(",", first.MemberNames)}: {first.ErrorMessage}");
        }

        if (options.Storage == StorageMode.Postgres)
        {
            CheckConnectionString(options.ConnectionString);
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
