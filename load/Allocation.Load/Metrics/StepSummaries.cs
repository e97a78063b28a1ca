namespace Allocation.Load.Metrics;

public static class StepSummaries
{
    /// <summary>Several steps as one: counts added, histograms merged.</summary>
    public static StepSummary Merge(string name, IReadOnlyList<StepSummary> steps)
    {
        if (steps.Count == 1)
        {
            return steps[0];
        }

        var latency = LatencyHistograms.Create();
        var service = LatencyHistograms.Create();
        var statusCodes = new Dictionary<int, long>();
        foreach (var step in steps)
        {
            latency.Add(step.Latency);
            service.Add(step.ServiceTime);
            foreach (var (code, count) in step.StatusCodes)
            {
                statusCodes[code] = statusCodes.GetValueOrDefault(code) + count;
            }
        }

        return new StepSummary(
            name, name, name, steps.Sum(step => step.Ok), steps.Sum(step => step.Rejected), steps.Sum(step => step.Failed),
            steps.Sum(step => step.Dropped), steps.Sum(step => step.Retries), steps[0].DurationSeconds, latency, service, statusCodes);
    }
}
