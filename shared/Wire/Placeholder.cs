namespace IPoIBDhcp.Wire;
/// <summary>x</summary>
public static class Placeholder { /// <summary>x</summary>
 public static int One => 1; }
