using System.ComponentModel.DataAnnotations;

namespace Workflow.Storage.Tests;

/// <summary>Where the clients point: the connection string's account, or in Azure the named account reached with the app's identity.</summary>
public sealed class StorageAccountTests
{
    [Fact]
    public void New_AccountName_EveryClientOnThatAccountsEndpoints()
    {
        var account = new StorageAccount(new StorageOptions { AccountName = "stplanninground", Prefix = "t" });

        Assert.Equal(new Uri("https://stplanninground.table.core.windows.net/tinstances"), account.Instances.Uri);
        Assert.Equal(new Uri("https://stplanninground.queue.core.windows.net/toutbox"), account.Outbox.Uri);
        Assert.Equal(new Uri("https://stplanninground.blob.core.windows.net/tplans"), account.Plans.Uri);
        Assert.Equal("stplanninground", account.Schedule.AccountName);
    }

    [Fact]
    public void New_AnotherCloud_ItsEndpointSuffix()
    {
        var account = new StorageAccount(new StorageOptions { AccountName = "stplanninground", EndpointSuffix = "core.usgovcloudapi.net" });

        Assert.Equal(new Uri("https://stplanninground.table.core.usgovcloudapi.net/instances"), account.Instances.Uri);
    }

    [Fact]
    public void New_ConnectionString_ThatAccount()
    {
        var account = new StorageAccount(new StorageOptions { ConnectionString = "UseDevelopmentStorage=true" });

        Assert.Equal("devstoreaccount1", account.Instances.AccountName);
        Assert.Equal("127.0.0.1", account.Outbox.Uri.Host);
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
