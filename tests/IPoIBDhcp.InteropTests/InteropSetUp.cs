namespace IPoIBDhcp.InteropTests;

/// <summary>
/// Runs before anything touches Testcontainers: the Docker engine here speaks API 1.41 (the client would ask
/// for 1.44 and be refused) and the Ryuk reaper image cannot be pulled (no registry). Set here rather than in
/// .ci/run so that the README's plain <c>dotnet test</c> works the same.
/// </summary>
[SetUpFixture]
public sealed class InteropSetUp
{
    [OneTimeSetUp]
    public void ConfigureTestcontainers()
    {
        SetDefault("DOCKER_API_VERSION", "1.41");
        SetDefault("TESTCONTAINERS_RYUK_DISABLED", "true");
    }

    private static void SetDefault(string name, string value)
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name)))
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}
