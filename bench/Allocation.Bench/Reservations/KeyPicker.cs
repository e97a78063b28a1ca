namespace Allocation.Bench.Reservations;

/// <summary>Chooses which SKU-store a caller reserves next. Each caller owns its <see cref="Random"/>, so picking takes no lock.</summary>
internal abstract class KeyPicker
{
    public abstract int Next(Random random);

    public static KeyPicker Single() => new SingleKeyPicker();

    public static KeyPicker Uniform(int keyCount) => new UniformKeyPicker(keyCount);

    public static KeyPicker Zipf(int keyCount, double exponent) => new ZipfKeyPicker(keyCount, exponent);

    private sealed class SingleKeyPicker : KeyPicker
    {
        public override int Next(Random random) => 0;
    }

    private sealed class UniformKeyPicker(int keyCount) : KeyPicker
    {
        public override int Next(Random random) => random.Next(keyCount);
    }

    /// <summary>Key k (0-based rank) is picked with probability proportional to 1 / (k + 1)^exponent.</summary>
    private sealed class ZipfKeyPicker : KeyPicker
    {
        private readonly double[] _cumulative;

        public ZipfKeyPicker(int keyCount, double exponent)
        {
            _cumulative = new double[keyCount];
            var sum = 0.0;
            for (var rank = 0; rank < keyCount; rank++)
                _cumulative[rank] = sum += 1.0 / Math.Pow(rank + 1, exponent);
            for (var rank = 0; rank < keyCount; rank++)
                _cumulative[rank] /= sum;
        }

        public override int Next(Random random)
        {
            var index = Array.BinarySearch(_cumulative, random.NextDouble());
            return Math.Min(index >= 0 ? index : ~index, _cumulative.Length - 1);
        }
    }
}
