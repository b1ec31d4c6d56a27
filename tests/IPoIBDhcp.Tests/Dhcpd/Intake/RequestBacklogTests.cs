using IPoIBDhcp.Server.Intake;
using IPoIBDhcp.Wire.Dhcp;
using static IPoIBDhcp.Tests.Dhcpd.ServerHarness;
using static IPoIBDhcp.Tests.Dhcpd.Intake.IntakeSamples;

namespace IPoIBDhcp.Tests.Dhcpd.Intake;

/// <summary>
/// The backlog's order and what it drops, on real request bytes: which copies count as one client's retransmission
/// (same xid, message type, relay and client-id; or htype and chaddr without a client-id) and which do not.
/// </summary>
public class RequestBacklogTests
{
    private static (RequestBacklog Backlog, IntakeCounters Counters) New(int capacity = 16)
    {
        var counters = new IntakeCounters();
        return (new RequestBacklog(capacity, counters), counters);
    }

    [Test]
    public void CopiesOfOneClientMessageAreOne_ButNotAcrossClientsTypesRelaysOrTransactions()
    {
        var (backlog, counters) = New();
        backlog.Add(Build(DhcpMessageType.Discover, Node(1), xid: 7), From);
        backlog.Add(Build(DhcpMessageType.Discover, Node(1), xid: 7), From);                           // retransmission
        backlog.Add(Build(DhcpMessageType.Discover, Node(2), xid: 7), From);                           // another client, same xid
        backlog.Add(Build(DhcpMessageType.Discover, Node(1), xid: 8), From);                           // a new transaction
        backlog.Add(Build(DhcpMessageType.Discover, Node(1), xid: 7, giaddr: "198.18.16.1"), From);    // behind a relay
        backlog.Add(Build(DhcpMessageType.Request, Node(1), xid: 7, requested: "198.18.1.5"), From);  // the next step
        Assert.That((backlog.Count, counters.Superseded), Is.EqualTo((5, 1L)));
    }

    [Test]
    public void WithoutAClientIdentifier_TheHardwareAddressTellsClientsApart()
    {
        var (backlog, counters) = New();
        byte[] macA = [2, 0, 0, 0, 0, 0xa], macB = [2, 0, 0, 0, 0, 0xb];
        backlog.Add(Build(DhcpMessageType.Discover, null, htype: 1, xid: 5, chaddr: macA), From);
        backlog.Add(Build(DhcpMessageType.Discover, null, htype: 1, xid: 5, chaddr: macB), From);
        backlog.Add(Build(DhcpMessageType.Discover, null, htype: 1, xid: 5, chaddr: macA), From);
        Assert.That((backlog.Count, counters.Superseded), Is.EqualTo((2, 1L)));
    }

    [Test]
    public void RequestsThatFinishATransactionComeFirst_OldestFirst_ThenDiscoversNewestFirst()
    {
        var (backlog, _) = New();
        backlog.Add(Build(DhcpMessageType.Discover, Node(1), xid: 1), From);
        backlog.Add(Build(DhcpMessageType.Request, Node(2), xid: 2, requested: "198.18.1.5"), From);
        backlog.Add(Build(DhcpMessageType.Discover, Node(3), xid: 3), From);
        backlog.Add(Build(DhcpMessageType.Release, Node(4), xid: 4, ciaddr: "198.18.1.6"), From);
        Assert.That(TakeAll(backlog), Is.EqualTo(new uint[] { 2, 4, 3, 1 }));
    }

    [Test]
    public void Full_TheOldestDiscoverMakesRoom_AndAFullBacklogOfRequestsDropsTheNewcomer()
    {
        var (backlog, counters) = New(capacity: 2);
        backlog.Add(Build(DhcpMessageType.Discover, Node(1), xid: 1), From);
        backlog.Add(Build(DhcpMessageType.Discover, Node(2), xid: 2), From);
        Assert.That(backlog.Add(Build(DhcpMessageType.Request, Node(3), xid: 3, requested: "198.18.1.5"), From), Is.True);
        Assert.That(backlog.Add(Build(DhcpMessageType.Request, Node(4), xid: 4, requested: "198.18.1.6"), From), Is.True);
        Assert.That(counters.DiscoversShed, Is.EqualTo(2), "node1's and node2's DISCOVERs made room");
        Assert.That(backlog.Add(Build(DhcpMessageType.Request, Node(5), xid: 5, requested: "198.18.1.7"), From), Is.False);
        Assert.That(backlog.Add(Build(DhcpMessageType.Discover, Node(6), xid: 6), From), Is.False);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(counters.OthersShed, Is.EqualTo(1));
            Assert.That(counters.DiscoversShed, Is.EqualTo(3));
            Assert.That(TakeAll(backlog), Is.EqualTo(new uint[] { 3, 4 }));
        }
    }

    [Test]
    public void AClientRetransmittingOverAndOver_HoldsOnePlace_AndGoesToTheFrontEachTime()
    {
        var (backlog, counters) = New(capacity: 2);
        backlog.Add(Build(DhcpMessageType.Discover, Node(2), xid: 2), From);
        backlog.Add(Build(DhcpMessageType.Discover, Node(1), xid: 1), From);
        for (int i = 0; i < 10; i++) backlog.Add(Build(DhcpMessageType.Discover, Node(2), xid: 2), From);
        using (Assert.EnterMultipleScope())
        {
            Assert.That((backlog.Count, counters.Superseded, counters.DiscoversShed), Is.EqualTo((2, 10L, 0L)), "the copies left behind crowd nobody out");
            Assert.That(TakeAll(backlog), Is.EqualTo(new uint[] { 2, 1 }));
        }
    }

    [Test]
    public void ARetransmittedRequestKeepsItsPlace()
    {
        var (backlog, counters) = New();
        backlog.Add(Build(DhcpMessageType.Request, Node(1), xid: 1, requested: "198.18.1.5"), From);
        backlog.Add(Build(DhcpMessageType.Request, Node(2), xid: 2, requested: "198.18.1.6"), From);
        backlog.Add(Build(DhcpMessageType.Request, Node(1), xid: 1, requested: "198.18.1.5"), From);
        Assert.That(counters.Superseded, Is.EqualTo(1));
        Assert.That(TakeAll(backlog), Is.EqualTo(new uint[] { 1, 2 }));
    }

    [Test]
    public void WhatIsNotADhcpRequest_IsKeptForTheDecisionToCount_AndNeverTakenForARetransmission()
    {
        var (backlog, counters) = New();
        byte[] junk = [1, 2, 3];
        backlog.Add(junk, From);
        backlog.Add(junk, From);
        Assert.That((backlog.Count, counters.Superseded), Is.EqualTo((2, 0L)));
        Assert.That(backlog.TryTake(out var first), Is.True);
        Assert.That(first.Datagram.ToArray(), Is.EqualTo(junk));
        RequestBacklog.Release(first);
    }
}
