using System.ComponentModel.DataAnnotations;

namespace Workflow.Storage.Tests;

/// <summary>Where the clients point: the connection string's account, or in Azure the named account reached with the app's identity.</summary>
public sealed class StorageAccountTests
{
    [Fact]
    public void New_AccountName_EveryClientOnThatAccountsEndpoints()
    {
        var account = new StorageAccount(new StorageOptions { AccountName = "stplanninground", Prefix = "t" });

        Assert.Equal(new Uri("https://stplanninground.table.core.windows.net/tjournal"), account.Journal.Uri);
        Assert.Equal(new Uri("https://stplanninground.queue.core.windows.net/tevents"), account.Events.Uri);
        Assert.Equal(new Uri("https://stplanninground.blob.core.windows.net/tplans"), account.Plans.Uri);
        Assert.Equal("stplanninground", account.Status.AccountName);
    }

    [Fact]
    public void New_AnotherCloud_ItsEndpointSuffix()
    {
        var account = new StorageAccount(new StorageOptions { AccountName = "stplanninground", EndpointSuffix = "core.usgovcloudapi.net" });

        Assert.Equal(new Uri("https://stplanninground.table.core.usgovcloudapi.net/journal"), account.Journal.Uri);
    }

    [Fact]
    public void New_ConnectionString_ThatAccount()
    {
        var account = new StorageAccount(new StorageOptions { ConnectionString = "UseDevelopmentStorage=true" });

        Assert.Equal("devstoreaccount1", account.Journal.AccountName);
        Assert.Equal("127.0.0.1", account.Events.Uri.Host);
    }

    [Theory]
    [InlineData(null, null, "Set either Storage:ConnectionString")]
    [InlineData("UseDevelopmentStorage=true", "stplanninground", "Set either Storage:ConnectionString")]
    [InlineData(null, "Not-A-Name", "AccountName")]
    public void Validate_NeitherBothOrABadName_RefusedSayingWhat(string? connectionString, string? accountName, string expected)
    {
        var options = new StorageOptions { ConnectionString = connectionString, AccountName = accountName };
        var results = new List<ValidationResult>();

        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        Assert.Contains(results, r => r.ErrorMessage!.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("UseDevelopmentStorage=true", null)]
    [InlineData(null, "stplanninground")]
    [InlineData("", "stplanninground")]
    public void Validate_OneOfTheTwo_Accepted(string? connectionString, string? accountName)
    {
        var options = new StorageOptions { ConnectionString = connectionString, AccountName = accountName };

        Assert.True(Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true));
    }
}
