namespace IPoIBDhcp.Server;

/// <summary>Entry point of the DHCP server; the command line follows ISC dhcpd.</summary>
public static class Program
{
    /// <summary>Runs dhcpd and returns its exit code.</summary>
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("dhcpd: not yet able to serve; see README.md");
        return 1;
    }
}
