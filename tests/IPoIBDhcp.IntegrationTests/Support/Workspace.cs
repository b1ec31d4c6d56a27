using System.Security.Cryptography;

namespace IPoIBDhcp.IntegrationTests.Support;

/// <summary>
/// A test's own temporary directory (configs, lease files, the fabric registry, script output), so that
/// tests running side by side never share a file. Deleted on disposal.
/// </summary>
internal sealed class Workspace : IDisposable
{
    private Workspace(string path) => Path = path;

    /// <summary>The directory.</summary>
    public string Path { get; }

    /// <summary>A short random tag (fabric names, host names) unique to this workspace.</summary>
    public string Tag { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();

    /// <summary>Creates a fresh directory under the system temp directory.</summary>
    public static Workspace Create()
    {
        string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ipoib-it-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(path);
        return new Workspace(path);
    }

    /// <summary>The full path of <paramref name="name"/> in the workspace.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes <paramref name="text"/> to <paramref name="name"/> and returns its full path.</summary>
    public string Write(string name, string text)
    {
        string path = File(name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Removes the directory (best effort: a test failure must not be hidden by cleanup).</summary>
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException e)
        {
            TestContext.Out.WriteLine($"could not remove {Path}: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            TestContext.Out.WriteLine($"could not remove {Path}: {e.Message}");
        }
    }
}
