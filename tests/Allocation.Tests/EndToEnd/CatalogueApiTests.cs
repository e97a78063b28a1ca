using Allocation.Tests.Infrastructure;
using Npgsql;
using System.Net;

namespace Allocation.Tests.EndToEnd;

/// <summary>The catalogue over HTTP on PostgreSQL: one row per SKU write, bounded growth, free-text rules.</summary>
public sealed class CatalogueApiTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task PutSku_NewSku_WritesOneRecordAndLeavesTheCatalogueStateUnwritten()
    {
        var stateBefore = await CatalogueStateVersionAsync(fixture.Database);
        var recordsBefore = await SkuRecordCountAsync(fixture.Database);

        var sku = await fixture.NewSkuAsync();
        var (response, body) = await fixture.Host.Client.SendAsync(HttpMethod.Get, $"/api/v1/skus/{sku}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("test item", body!["name"]!.GetValue<string>());
        Assert.Equal(recordsBefore + 1, await SkuRecordCountAsync(fixture.Database));
        Assert.Equal(stateBefore, await CatalogueStateVersionAsync(fixture.Database));
    }

    [Theory]
    [InlineData("""{"name":"shirt\u0000"}""")]
    [InlineData("""{"name":"shirt\u001b[31m"}""")]
    [InlineData("""{"name":"   "}""")]
    public async Task PutSku_NameWithControlCharactersOrBlank_Is400NamingNameAndAddsNothing(string body)
    {
        var sku = "BAD-" + Guid.NewGuid().ToString("N")[..10];

        var (response, problem) = await fixture.Host.Client.SendAsync(HttpMethod.Put, $"/api/v1/skus/{sku}", body);
        var after = await fixture.Host.Client.SendAsync(HttpMethod.Get, $"/api/v1/skus/{sku}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("name", problem.ErrorFields());
        Assert.Equal(HttpStatusCode.NotFound, after.Response.StatusCode);
    }

    [Fact]
    public async Task PutSku_CatalogueAtItsLimit_NewSkuIs409ButRenamingStillWorks()
    {
        await using var database = await TestDatabases.CreateAsync();
        var settings = HostFixture.Settings(database.ConnectionString);
        settings["Allocation:Demo:SkuCount"] = "3";
        settings["Allocation:Catalogue:SkusPerTenantMax"] = "4";
        await using var host = await HostProcess.StartAsync(settings);

        var fourth = await host.Client.SendAsync(HttpMethod.Put, "/api/v1/skus/LIMIT-4", new { name = "fourth" });
        var fifth = await host.Client.SendAsync(HttpMethod.Put, "/api/v1/skus/LIMIT-5", new { name = "fifth" });
        var rename = await host.Client.SendAsync(HttpMethod.Put, "/api/v1/skus/LIMIT-4", new { name = "fourth, renamed" });
        var summary = await host.Client.SendAsync(HttpMethod.Get, "/api/v1/catalogue");

        Assert.Equal(HttpStatusCode.OK, fourth.Response.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, fifth.Response.StatusCode);
        Assert.Contains("holds 4 SKUs", fifth.Body!["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, rename.Response.StatusCode);
        Assert.Equal(4, summary.Body!["skus"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.SendAsync(HttpMethod.Get, "/api/v1/skus/LIMIT-5")).Response.StatusCode);
    }

    private static async Task<long> SkuRecordCountAsync(ScratchDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM grain_records WHERE kind = 'catalogue-sku'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<int> CatalogueStateVersionAsync(ScratchDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM orleans_grain_state WHERE grain_type LIKE '%catalogue%'", connection);
        return (int)(await command.ExecuteScalarAsync())!;
    }
}
