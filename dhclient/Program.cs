namespace IPoIBDhcp.Client;

/// <summary>Entry point of the DHCP client; the command line follows ISC dhclient.</summary>
public static class Program
{
    /// <summary>Runs dhclient and returns its exit code.</summary>
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("dhclient: not yet able to serve; see README.md");
        return 1;
    }
}
