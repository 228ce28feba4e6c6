// The planning-round workflow in Azure: the Functions app (Durable Functions on the .NET isolated worker, Flex
// Consumption), the storage account that holds its task hub, tables and documents, the Service Bus topic its
// integration events go to, the Key Vault that holds its secrets, and Application Insights. Deploy into a resource group:
//   az deployment group create -g <group> -f infra/main.bicep -p infra/main.bicepparam

targetScope = 'resourceGroup'

@description('Names every resource: lower-case letters, digits and hyphens.')
@minLength(3)
@maxLength(20)
param name string = 'planning-round'

param location string = resourceGroup().location

@description('Where people reach the service; every link in an e-mail starts with it. Empty: the app\'s own address.')
param publicBaseUrl string = ''

@description('The SendGrid API key mail is sent with; kept in Key Vault.')
@secure()
param sendGridApiKey string

@description('The address mail comes from: a sender verified in SendGrid.')
param sendGridFromEmail string

param sendGridFromName string = 'NHS England planning round'

@description('The signed event webhook\'s verification key as SendGrid shows it (base64). Public, so not kept in Key Vault; without it every webhook post is refused.')
param sendGridEventWebhookPublicKey string

@description('Base64 of at least 32 random bytes (openssl rand -base64 32); links in e-mails are signed with it. Kept in Key Vault.')
@secure()
@minLength(44)
param linkSigningKey string

@description('The round file loaded at start, from the files deployed with the app.')
param roundFile string = 'rounds/2019-20.json'

@description('At most this many instances of the app at once.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('The Durable Functions task hub: its queues, tables and blobs in the storage account are named after it. Letters and digits, starting with a letter. A new name starts an empty hub, leaving the running orchestrations behind in the old one.')
@minLength(3)
@maxLength(45)
param taskHubName string = replace(name, '-', '')

@description('Instances kept warm for the orchestrator and activity functions, as Durable Functions on Flex Consumption is advised to have; 0 lets the app scale to nothing between events, so a timer or an event may first wait for a cold start.')
@minValue(0)
@maxValue(10)
param durableAlwaysReadyInstances int = 1

@description('The application (client) id of the Entra ID app registration people sign in to; its app roles are Planning.National, Planning.Regional and Planning.Pmo.')
@minLength(36)
param signInClientId string

@description('The Entra ID tenant people sign in from.')
param signInTenantId string = subscription().tenantId

var token = uniqueString(resourceGroup().id, name)
// Storage names are 3 to 24 lower-case letters and digits.
var storageName = 'st${take(replace(name, '-', ''), 9)}${token}'
var appName = '${name}-${token}'
var packageContainer = 'app-package'
var baseUrl = empty(publicBaseUrl) ? 'https://${appName}.azurewebsites.net' : publicBaseUrl

// Built-in roles the app's identity needs, by their fixed ids.
var roles = {
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${name}-${token}'
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 90
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${name}-${token}'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
  }
}

// The Durable task hub (history, instances, control and work-item queues, leases), the service's own tables, the
// submitted plans and the deployment package. Zone-redundant: neither a plan submitted nor a round's progress is
// lost to one data centre failing. Everything reaches it with the app's identity, so no account key is used, stored
// or even allowed.
resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageName
  location: location
  kind: 'StorageV2'
  sku: { name: 'Standard_ZRS' }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    accessTier: 'Hot'
  }
}

resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    // A document deleted by mistake can be brought back for a month.
    deleteRetentionPolicy: { enabled: true, days: 30 }
    containerDeleteRetentionPolicy: { enabled: true, days: 30 }
  }
}

resource package 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobs
  name: packageContainer
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: take('kv-${replace(name, '-', '')}-${token}', 24)
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
  }
}

resource sendGridSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'SendGrid--ApiKey'
  properties: { value: sendGridApiKey }
}

resource signingSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'Links--SigningKey'
  properties: { value: linkSigningKey }
}

// Integration events, as CloudEvents, for whoever in NHS England subscribes to them. Standard is the lowest tier with
// topics. Only Entra identities reach it: no shared access key is issued or accepted.
resource bus 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: 'sb-${name}-${token}'
  location: location
  sku: { name: 'Standard', tier: 'Standard' }
  properties: {
    minimumTlsVersion: '1.2'
    disableLocalAuth: true
  }
}

// No subscription here: each consumer brings its own, with its own filter and its own receiver role, so one slow
// reader never holds events back from another and the service depends on none of them.
resource planningEvents 'Microsoft.ServiceBus/namespaces/topics@2024-01-01' = {
  parent: bus
  name: 'planning-events'
  properties: {
    // Activities run at least once, so an event can be sent twice under one id: minutes apart after a worker dies
    // mid-send, days apart after an outage nobody mends before a bank-holiday weekend is out. The service sends a few
    // thousand events a round, so the longest window Service Bus keeps costs nothing worth weighing.
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: 'P7D'
    // A consumer down over a holiday still finds its events when it comes back.
    defaultMessageTimeToLive: 'P14D'
  }
}

// The endpoint reads https://<namespace>.servicebus.windows.net:443/; clients take the host alone.
var busHost = split(split(bus.properties.serviceBusEndpoint, '/')[2], ':')[0]

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-${name}-${token}'
  location: location
  kind: 'functionapp'
  sku: { tier: 'FlexConsumption', name: 'FC1' }
  properties: { reserved: true }
}

// Flex Consumption runs Functions 4 only and takes the worker runtime and its version from functionAppConfig:
// FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION are not app settings here.
resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  kind: 'functionapp,linux'
  identity: { type: 'SystemAssigned' }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: [
        // The Functions host's own storage and the Durable task hub, reached with the app's identity; host.json names
        // the hub from TaskHubName.
        { name: 'AzureWebJobsStorage__accountName', value: storage.name }
        { name: 'TaskHubName', value: taskHubName }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
        { name: 'Storage__AccountName', value: storage.name }
        { name: 'Storage__EndpointSuffix', value: environment().suffixes.storage }
        { name: 'Links__SigningKey', value: '@Microsoft.KeyVault(SecretUri=${signingSecret.properties.secretUri})' }
        { name: 'Links__BaseUrl', value: baseUrl }
        { name: 'SendGrid__ApiKey', value: '@Microsoft.KeyVault(SecretUri=${sendGridSecret.properties.secretUri})' }
        { name: 'SendGrid__FromEmail', value: sendGridFromEmail }
        { name: 'SendGrid__FromName', value: sendGridFromName }
        { name: 'SendGrid__EventWebhookPublicKey', value: sendGridEventWebhookPublicKey }
        { name: 'Workflow__DataFolder', value: 'data' }
        { name: 'Workflow__RoundFile', value: roundFile }
        // The national team starts a round when it opens (POST /api/rounds/{round}/start), not every cold start.
        { name: 'Workflow__StartRoundOnLoad', value: 'false' }
        { name: 'IntegrationEvents__ServiceBusNamespace', value: busHost }
        { name: 'IntegrationEvents__Topic', value: planningEvents.name }
        // The platform signs people in and tells the service who they are; the service decides what they may do.
        { name: 'SignIn__Mode', value: 'AppService' }
      ]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${packageContainer}'
          authentication: { type: 'SystemAssignedIdentity' }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: 2048
        alwaysReady: durableAlwaysReadyInstances == 0 ? [] : [{ name: 'durable', instanceCount: durableAlwaysReadyInstances }]
      }
      runtime: { name: 'dotnet-isolated', version: '10.0' }
    }
  }
}

// App Service Authentication with Entra ID. Anonymous requests are let through rather than sent to sign in: people
// follow links from e-mail without signing in, and the service itself refuses everything else that needs a sign-in
// (401 for the API, a redirect to /signin for pages). The token store keeps each person's session on the platform.
resource authentication 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: app
  name: 'authsettingsV2'
  properties: {
    platform: { enabled: true }
    globalValidation: {
      requireAuthentication: false
      unauthenticatedClientAction: 'AllowAnonymous'
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: signInClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${signInTenantId}/v2.0'
        }
        validation: {
          allowedAudiences: ['api://${signInClientId}', signInClientId]
        }
      }
    }
    login: {
      tokenStore: { enabled: true }
      preserveUrlFragmentsForLogins: false
    }
    httpSettings: {
      requireHttps: true
    }
  }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, app.id, roles.keyVaultSecretsUser)
  properties: {
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
  }
}

// Blob Data Owner is what the Functions host itself needs. Durable's Azure Storage backend keeps leases and large
// messages in blobs, control and work-item messages in queues, history and instances in tables; the service's own
// tables and plans fall within the same three roles.
resource blobOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, app.id, roles.storageBlobDataOwner)
  properties: {
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner)
  }
}

resource tableContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, app.id, roles.storageTableDataContributor)
  properties: {
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataContributor)
  }
}

resource queueContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, app.id, roles.storageQueueDataContributor)
  properties: {
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageQueueDataContributor)
  }
}

// The app may send to the topic, and nothing more: not receive, not manage, not reach another topic.
resource topicSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: planningEvents
  name: guid(planningEvents.id, app.id, roles.serviceBusDataSender)
  properties: {
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataSender)
  }
}

output appName string = app.name
output baseUrl string = baseUrl
output storageAccountName string = storage.name
output keyVaultName string = vault.name
output serviceBusNamespace string = busHost
output taskHubName string = taskHubName
