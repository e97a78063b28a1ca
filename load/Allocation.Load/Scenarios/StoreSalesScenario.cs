using Allocation.Load.Invariants;
using Allocation.Load.Scheduling;
using Allocation.Load.Service;

namespace Allocation.Load.Scenarios;

/// <summary>
/// The stores' tills on the same SKU-stores checkout draws from: a POS sale ("sale") or a delivery ("receipt"), each a
/// stock movement with its own document id. A sale of more than is on hand is refused by the service (rejected).
/// </summary>
public sealed class StoreSalesScenario(string name, ScenarioContext context, double receiptShare, int receiptQuantity, int saleQuantityMax) : IScenario
{
    public const string SaleStep = "sale";
    public const string ReceiptStep = "receipt";

    public string Name => name;

    public string EntryStep => SaleStep;

    public IReadOnlyList<string> EntrySteps { get; } = [SaleStep, ReceiptStep];

    public async Task RunAsync(Arrival arrival)
    {
        var random = context.RandomFor(name, arrival.Index);
        var isReceipt = random.NextDouble() < receiptShare;
        var skuStore = new SkuStore(context.Pool.Skus[random.Next(context.Pool.Skus.Count)], context.Pool.RandomStore(random));
        var kind = isReceipt ? MovementKind.Receipt : MovementKind.Sale;
        var quantity = isReceipt ? receiptQuantity : random.Next(1, saleQuantityMax + 1);
        var documentId = $"{context.RunId}-{name}-{arrival.Index}";
        var record = context.Ledger.MovementSent(kind, skuStore, quantity, documentId);
        var answer = await context.Steps.RunAsync(
            name, isReceipt ? ReceiptStep : SaleStep, arrival.IntendedStart, arrival.IsOpenModel,
            token => context.Service.MoveAsync(kind, skuStore, quantity, documentId, token), context.HardStop);
        if (answer is null)
        {
            // Dropped before sending: the service never saw it.
            record.Applied = false;
            return;
        }

        RunLedger.MovementAnswered(record, answer);
    }
}
