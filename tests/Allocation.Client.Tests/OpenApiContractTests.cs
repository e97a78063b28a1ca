using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Allocation.Client.Orders;
using Allocation.Client.Promises;
using Allocation.Client.Reservations;
using Allocation.Client.Stock;
using Allocation.Client.Stores;

namespace Allocation.Client.Tests;

/// <summary>
/// The client's wire records are its own (it references no server code), so this test keeps them honest: every member
/// of each record is a property of its schema in the host's OpenAPI document, named the same. A field the API renames
/// or drops fails here, not at a checkout.
/// </summary>
public sealed class OpenApiContractTests(ClientHostFixture fixture) : IClassFixture<ClientHostFixture>
{
    /// <summary>Each client record and the schema the API documents for it.</summary>
    public static TheoryData<Type, string> Records() => new()
    {
        { typeof(ReserveRequest), "ReserveBody" },
        { typeof(ReserveLine), "ReserveLineBody" },
        { typeof(Reservation), "ReservationView" },
        { typeof(ReservationLine), "ReservationLine" },
        { typeof(PromiseRequest), "PromiseBody" },
        { typeof(PromiseLine), "PromiseLineBody" },
        { typeof(Promise), "PromiseResult" },
        { typeof(PromiseSource), "PromiseSource" },
        { typeof(Order), "OrderView" },
        { typeof(OrderLine), "OrderLineView" },
        { typeof(PickupCode), "PickupCodeResponse" },
        { typeof(StockLevel), "StockResponse" },
        { typeof(MovementResult), "MovementResponse" },
        { typeof(StockCounts), "StockCounts" },
        { typeof(StoreListing), "StoreEntry" },
        { typeof(PickList), "PickList" },
        { typeof(PickWave), "PickWave" },
        { typeof(PickLine), "PickLine" },
        { typeof(PickResult), "PickResponse" },
        { typeof(TransferList), "TransferList" },
        { typeof(TransferLine), "TransferLine" },
        { typeof(StoreOrders), "StoreOrderList" },
        { typeof(StoreOrderSummary), "StoreOrderSummary" },
    };

    [Theory]
    [MemberData(nameof(Records))]
    public async Task ClientRecord_EveryMember_IsAPropertyOfItsApiSchema(Type record, string schema)
    {
        var document = await fixture.Host.Client.GetFromJsonAsync<JsonObject>("/openapi/v1.json");
        var schemas = document!["components"]!["schemas"]!.AsObject();
        Assert.True(schemas.ContainsKey(schema), $"no schema {schema} in the OpenAPI document: {string.Join(", ", schemas.Select(pair => pair.Key))}");
        var documented = schemas[schema]!["properties"]!.AsObject().Select(pair => pair.Key).ToHashSet(StringComparer.Ordinal);

        var members = record.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(property => JsonNamingPolicy.CamelCase.ConvertName(property.Name));

        Assert.Equal([], members.Where(member => !documented.Contains(member)).ToList());
    }

    [Fact]
    public void ClientProblem_Types_AreTheApisTypes()
    {
        var client = typeof(ProblemTypes).GetFields().Select(field => (string)field.GetRawConstantValue()!).Order().ToList();
        var api = typeof(Api.Problems.ProblemTypes).GetFields().Select(field => (string)field.GetRawConstantValue()!).Order().ToList();

        Assert.Equal(api, client);
    }
}
