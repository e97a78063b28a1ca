using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace Allocation.Host.StorePage;

/// <summary>
/// The store-staff page at /store: static HTML, CSS and JavaScript embedded in the host's assembly. The page is a
/// client of the same /api/v1 the integrations use, so it holds no server state and authorization stays in the API.
/// </summary>
public static class StorePageEndpoints
{
    public const string PagePath = "/store";

    private const string ResourcePrefix = "StorePage/";

    /// <summary>
    /// Only the page's own assets may load (no CDN, no inline script): a store PC has no internet, and an injected
    /// script could read the staff member's API key from sessionStorage.
    /// </summary>
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary();

    private static readonly Lazy<FrozenDictionary<string, Asset>> Assets = new(LoadAssets);

    public static WebApplication MapStorePage(this WebApplication app)
    {
        var group = app.MapGroup(PagePath).WithTags("Store page").ExcludeFromDescription();
        group.MapGet("/", (HttpContext context) => Serve(context, "index.html"));
        group.MapGet("/{file}", (HttpContext context, string file) => Serve(context, file));
        return app;
    }

    private static IResult Serve(HttpContext context, string file)
    {
        if (!Assets.Value.TryGetValue(file, out var asset))
        {
            return TypedResults.NotFound();
        }

        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        // Revalidated on every load (a deploy shows at once), yet unchanged assets cost a 304, not a download.
        headers.CacheControl = "no-cache";
        var tag = new EntityTagHeaderValue(asset.Tag);
        return TypedResults.Bytes(asset.Content, asset.ContentType, entityTag: tag);
    }

    private static FrozenDictionary<string, Asset> LoadAssets()
    {
        var assembly = typeof(StorePageEndpoints).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var file = name[ResourcePrefix.Length..];
            if (ContentTypes.TryGetValue(Path.GetExtension(file), out var contentType))
            {
                var content = Read(assembly, name);
                assets[file] = new Asset(content, contentType, "\"" + Convert.ToHexString(SHA256.HashData(content))[..16] + "\"");
            }
        }

        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException("missing embedded asset " + name);
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    private sealed record Asset(byte[] Content, string ContentType, string Tag);
}
