using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Allocation.Page.Tests.Support;

/// <summary>What a member of staff does on the page, as locators and steps, so the tests read like the job.</summary>
public sealed class StorePage(IPage page)
{
    public IPage Page { get; } = page;

    public ILocator Notice => Page.Locator("#notice");

    public ILocator SignIn => Page.Locator("#sign-in");

    public ILocator Work => Page.Locator("#work");

    public ILocator StoreOptions => Page.Locator("#store-select option");

    public async Task OpenAsync(string storeId)
    {
        await Page.GotoAsync("/store");
        await Expect(Page.Locator("#choose-store")).ToBeVisibleAsync();
        await Page.Locator("#store-select").SelectOptionAsync(storeId);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Open" }).ClickAsync();
        await Expect(Page.GetByTestId("current-store")).ToContainTextAsync(storeId);
    }

    public ILocator PickLine(string orderId) => Page.GetByTestId("pick-line").Filter(new() { HasText = orderId });

    public ILocator PickedOrder(string orderId) => Page.GetByTestId("picked-order").Filter(new() { HasText = orderId });

    public ILocator ReadyOrder(string orderId) => Page.GetByTestId("ready-order").Filter(new() { HasText = orderId });

    public ILocator Count(string label) => Page.GetByTestId("count-" + label);

    public Task StartWaveAsync() => Page.GetByRole(AriaRole.Button, new() { Name = "Start next wave" }).ClickAsync();

    public async Task HandOverAsync(string orderId, string code)
    {
        var row = ReadyOrder(orderId);
        await row.GetByLabel("Pickup code").FillAsync(code);
        await row.GetByRole(AriaRole.Button, new() { Name = "Hand over" }).ClickAsync();
    }
}
