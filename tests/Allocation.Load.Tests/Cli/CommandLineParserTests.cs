using Allocation.Load.Cli;

namespace Allocation.Load.Tests.Cli;

public sealed class CommandLineParserTests
{
    [Fact]
    public void Parse_EveryOption_IsRead()
    {
        var parsed = CommandLineParser.Parse(
        [
            "peak-day", "--duration", "2m", "--scale", "0.25", "--profile", "p.json", "--report-dir", "out",
            "--threshold", "reserve.p99<50ms", "--threshold", "confirm.error%<1", "--kill-host-at", "20s", "--max-in-flight", "64", "--no-live",
        ]);

        var options = parsed.Options!;
        Assert.Null(parsed.Error);
        Assert.Equal(TimeSpan.FromMinutes(2), options.Duration);
        Assert.Equal(0.25, options.Scale);
        Assert.Equal("p.json", options.ProfilePath);
        Assert.Equal("out", options.ReportDirectory);
        Assert.Equal(["reserve.p99<50ms", "confirm.error%<1"], options.Thresholds);
        Assert.Equal(TimeSpan.FromSeconds(20), options.KillHostAt);
        Assert.Equal(64, options.MaxInFlight);
        Assert.False(options.LiveView);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Parse_Help_AsksForHelp(string flag)
    {
        var parsed = CommandLineParser.Parse([flag]);

        Assert.True(parsed.HelpRequested);
        Assert.Null(parsed.Error);
    }

    [Theory]
    [InlineData("--duration", "soon", "--duration: 'soon' is not a duration")]
    [InlineData("--scale", "0", "--scale: '0' is not a number above 0")]
    [InlineData("--url", "ftp://x", "--url: 'ftp://x' is not an http(s) URL")]
    [InlineData("--max-in-flight", "-3", "--max-in-flight: '-3'")]
    [InlineData("--frobnicate", "1", "unknown option '--frobnicate'")]
    public void Parse_BadValue_NamesTheOption(string name, string value, string expected)
    {
        var parsed = CommandLineParser.Parse(["peak-day", name, value]);

        Assert.Null(parsed.Options);
        Assert.StartsWith(expected, parsed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_KillHostWithUrl_IsRefused()
    {
        var parsed = CommandLineParser.Parse(["peak-day", "--url", "http://127.0.0.1:5080", "--kill-host-at", "5s"]);

        Assert.Contains("only for a host the harness starts", parsed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownCommand_IsRefused()
    {
        Assert.Contains("unknown command 'peak-night'", CommandLineParser.Parse(["peak-night"]).Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("60s", 60)]
    [InlineData("1500ms", 1.5)]
    [InlineData("90", 90)]
    [InlineData("1h", 3600)]
    public void TryParse_Duration_ReadsUnits(string text, double seconds)
    {
        Assert.True(DurationParser.TryParse(text, out var duration));
        Assert.Equal(seconds, duration.TotalSeconds, precision: 6);
    }
}
