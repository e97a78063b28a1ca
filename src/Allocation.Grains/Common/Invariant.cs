using System.Runtime.CompilerServices;

namespace Allocation.Grains.Common;

/// <summary>
/// Assertions on state. A failure is a bug, never an expected outcome: it throws and the grain stops.
/// The message is only formatted when the check fails, so checks cost nothing on the hot path.
/// </summary>
internal static class Invariant
{
    public static void Require(bool condition, [InterpolatedStringHandlerArgument(nameof(condition))] ref FailureMessage message)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Invariant broken: " + message.ToStringAndClear());
        }
    }

    [InterpolatedStringHandler]
    internal ref struct FailureMessage
    {
        private DefaultInterpolatedStringHandler text;

        public FailureMessage(int literalLength, int formattedCount, bool condition, out bool shouldAppend)
        {
            shouldAppend = !condition;
            text = shouldAppend ? new DefaultInterpolatedStringHandler(literalLength, formattedCount) : default;
        }

        public void AppendLiteral(string value) => text.AppendLiteral(value);

        public void AppendFormatted<T>(T value) => text.AppendFormatted(value);

        public string ToStringAndClear() => text.ToStringAndClear();
    }
}
