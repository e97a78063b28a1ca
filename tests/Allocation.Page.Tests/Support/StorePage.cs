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

    /// <summary>Opens the page, signs in when given a key, and opens the store (a key for one store opens it by itself).</summary>
    public async Task OpenAsync(string storeId, string? key)
    {
        await GoToStoreChoiceAsync(key);
        if (await Page.Locator("#choose-store").IsVisibleAsync())
        {
            await ChooseAsync(storeId);
        }

        await Expect(Page.GetByTestId("current-store")).ToContainTextAsync(storeId);
    }

    /// <summary>Opens the page and signs in with the key, if any; the page then offers the stores (or opens the only one).</summary>
    public async Task GoToStoreChoiceAsync(string? key)
    {
        await Page.GotoAsync("/store");
        if (key is not null)
        {
            await Expect(SignIn).ToBeVisibleAsync();
            await SignInAsync(key);
        }

        await Expect(Page.Locator("#choose-store, #work").Filter(new() { Visible = true })).ToHaveCountAsync(1);
    }

    public async Task SignInAsync(string key)
    {
        if (!await SignIn.IsVisibleAsync())
        {
            await Page.Locator("#sign-out").ClickAsync();
        }

        await Page.GetByLabel("API key").FillAsync(key);
        await SignIn.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    public async Task ChooseAsync(string storeId)
    {
        await Page.Locator("#store-select").SelectOptionAsync(storeId);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Open" }).ClickAsync();
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
