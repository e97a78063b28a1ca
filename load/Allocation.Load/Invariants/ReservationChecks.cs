using Allocation.Load.Service;

namespace Allocation.Load.Invariants;

internal static class ReservationChecks
{
    public const string ReadableName = "acknowledged reservations kept";

    /// <summary>Every reservation the service acknowledged is readable, in a state its acknowledged calls allow, with the same units.</summary>
    public static InvariantCheck Readable(IEnumerable<TrackedReservation> tracked, IReadOnlyDictionary<string, ServiceAnswer<ReservationReply>> answers, DateTimeOffset now)
    {
        var violations = new ViolationList();
        foreach (var reservation in tracked.Where(reservation => reservation.Acknowledged != LeftState.Unanswered))
        {
            var answer = answers.GetValueOrDefault(reservation.ReservationId);
            if (answer is not { IsOk: true, Value: { } reply })
            {
                violations.Fail($"{reservation.ReservationId}: acknowledged {reservation.Acknowledged}, now unreadable ({answer?.Problem ?? "not read"})");
                continue;
            }

            var allowed = ReservationExpectation.AllowedStates(reservation, now);
            if (!allowed.Contains(reply.Status))
            {
                violations.Fail($"{reservation.ReservationId}: acknowledged {reservation.Acknowledged}, now {reply.Status} (allowed: {string.Join("/", allowed)})");
            }
            else if (!ReservationExpectation.SameUnits(reservation.Lines, reply.Lines))
            {
                violations.Fail($"{reservation.ReservationId}: its units per SKU changed from what was acknowledged");
            }
            else
            {
                violations.Pass();
            }
        }

        return violations.ToCheck(ReadableName, "every acknowledged reservation reads back in the state it was left (a hold past its expiry as expired), with the units acknowledged");
    }
}
