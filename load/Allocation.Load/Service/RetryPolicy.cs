namespace Allocation.Load.Service;

/// <summary>
/// How callers retry a call that got no usable answer (no connection, timeout, 5xx): with the same ids, as a real
/// checkout does, doubling the pause from BackoffInitial up to BackoffMax, until RetryBudget since the first send is spent.
/// </summary>
public sealed record RetryPolicy(TimeSpan RetryBudget, TimeSpan BackoffInitial, TimeSpan BackoffMax)
{
    public static RetryPolicy None { get; } = new(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);

    public static bool IsRetryable(AnswerKind kind, int statusCode) => kind == AnswerKind.Failed && (statusCode == 0 || statusCode >= 500);

    /// <summary>Whether attempt <paramref name="attempt"/> may be followed by another after its pause, <paramref name="spent"/> after the first send.</summary>
    public bool AllowsAnother(int attempt, TimeSpan spent) => RetryBudget > TimeSpan.Zero && spent + Backoff(attempt) <= RetryBudget;

    public TimeSpan Backoff(int attempt)
    {
        var doubled = BackoffInitial.TotalMilliseconds * Math.Pow(2, Math.Max(0, attempt - 1));
        return TimeSpan.FromMilliseconds(Math.Min(doubled, BackoffMax.TotalMilliseconds));
    }

    /// <summary>Sends the call, and again with the same ids while it gets no usable answer and the budget allows.</summary>
    public async Task<ServiceAnswer<T>> RunAsync<T>(Func<CancellationToken, Task<ServiceAnswer<T>>> call, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var attempt = 1;
        while (true)
        {
            // No context hops (ConfigureAwait(false)): the next attempt starts on the thread that ended the pause, which
            // keeps retries cheap under load and lets a test's fake clock drive them step by step.
            var answer = await call(cancellationToken).ConfigureAwait(false);
            if (!RetryPolicy.IsRetryable(answer.Kind, answer.StatusCode) || !AllowsAnother(attempt, time.GetElapsedTime(started)) || cancellationToken.IsCancellationRequested)
            {
                return answer.WithAttempts(attempt, answer.ServiceTime);
            }

            try
            {
                await Task.Delay(Backoff(attempt), time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return answer.WithAttempts(attempt, answer.ServiceTime);
            }

            attempt++;
        }
    }
}
