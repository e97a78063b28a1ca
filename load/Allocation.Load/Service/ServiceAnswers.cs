namespace Allocation.Load.Service;

/// <summary>Builds answers; the attempt count and service time are set by whoever sent the request.</summary>
public static class ServiceAnswers
{
    public static ServiceAnswer<T> Success<T>(int statusCode, T value) => new(AnswerKind.Ok, statusCode, value, null, 1, TimeSpan.Zero);

    public static ServiceAnswer<T> Refusal<T>(int statusCode, string problem, T? value = default) => new(AnswerKind.Rejected, statusCode, value, problem, 1, TimeSpan.Zero);

    public static ServiceAnswer<T> Failure<T>(int statusCode, string problem) => new(AnswerKind.Failed, statusCode, default, problem, 1, TimeSpan.Zero);
}
