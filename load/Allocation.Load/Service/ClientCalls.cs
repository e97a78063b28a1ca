using System.Diagnostics;
using Allocation.Client;

namespace Allocation.Load.Service;

/// <summary>
/// One attempt of a client call, timed and classified: 2xx ok; the outcomes a caller expects as business answers
/// rejected; anything else, and no answer within the request timeout, failed.
/// </summary>
internal static class ClientCalls
{
    /// <summary>What a shopper sees: out of stock, cannot allocate, refused, expired, an unknown reservation.</summary>
    public static readonly IReadOnlySet<AllocationOutcome> CheckoutRejections = new HashSet<AllocationOutcome>
    {
        AllocationOutcome.OutOfStock, AllocationOutcome.CannotAllocate, AllocationOutcome.Refused, AllocationOutcome.Expired, AllocationOutcome.NotFound,
    };

    /// <summary>
    /// What store staff meet on a busy floor: the order moved on under them (illegal transition, e.g. the customer
    /// cancelled while it was picked), a wrong or locked pickup code, nothing of the order at this store.
    /// </summary>
    public static readonly IReadOnlySet<AllocationOutcome> StoreRejections = new HashSet<AllocationOutcome>
    {
        AllocationOutcome.IllegalTransition, AllocationOutcome.Refused, AllocationOutcome.WrongCode, AllocationOutcome.CodeLocked, AllocationOutcome.NotFound,
    };

    public static async Task<ServiceAnswer<TReply>> CallAsync<TValue, TReply>(
        AllocationClient client, TimeSpan requestTimeout, Func<AllocationClient, CancellationToken, Task<AllocationResult<TValue>>> call, Func<TValue, TReply> reply,
        IReadOnlySet<AllocationOutcome> rejections, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(requestTimeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await call(client, timeout.Token);
            return Classify(result, reply, rejections).WithAttempts(1, Stopwatch.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ServiceAnswers.Failure<TReply>(0, $"no answer within {requestTimeout.TotalSeconds:0.#} s").WithAttempts(1, Stopwatch.GetElapsedTime(started));
        }
    }

    private static ServiceAnswer<TReply> Classify<TValue, TReply>(AllocationResult<TValue> result, Func<TValue, TReply> reply, IReadOnlySet<AllocationOutcome> rejections)
    {
        var problem = result.Problem?.ToString() ?? "no answer";
        if (result.Outcome == AllocationOutcome.Ok && result.Value is { } value)
        {
            return ServiceAnswers.Success(result.StatusCode, reply(value));
        }

        // A 404 counts as a business answer only when the service said so (its problem type), not a missing route.
        var isRejection = rejections.Contains(result.Outcome) && (result.Outcome != AllocationOutcome.NotFound || result.Problem?.Type == ProblemTypes.NotFound);
        return isRejection
            ? ServiceAnswers.Refusal(result.StatusCode, problem, result.Value is { } current ? reply(current) : default)
            : ServiceAnswers.Failure<TReply>(result.StatusCode, problem);
    }
}
