using Allocation.Load.Cli;
using Allocation.Load.Profiles;
using Allocation.Load.Thresholds;

namespace Allocation.Load.Run;

/// <summary>The profile's thresholds and the command line's, parsed, with selectors checked against the profile's steps.</summary>
public static class ThresholdSet
{
    public static (IReadOnlyList<Threshold> Thresholds, IReadOnlyList<string> Errors) Build(LoadProfile profile, HarnessOptions options)
    {
        var thresholds = new List<Threshold>();
        var errors = new List<string>();
        var expressions = profile.Thresholds.Select(item => (item.Expression, item.AbortOnFail || options.AbortOnFail))
            .Concat(options.Thresholds.Select(text => (text, options.AbortOnFail)));
        var known = ScenarioBuilder.KnownSteps(profile);
        foreach (var (text, abortOnFail) in expressions)
        {
            if (!ThresholdParser.TryParse(text, abortOnFail, out var threshold, out var error))
            {
                errors.Add(error);
                continue;
            }

            if (!IsKnown(threshold!.Selector, known))
            {
                errors.Add($"threshold '{text}': no step or scenario named '{threshold.Selector}' (steps: {string.Join(", ", known.Select(item => $"{item.Scenario}.{item.Step}"))})");
                continue;
            }

            thresholds.Add(threshold);
        }

        return (thresholds, errors);
    }

    private static bool IsKnown(string selector, IReadOnlyList<(string Scenario, string Step)> known) =>
        selector is "all" or "*" || known.Any(item =>
            string.Equals(selector, item.Scenario, StringComparison.OrdinalIgnoreCase)
            || string.Equals(selector, item.Step, StringComparison.OrdinalIgnoreCase)
            || string.Equals(selector, $"{item.Scenario}.{item.Step}", StringComparison.OrdinalIgnoreCase));
}
