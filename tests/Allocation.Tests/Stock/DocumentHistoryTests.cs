using Allocation.Contracts;
using Allocation.Contracts.Stock;
using Allocation.Tests.Support;

namespace Allocation.Tests.Stock;

/// <summary>
/// Order steps move stock under document ids derived from the order (<c>order~t0</c>, <c>order~r0</c>): a step re-run
/// by recovery after the book's retention must not apply its movement twice either.
/// </summary>
[Collection(InMemoryClusterCollection.Name)]
public sealed class DocumentHistoryTests(InMemoryClusterFixture fixture)
{
    [Fact]
    public async Task Move_OrderStepDocumentRepeatedAfterRetention_AnswersAlreadyAppliedAndChangesNothing()
    {
        var grain = fixture.Client.GetGrain<IStockGrain>(Keys.NewStock().ToGrainKey());
        await grain.Move(new MovementRequest(MovementKind.Receipt, 5, Keys.NewId("grn")));
        var step = new MovementRequest(MovementKind.Receipt, 2, Identifiers.Derived(Keys.NewId("order"), "r0"));
        Assert.Equal(MovementOutcome.Applied, (await grain.Move(step)).Outcome);

        fixture.Time.Advance(TimeSpan.FromDays(2));
        Assert.Equal(7, (await grain.GetView()).Counts.OnHand);
        var repeat = await grain.Move(step);

        Assert.Equal(MovementOutcome.AlreadyApplied, repeat.Outcome);
        Assert.Equal(7, (await grain.GetView()).Counts.OnHand);
    }

    [Fact]
    public async Task Move_DifferentMovementUnderForgottenDocument_IsConflict()
    {
        var grain = fixture.Client.GetGrain<IStockGrain>(Keys.NewStock().ToGrainKey());
        var documentId = Keys.NewId("grn");
        await grain.Move(new MovementRequest(MovementKind.Receipt, 5, documentId));

        fixture.Time.Advance(TimeSpan.FromDays(2));
        var reused = await grain.Move(new MovementRequest(MovementKind.Sale, 5, documentId));

        Assert.Equal(MovementOutcome.Conflict, reused.Outcome);
        Assert.Equal(5, (await grain.GetView()).Counts.OnHand);
    }
}
