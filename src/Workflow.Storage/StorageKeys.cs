using System.Security.Cryptography;
using System.Text;

namespace Workflow.Storage;

internal static class StorageKeys
{
    /// <summary>Azure refuses a table transaction of more than 100 operations.</summary>
    public const int MaxTransactionOperations = 100;

    /// <summary>Text that may hold characters a row key may not (command ids, addresses, nonces), as row-key characters.</summary>
    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..40];
}
