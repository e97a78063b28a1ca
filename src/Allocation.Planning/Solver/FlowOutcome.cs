namespace Allocation.Planning.Solver;

/// <summary>How the batch's min-cost flow ended; anything but <see cref="Solved"/> means orders are decided one by one.</summary>
internal enum FlowOutcome
{
    /// <summary>Optimal flow, then admission, repair and the improvement searches.</summary>
    Solved,

    /// <summary>OR-Tools reported a status other than optimal.</summary>
    NotOptimal,

    /// <summary>The flow's share of the time limit passed before its graph was built or while OR-Tools was solving it.</summary>
    OutOfTime,

    /// <summary>
    /// Solved, but the plan decided one by one before the flow (on a slow machine) was better than the one admission,
    /// repair and the searches made of it in the time left, so that plan was kept.
    /// </summary>
    FallbackKept,
}
