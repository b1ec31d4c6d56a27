using IPoIBDhcp.Tests.Support;

namespace IPoIBDhcp.InteropTests.Peers;

/// <summary>
/// The local peer image (tests/peers/build-images.sh): present, and a Docker engine to run it, or the test is
/// ignored locally and failed on CI.
/// </summary>
public static class PeerImage
{
    /// <summary>The image every peer container runs.</summary>
    public const string Name = "ipoibdhcp/peers:bookworm";

    private static readonly Lazy<Task<string?>> Missing = new(FindMissingAsync);

    /// <summary>Namespaces, root, Docker and the image, each checked once per run.</summary>
    public static async Task RequireAsync()
    {
        Prerequisites.RequireNetworkNamespaces();
        string? missing = await Missing.Value;
        Prerequisites.Require(missing is null, missing ?? "");
    }

    private static async Task<string?> FindMissingAsync()
    {
        if (Prerequisites.FindExecutable("docker") is null)
        {
            return "the docker CLI (Debian package docker.io)";
        }

        try
        {
            await CommandRunner.RunAsync("docker", ["info", "--format", "{{.ServerVersion}}"]);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            return "a running Docker engine (.ci/prereqs starts one): " + e.Message;
        }

        try
        {
            await CommandRunner.RunAsync("docker", ["image", "inspect", "--format", "{{.Id}}", Name]);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            return $"the image {Name} (run tests/peers/build-images.sh): {e.Message}";
        }

        return null;
    }
}
