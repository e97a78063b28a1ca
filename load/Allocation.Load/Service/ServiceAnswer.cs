namespace Allocation.Load.Service;

/// <summary>
/// One call's answer as the harness saw it. StatusCode is 0 when no HTTP answer arrived (connection refused, timeout).
/// Attempts counts the sends, retries with the same ids included; ServiceTime is the last attempt's duration.
/// </summary>
public sealed record ServiceAnswer<T>(AnswerKind Kind, int StatusCode, T? Value, string? Problem, int Attempts, TimeSpan ServiceTime)
{
    public bool IsOk => Kind == AnswerKind.Ok;

    public ServiceAnswer<T> WithAttempts(int attempts, TimeSpan serviceTime) => this with { Attempts = attempts, ServiceTime = serviceTime };
}
