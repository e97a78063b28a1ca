using Allocation.Grains.Notifications;

namespace Allocation.Tests.Notifications;

/// <summary>Delivery turns go round the tenants in id order, starting after the one started last.</summary>
public sealed class WebhookTurnTests
{
    [Theory]
    [InlineData(null, "a,b,c")]
    [InlineData("a", "b,c,a")]
    [InlineData("b", "c,a,b")]
    [InlineData("c", "a,b,c")]
    [InlineData("bb", "c,a,b")]
    [InlineData("z", "a,b,c")]
    public void InTurn_AfterTheLastStarted_WrapsRound(string? last, string expected)
    {
        Assert.Equal(expected.Split(','), WebhookDelivery.InTurn(["c", "a", "b", "a"], last));
    }

    [Fact]
    public void InTurn_NoTenants_IsEmpty()
    {
        Assert.Empty(WebhookDelivery.InTurn([], "a"));
    }
}
