namespace IPoIBDhcp.Server.Config;

/// <summary>The binary operators of ISC's numeric expressions.</summary>
public enum ArithmeticOperator
{
    /// <summary><c>+</c></summary>
    Add,
    /// <summary><c>*</c></summary>
    Multiply,
    /// <summary><c>/</c></summary>
    Divide,
    /// <summary><c>%</c></summary>
    Remainder,
    /// <summary><c>&amp;</c></summary>
    BitAnd,
    /// <summary><c>|</c></summary>
    BitOr,
    /// <summary><c>^</c></summary>
    BitXor,
}
