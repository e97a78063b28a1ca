using Allocation.Tests.Infrastructure;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace Allocation.Tests.EndToEnd;

/// <summary>
/// The trust boundary of API keys, over HTTP: made-up keys refused without a grain call, failed authentications
/// limited per address (429), rotation with two live keys, expiry, revocation that no cached read outlives on the
/// revoking host, and configured keys revoked at run time.
/// </summary>
public sealed partial class KeyLifecycleTests(KeyLifecycleTests.Fixture fixture) : IClassFixture<KeyLifecycleTests.Fixture>
{
    private HostProcess Host => fixture.Host;

    [Fact]
    public async Task Authenticate_FloodOfMadeUpKeys_All401AndNoGrainActivated()
    {
        using var anonymous = Host.ClientWithKey(null);
        var genuine = await CreateKeyAsync(new { name = "flood survivor", role = "checkout" });
        using var genuineClient = Host.ClientWithKey(genuine);
        Assert.Equal(HttpStatusCode.OK, (await genuineClient.GetAsync("/api/v1/me")).StatusCode);
        var before = await ActivationsCreatedAsync();
        Assert.True(before > 0, "the scrape shows no activations created: the counter this test reads is missing");

        var statuses = new List<HttpStatusCode>();
        for (var index = 0; index < 300; index++)
        {
            // Made-up tenants, made-up key ids of a real tenant, and text not shaped like a key.
            var text = (index % 3) switch
            {
                0 => $"alk.tenant-{Guid.NewGuid():N}.k{index}.secret",
                1 => $"alk.default.made{index}x.secret",
                _ => "not-a-key-" + index,
            };
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
            request.Headers.Add("X-Api-Key", text);
            statuses.Add((await anonymous.SendAsync(request)).StatusCode);
        }

        var after = await ActivationsCreatedAsync();
        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        // A grain per made-up tenant would be 100 activations; only background work may add a few.
        Assert.True(after - before < 20, $"activations created during the flood: {after - before}");
        Assert.Equal(HttpStatusCode.OK, (await genuineClient.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task Authenticate_TooManyFailuresFromOneAddress_429ProblemThenEvenValidKeysWait()
    {
        await using var database = await TestDatabases.CreateAsync(serviceRole: true);
        var settings = HostFixture.Settings(database.ConnectionString);
        settings["Allocation:Access:FailedAuthenticationsPerMinuteMax"] = "3";
        await using var host = await HostProcess.StartAsync(settings);
        using var wrong = host.ClientWithKey("alk.default.nokey.secret");

        var failures = new List<HttpStatusCode>();
        for (var index = 0; index < 3; index++)
        {
            failures.Add((await wrong.GetAsync("/api/v1/me")).StatusCode);
        }

        var limited = await wrong.GetAsync("/api/v1/me");
        var validMeanwhile = await host.Client.GetAsync("/api/v1/me");
        using var anonymous = host.ClientWithKey(null);
        var noCredential = await anonymous.GetAsync("/health");

        Assert.All(failures, status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.Contains("/problems/too-many-requests", await limited.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(limited.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 }, "no Retry-After");
        Assert.Equal(HttpStatusCode.TooManyRequests, validMeanwhile.StatusCode);
        Assert.Equal(HttpStatusCode.OK, noCredential.StatusCode);
    }

    [Fact]
    public async Task Authenticate_TooManyBadBearerTokensFromOneAddress_429ThenValidTokensAndKeysWait()
    {
        await using var database = await TestDatabases.CreateAsync(serviceRole: true);
        var settings = HostFixture.Settings(database.ConnectionString);
        settings["Allocation:Access:FailedAuthenticationsPerMinuteMax"] = "3";
        await using var host = await HostProcess.StartAsync(settings);
        var expires = DateTime.UtcNow.AddMinutes(5);
        var badTokens = new[] { "not.a.token", AccessApiTests.Token(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32), expires, "admin"), AccessApiTests.Token(HostProcess.JwtSigningKey, DateTime.UtcNow.AddMinutes(-5), "admin") };
        var validToken = AccessApiTests.Token(HostProcess.JwtSigningKey, expires, "admin");
        using var anonymous = host.ClientWithKey(null);
        var noToken = await anonymous.GetAsync("/api/v1/me");
        var validBefore = await StatusWithTokenAsync(anonymous, validToken);

        var failures = new List<HttpStatusCode>();
        foreach (var token in badTokens)
        {
            failures.Add(await StatusWithTokenAsync(anonymous, token));
        }

        var limitedToken = await StatusWithTokenAsync(anonymous, badTokens[0]);
        var validTokenMeanwhile = await StatusWithTokenAsync(anonymous, validToken);
        var validKeyMeanwhile = await host.Client.GetAsync("/api/v1/me");

        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        Assert.Equal(HttpStatusCode.OK, validBefore);
        Assert.All(failures, status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, limitedToken);
        Assert.Equal(HttpStatusCode.TooManyRequests, validTokenMeanwhile);
        Assert.Equal(HttpStatusCode.TooManyRequests, validKeyMeanwhile.StatusCode);
    }

    private static async Task<HttpStatusCode> StatusWithTokenAsync(HttpClient client, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        request.Headers.Authorization = new("Bearer", token);
        return (await client.SendAsync(request)).StatusCode;
    }

    [Fact]
    public async Task Rotate_WithOverlap_BothKeysWorkThenWithoutOverlapOnlyTheNewOne()
    {
        var (oldKey, oldId) = await CreateKeyWithIdAsync(new { name = "rotating", role = "checkout" });

        var (rotated, body) = await Host.Client.SendAsync(HttpMethod.Post, $"/api/v1/keys/{oldId}/rotate", new { overlapSeconds = 3600 });
        var newKey = body!["key"]!.GetValue<string>();
        var newId = body["entry"]!["keyId"]!.GetValue<string>();
        var oldDuringOverlap = await StatusWithAsync(oldKey);
        var newDuringOverlap = await StatusWithAsync(newKey);
        var listed = (await Host.Client.SendAsync(HttpMethod.Get, "/api/v1/keys")).Body!.AsArray();
        var (finalRotation, finalBody) = await Host.Client.SendAsync(HttpMethod.Post, $"/api/v1/keys/{newId}/rotate", new { overlapSeconds = 0 });
        var newestKey = finalBody!["key"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.Created, rotated.StatusCode);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (oldDuringOverlap, newDuringOverlap));
        var oldListed = listed.Single(key => key!["keyId"]!.GetValue<string>() == oldId)!;
        Assert.True(oldListed["expiresAt"]!.GetValue<DateTimeOffset>() > DateTimeOffset.UtcNow.AddMinutes(50), "the old key's overlap is not an hour");
        Assert.Equal(HttpStatusCode.Created, finalRotation.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(newKey));
        Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(newestKey));
        Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(oldKey));
    }

    [Theory]
    [InlineData("{\"name\":\"x\",\"role\":\"checkout\",\"expiresAt\":\"2001-01-01T00:00:00Z\"}", "expiresAt")]
    [InlineData("{\"name\":\"x\",\"role\":\"checkout\",\"expiresAt\":\"2999-01-01T00:00:00Z\"}", "expiresAt")]
    public async Task CreateKey_ExpiryNotInItsWindow_400NamingIt(string json, string field)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        var response = await Host.Client.PostAsync("/api/v1/keys", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"\"{field}\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rotate_BadOverlapOrUnknownKey_400Or404AndNothingCreated()
    {
        var (_, keyId) = await CreateKeyWithIdAsync(new { name = "not rotated", role = "checkout" });
        var countBefore = (await Host.Client.SendAsync(HttpMethod.Get, "/api/v1/keys")).Body!.AsArray().Count;

        var tooLong = await Host.Client.SendAsync(HttpMethod.Post, $"/api/v1/keys/{keyId}/rotate", new { overlapSeconds = 8 * 24 * 3600 });
        var unknown = await Host.Client.SendAsync(HttpMethod.Post, "/api/v1/keys/nosuchkey/rotate", new { overlapSeconds = 10 });

        Assert.Equal(HttpStatusCode.BadRequest, tooLong.Response.StatusCode);
        Assert.Contains("overlapSeconds", tooLong.Body!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.Response.StatusCode);
        Assert.Equal(countBefore, (await Host.Client.SendAsync(HttpMethod.Get, "/api/v1/keys")).Body!.AsArray().Count);
    }

    [Theory]
    [InlineData("", "{\"overlapSeconds\":60,\"overlap\":1}", "overlap")]
    [InlineData("", "{\"overlapSeconds\":60,\"name\":\"new\\u0000name\"}", "name")]
    [InlineData("", "{\"overlapSeconds\":\"60\\u0000\"}", "overlapSeconds")]
    [InlineData("", "{\"overlapSeconds\":60.5}", "overlapSeconds")]
    [InlineData("", "{\"expiresAt\":\"2999-01-01\\u0001\"}", "expiresAt")]
    [InlineData("", "{\"overlapSeconds\":60}{\"overlapSeconds\":0}", "body")]
    [InlineData("", "[60]", "body")]
    [InlineData("", "{\"overlapSeconds\":60,\"expiresAt\":\"2999-01-01\u0000\"}", "expiresAt")]
    [InlineData("", "{\"overlapSeconds\":1e20}", "overlapSeconds")]
    [InlineData("%01", "{\"overlapSeconds\":60}", "keyId")]
    [InlineData("%0A", "{\"overlapSeconds\":60}", "keyId")]
    public async Task Rotate_BadInput_400ProblemNamingTheFieldAndNothingChanged(string keyIdSuffix, string json, string field)
    {
        var (response, text, unchanged) = await RotateWithAsync(keyIdSuffix, json, "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"\"{field}\":[", text, StringComparison.Ordinal);
        Assert.True(unchanged, "the keys changed");
    }

    /// <summary>
    /// Kestrel refuses a NUL in the path itself, before any middleware runs (a bare 400, no problem body: no hook can
    /// write one); a body that is not JSON is a 415 problem.
    /// </summary>
    [Theory]
    [InlineData("%00", "{\"overlapSeconds\":60}", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("", "overlapSeconds=60", "application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType)]
    public async Task Rotate_NulInPathOrNotJson_RefusedAndNothingChanged(string keyIdSuffix, string body, string mediaType, HttpStatusCode expected)
    {
        var (response, _, unchanged) = await RotateWithAsync(keyIdSuffix, body, mediaType);

        Assert.Equal(expected, response.StatusCode);
        Assert.True(unchanged, "the keys changed");
    }

    private async Task<(HttpResponseMessage Response, string Text, bool Unchanged)> RotateWithAsync(string keyIdSuffix, string body, string mediaType)
    {
        var (oldKey, keyId) = await CreateKeyWithIdAsync(new { name = "rotated badly", role = "checkout" });
        var before = (await Host.Client.SendAsync(HttpMethod.Get, "/api/v1/keys")).Body!.ToJsonString();
        using var content = new StringContent(body, System.Text.Encoding.UTF8, mediaType);

        var response = await Host.Client.PostAsync($"/api/v1/keys/{keyId}{keyIdSuffix}/rotate", content);

        var text = await response.Content.ReadAsStringAsync();
        var after = (await Host.Client.SendAsync(HttpMethod.Get, "/api/v1/keys")).Body!.ToJsonString();
        return (response, text, after == before && await StatusWithAsync(oldKey) == HttpStatusCode.OK);
    }

    [Fact]
    public async Task Revoke_WhileTheKeyIsInUse_EveryRequestStartedAfterThe204Is401()
    {
        var (key, keyId) = await CreateKeyWithIdAsync(new { name = "revoked under load", role = "checkout" });
        var calls = new ConcurrentQueue<(long StartedAt, HttpStatusCode Status)>();
        using var stop = new CancellationTokenSource();
        var loops = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            using var client = Host.ClientWithKey(key);
            while (!stop.IsCancellationRequested)
            {
                var startedAt = Stopwatch.GetTimestamp();
                calls.Enqueue((startedAt, (await client.GetAsync("/api/v1/me")).StatusCode));
            }
        })).ToList();
        await Task.Delay(TimeSpan.FromMilliseconds(300));

        var revoke = await Host.Client.SendAsync(HttpMethod.Delete, $"/api/v1/keys/{keyId}");
        var revokedAt = Stopwatch.GetTimestamp();
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        await stop.CancelAsync();
        await Task.WhenAll(loops);

        Assert.Equal(HttpStatusCode.NoContent, revoke.Response.StatusCode);
        Assert.Contains(calls, call => call.StartedAt < revokedAt && call.Status == HttpStatusCode.OK);
        var after = calls.Where(call => call.StartedAt > revokedAt).ToList();
        Assert.NotEmpty(after);
        Assert.All(after, call => Assert.Equal(HttpStatusCode.Unauthorized, call.Status));
    }

    [Fact]
    public async Task RevokeConfiguredKey_ListedWithItsId_RefusedAtOnce()
    {
        using var configured = Host.ClientWithKey(Fixture.RevocableConfiguredKey);
        var before = await configured.GetAsync("/api/v1/me");
        var listed = (await Host.Client.SendAsync(HttpMethod.Get, "/api/v1/keys")).Body!.AsArray();
        var entry = listed.Single(key => key!["name"]!.GetValue<string>() == Fixture.RevocableConfiguredName)!;
        var keyId = entry["keyId"]!.GetValue<string>();

        var revoke = await Host.Client.SendAsync(HttpMethod.Delete, $"/api/v1/keys/{keyId}");
        var after = await configured.GetAsync("/api/v1/me");
        var relisted = (await Host.Client.SendAsync(HttpMethod.Get, "/api/v1/keys")).Body!.AsArray().Single(key => key!["keyId"]!.GetValue<string>() == keyId)!;

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.True(entry["configured"]!.GetValue<bool>());
        Assert.StartsWith("cfg-", keyId, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, revoke.Response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.NotNull(relisted["revokedAt"]);
        Assert.Equal(HttpStatusCode.OK, (await Host.Client.GetAsync("/api/v1/me")).StatusCode);
    }

    private async Task<HttpStatusCode> StatusWithAsync(string key)
    {
        using var client = Host.ClientWithKey(key);
        return (await client.GetAsync("/api/v1/me")).StatusCode;
    }

    private async Task<string> CreateKeyAsync(object body) => (await CreateKeyWithIdAsync(body)).Key;

    private async Task<(string Key, string KeyId)> CreateKeyWithIdAsync(object body)
    {
        var (response, created) = await Host.Client.SendAsync(HttpMethod.Post, "/api/v1/keys", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (created!["key"]!.GetValue<string>(), created["entry"]!["keyId"]!.GetValue<string>());
    }

    /// <summary>Orleans' count of activations created on the host, from its Prometheus scrape (operator key).</summary>
    private async Task<double> ActivationsCreatedAsync()
    {
        using var operatorClient = Host.ClientWithKey(HostProcess.OperatorKey);
        var text = await operatorClient.GetStringAsync("/metrics");
        return ActivationsCreatedLine().Matches(text).Sum(match => double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"^orleans_catalog_activation_created\w*(?:\{[^}]*\})? (\S+)", RegexOptions.Multiline)]
    private static partial Regex ActivationsCreatedLine();

    /// <summary>A host with a high failure allowance (the flood must reach the key checks) and one more configured admin key to revoke.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public const string RevocableConfiguredName = "revocable configured admin";

        public static readonly string RevocableConfiguredKey = "alk.default.revocable." + Guid.NewGuid().ToString("N");

        private ScratchDatabase database = null!;

        public HostProcess Host { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            database = await TestDatabases.CreateAsync(serviceRole: true);
            var settings = HostFixture.Settings(database.ConnectionString);
            settings["Allocation:Access:FailedAuthenticationsPerMinuteMax"] = "100000";
            settings["Allocation:Access:Keys:2:Name"] = RevocableConfiguredName;
            settings["Allocation:Access:Keys:2:TenantId"] = "default";
            settings["Allocation:Access:Keys:2:Role"] = "admin";
            settings["Allocation:Access:Keys:2:KeySha256"] = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(RevocableConfiguredKey)));
            Host = await HostProcess.StartAsync(settings);
        }

        public async Task DisposeAsync()
        {
            await Host.DisposeAsync();
            await database.DisposeAsync();
        }
    }
}
