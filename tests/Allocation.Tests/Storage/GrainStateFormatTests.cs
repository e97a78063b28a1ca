using Allocation.Contracts.Reservations;
using Allocation.Grains.Reservations;
using Allocation.Tests.Support;
using System.Text;
using Orleans.Serialization;
using Orleans.Storage;

namespace Allocation.Tests.Storage;

/// <summary>Grain state is written in Orleans' binary format; rows an earlier version wrote as JSON are still read.</summary>
[Collection(InMemoryClusterCollection.Name)]
public sealed class GrainStateFormatTests(InMemoryClusterFixture fixture)
{
    private static readonly ReservationState State = new()
    {
        Status = ReservationStatus.Confirmed,
        Lines = [new ReservationLine("SKU-1", "S001", 2)],
        TtlSeconds = 600,
        ExpiresAt = InMemoryClusterFixture.Start.AddMinutes(10),
        CreatedAt = InMemoryClusterFixture.Start,
        PickupStoreId = "S001",
        HoldIds = ["R1~a1"],
    };

    [Fact]
    public void Serialize_ReservationState_BinaryWithoutClrTypeNamesAndRoundTrips()
    {
        var format = fixture.Cluster.Get<IGrainStorageSerializer>();

        var payload = format.Serialize(State);

        Assert.DoesNotContain(typeof(ReservationState).FullName!, Encoding.UTF8.GetString(payload.ToArray()), StringComparison.Ordinal);
        AssertSame(format.Deserialize<ReservationState>(payload));
    }

    [Fact]
    public void Deserialize_RowWrittenAsJsonByEarlierVersion_ReadsIt()
    {
        var json = new JsonGrainStorageSerializer(fixture.Cluster.Get<OrleansJsonSerializer>()).Serialize(State);
        Assert.StartsWith("{", Encoding.UTF8.GetString(json.ToArray()), StringComparison.Ordinal);

        AssertSame(fixture.Cluster.Get<IGrainStorageSerializer>().Deserialize<ReservationState>(json));
    }

    private static void AssertSame(ReservationState? read)
    {
        Assert.NotNull(read);
        Assert.Equal(State.Status, read.Status);
        Assert.Equal(State.Lines, read.Lines);
        Assert.Equal((State.TtlSeconds, State.ExpiresAt, State.CreatedAt, State.PickupStoreId), (read.TtlSeconds, read.ExpiresAt, read.CreatedAt, read.PickupStoreId));
        Assert.Equal(State.HoldIds, read.HoldIds);
    }
}
