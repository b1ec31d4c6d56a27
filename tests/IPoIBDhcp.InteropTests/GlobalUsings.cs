global using NUnit.Framework;

// Namespaces, veth pairs and packet sockets: the interop matrix is Linux-only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
