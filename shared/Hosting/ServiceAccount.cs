using System.Runtime.InteropServices;

namespace IPoIBDhcp.Hosting;

/// <summary>
/// The user and group named by ISC's <c>-user</c> and <c>-group</c>, looked up (through the name service switch) before
/// anything is opened, and taken on by <see cref="TryBecome"/> once the sockets, the lease file and the pid file are
/// open: setgroups(0), setgid, setuid, in ISC's order. Without <c>-group</c> the user's own group is taken, as ISC.
/// </summary>
/// <param name="User">The user name, or null to keep the user.</param>
/// <param name="Uid">Its uid.</param>
/// <param name="Group">The group name (the user's primary group when only -user was given), or null to keep the group.</param>
/// <param name="Gid">Its gid.</param>
public sealed record ServiceAccount(string? User, uint Uid, string? Group, uint Gid)
{
    // struct passwd on 64-bit Linux: pw_name, pw_passwd (pointers), pw_uid, pw_gid (32-bit); struct group: gr_name,
    // gr_passwd (pointers), gr_gid.
    private const int PasswdUidOffset = 16;
    private const int PasswdGidOffset = 20;
    private const int GroupGidOffset = 16;

    /// <summary>
    /// Looks up <paramref name="user"/> and <paramref name="group"/> (either may be null; both null gives a null account).
    /// False with ISC's line (<c>no such user: U</c>, <c>no such group: G</c>, <c>you must be root to set user</c>) otherwise.
    /// </summary>
    public static bool TryResolve(string? user, string? group, out ServiceAccount? account, out string error)
    {
        account = null;
        error = "";
        if (user is null && group is null) return true;
        if (ProcessCalls.geteuid() != 0)
        {
            error = user is not null ? "you must be root to set user" : "you must be root to set group";
            return false;
        }
        uint uid = 0, gid = 0;
        string? groupName = group;
        if (user is not null)
        {
            nint passwd = ProcessCalls.getpwnam(user);
            if (passwd == 0)
            {
                error = $"no such user: {user}";
                return false;
            }
            uid = (uint)Marshal.ReadInt32(passwd, PasswdUidOffset);
            gid = (uint)Marshal.ReadInt32(passwd, PasswdGidOffset);
            groupName ??= $"{gid}";
        }
        if (group is not null)
        {
            nint entry = ProcessCalls.getgrnam(group);
            if (entry == 0)
            {
                error = $"no such group: {group}";
                return false;
            }
            gid = (uint)Marshal.ReadInt32(entry, GroupGidOffset);
        }
        account = new ServiceAccount(user, uid, groupName, gid);
        return true;
    }

    /// <summary>
    /// Gives up root for this account: supplementary groups dropped, then the gid, then the uid (when a user was named).
    /// Capabilities go with root: what was opened before (packet sockets, privileged ports, the lease file, the log)
    /// keeps working, nothing privileged can be opened again. False with ISC's line (<c>setgid(G): reason</c>) when a
    /// call fails.
    /// </summary>
    public bool TryBecome(out string error)
    {
        error = "";
        if (Group is not null)
        {
            if (ProcessCalls.setgroups(0, 0) != 0)
            {
                error = $"setgroups: {ProcessCalls.Describe(Marshal.GetLastPInvokeError())}";
                return false;
            }
            if (ProcessCalls.setgid(Gid) != 0)
            {
                error = $"setgid({Gid}): {ProcessCalls.Describe(Marshal.GetLastPInvokeError())}";
                return false;
            }
        }
        if (User is not null && ProcessCalls.setuid(Uid) != 0)
        {
            error = $"setuid({Uid}): {ProcessCalls.Describe(Marshal.GetLastPInvokeError())}";
            return false;
        }
        return true;
    }
}
