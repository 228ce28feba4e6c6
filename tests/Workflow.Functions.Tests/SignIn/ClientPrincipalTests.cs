using System.Text;
using Workflow.Functions.SignIn;

namespace Workflow.Functions.Tests.SignIn;

public sealed class ClientPrincipalTests
{
    [Fact]
    public void Read_TheHeaderAppServiceSends_GivesTheNameAddressAndRoles()
    {
        // As App Service Authentication writes it for Entra ID: claim types as URIs for the name and role.
        var json = """
            {"auth_typ":"aad","name_typ":"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name",
             "role_typ":"http://schemas.microsoft.com/ws/2008/06/identity/claims/role",
             "claims":[{"typ":"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name","val":"Alex Okafor"},
                       {"typ":"preferred_username","val":"director.london@example.org"},
                       {"typ":"http://schemas.microsoft.com/ws/2008/06/identity/claims/role","val":"Planning.Regional"}]}
            """;

        var principal = ClientPrincipal.Read(Convert.ToBase64String(Encoding.UTF8.GetBytes(json)));

        Assert.NotNull(principal);
        Assert.Equal("Alex Okafor", principal.Name);
        Assert.Equal("director.london@example.org", principal.Email);
        Assert.Equal(["Planning.Regional"], principal.Roles);
    }

    [Fact]
    public void ToHeader_ReadsBackAsTheSamePrincipal()
    {
        var principal = new ClientPrincipal("Nadia Fox", "planning.lead@example.org", ["Planning.National"]);

        var read = ClientPrincipal.Read(principal.ToHeader());

        Assert.NotNull(read);
        Assert.Equal(principal.Email, read.Email);
        Assert.Equal(principal.Roles, read.Roles);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("bm90IGpzb24=")]
    [InlineData("eyJjbGFpbXMiOjN9")]
    [InlineData("eyJjbGFpbXMiOlt7InR5cCI6Im5hbWUiLCJ2YWwiOiJObyBhZGRyZXNzIn1dfQ==")]
    public void Read_AHeaderThatIsNotAPrincipalWithAnAddress_IsNobody(string header) =>
        Assert.Null(ClientPrincipal.Read(header));
}
