using Allocation.Contracts;

namespace Allocation.Grains.Ledger;

/// <summary>
/// The activation protocol of every grain whose state is written through the group commit: once a write fails, or
/// memory may otherwise differ from what is stored, the activation stops serving (every call answers "retry") and
/// leaves, so the next call reloads what is stored. One per activation, named for its messages.
/// </summary>
internal sealed class DurableActivation(IGrainBase grain, string name)
{
    public bool Failed { get; private set; }

    /// <summary>Throws the retryable failure if this activation stopped serving.</summary>
    public void EnsureServing()
    {
        if (Failed)
        {
            throw new LedgerWriteFailedException($"{name} lost a write and is reloading; retry");
        }
    }

    /// <summary>Memory may now differ from what is stored: stop serving and reload. True the first time.</summary>
    public bool Fail()
    {
        if (Failed)
        {
            return false;
        }

        Failed = true;
        grain.DeactivateOnIdle();
        return true;
    }

    /// <summary>Awaits work that writes; if it fails in any way, the activation fails first and the failure is rethrown.</summary>
    public async Task WriteOrFailAsync(Task write)
    {
        try
        {
            await write;
        }
        catch
        {
            Fail();
            throw;
        }
    }

    /// <summary>Awaits work that settles an answered change off the answer's path; a failure only fails the activation.</summary>
    public async Task SettleOrFailAsync(Task work)
    {
        try
        {
            await work;
        }
        catch (Exception)
        {
            Fail();
        }
    }
}
