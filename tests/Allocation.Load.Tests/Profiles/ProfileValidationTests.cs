using Allocation.Load.Profiles;

namespace Allocation.Load.Tests.Profiles;

public sealed class ProfileValidationTests
{
    private const string Minimal = """
        {
          "name": "tiny",
          "durationSeconds": 10,
          "peakRatePerSecond": 10,
          "rateCurve": [ { "atSeconds": 0, "fraction": 1 }, { "atSeconds": 10, "fraction": 1 } ],
          "scenarios": [ { "name": "pos", "kind": "storeSales", "share": 1 } ]
        }
        """;

    [Theory]
    [InlineData("singles-day.json")]
    [InlineData("smoke.json")]
    public void Load_ShippedProfile_HasNoErrors(string file)
    {
        var loaded = ProfileLoader.Load(Path.Combine(AppContext.BaseDirectory, "profiles", file));

        Assert.Empty(loaded.Errors);
        Assert.NotNull(loaded.Profile);
    }

    [Fact]
    public void Parse_MinimalProfile_IsValid()
    {
        var loaded = ProfileLoader.Parse(Minimal, "tiny");

        Assert.Empty(loaded.Errors);
        Assert.Equal(ScenarioKind.StoreSales, loaded.Profile!.Scenarios![0].Kind);
    }

    [Theory]
    [InlineData("\"name\": \"tiny\"", "\"name\": \"\"", "name: is required")]
    [InlineData("\"share\": 1", "\"share\": 1.5", "scenarios[0].share: must be between")]
    [InlineData("\"peakRatePerSecond\": 10", "\"peakRatePerSecond\": -1", "peakRatePerSecond: must be between")]
    [InlineData("{ \"atSeconds\": 10, \"fraction\": 1 }", "{ \"atSeconds\": 0, \"fraction\": 1 }", "rateCurve[1].atSeconds: must be after the previous point")]
    [InlineData("{ \"atSeconds\": 10, \"fraction\": 1 }", "{ \"atSeconds\": 10, \"fraction\": 3 }", "rateCurve[1].fraction: must be between 0 and 1")]
    [InlineData("\"kind\": \"storeSales\"", "\"kind\": \"storeSales\", \"model\": \"closed\"", "scenarios[0].virtualUsers: must be between")]
    [InlineData("\"kind\": \"storeSales\"", "\"kind\": \"flashSale\"", "scenarios[0].confirmDelaySeconds: is required")]
    [InlineData("\"kind\": \"storeSales\"", "\"kind\": \"storeStaff\"", "scenarios[0].model: must be \"closed\"")]
    [InlineData("\"kind\": \"storeSales\"", "\"kind\": \"storeStaff\"", "scenarios[0].collectDelaySeconds: is required")]
    [InlineData("\"kind\": \"storeSales\"", "\"kind\": \"storeStaff\", \"noShowShare\": 0.8, \"customerCancelShare\": 0.5", "scenarios[0].customerCancelShare: must be between 0 and 0.2")]
    [InlineData("\"name\": \"pos\",", "\"name\": \"pos.tills\",", "scenarios[0].name: is required, without '.'")]
    public void Parse_BadField_NamesTheField(string original, string replacement, string expected)
    {
        var loaded = ProfileLoader.Parse(Minimal.Replace(original, replacement, StringComparison.Ordinal), "bad");

        Assert.Null(loaded.Profile);
        Assert.Contains(loaded.Errors, error => error.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_UnknownField_IsAnError()
    {
        var loaded = ProfileLoader.Parse(Minimal.Replace("\"name\": \"tiny\"", "\"name\": \"tiny\", \"peakRate\": 5", StringComparison.Ordinal), "typo");

        Assert.Null(loaded.Profile);
        Assert.Contains("peakRate", loaded.Errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownKind_SaysWhere()
    {
        var loaded = ProfileLoader.Parse(Minimal.Replace("storeSales", "teleport", StringComparison.Ordinal), "kind");

        Assert.Null(loaded.Profile);
        Assert.Contains("$.scenarios[0].kind", loaded.Errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NotJson_FailsWithTheLine()
    {
        var loaded = ProfileLoader.Parse("{\n  \"name\": ", "broken");

        Assert.Null(loaded.Profile);
        Assert.StartsWith("profile broken: line", loaded.Errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_SaysSo()
    {
        var loaded = ProfileLoader.Load("/nonexistent/profile.json");

        Assert.Equal("profile /nonexistent/profile.json: no such file", Assert.Single(loaded.Errors));
    }
}
