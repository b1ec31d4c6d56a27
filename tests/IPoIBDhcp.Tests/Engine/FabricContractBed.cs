using IPoIBDhcp.Engine.Fabric.Config;
using IPoIBDhcp.Engine;
using IPoIBDhcp.Engine.Fabric;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Tests.Engine;

/// <summary>The small fabric the fabric contract fixtures use: a head node and eight nodes, no partitions file (all full members of Default, 2K MTU).</summary>
internal static class FabricContractBed
{
    public const string Config = """
        fabric "contract" { }
        host head { port ib0 guid 0002:c903:0000:0001 mtu 4096; }
        nodes node%02d count 8 start 1 guid-base 0002:c903:0000:1000;
        """;

    public static FabricDefinition Definition(string name = "contract") =>
        FabricConfigParser.Parse(Config.Replace("\"contract\"", $"\"{name}\"", StringComparison.Ordinal), "contract.conf");

    /// <summary>The server's view: head ib0 on UDP 67 with 198.18.0.1; nodes on 68 with 198.18.0.10+n.</summary>
    public static FabricPort Open(FabricEngine engine, string host)
    {
        bool head = host == "head";
        FabricPort port = engine.OpenPort(host, "ib0", head ? (ushort)67 : (ushort)68);
        port.LocalAddress = head ? IPv4Address.Parse("198.18.0.1") : IPv4Address.Parse("198.18.0.1").Add(9 + uint.Parse(host[4..], System.Globalization.CultureInfo.InvariantCulture));
        return port;
    }

    public static DatagramEndpoints Endpoints(IDatagramPort from, IDatagramPort to) =>
        new(from.LocalAddress!.Value, ((FabricPort)from).LocalPort, to.LocalAddress!.Value, ((FabricPort)to).LocalPort);
}
