// The planning-round workflow in Azure: the Functions app that runs the custom handler on Flex Consumption,
// the storage account that holds its instances, queues and documents, the Service Bus topic other systems
// subscribe to, the Key Vault that holds its secrets, and Application Insights. Deploy into a resource group:
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

// Instances, schedule, status, outbox and events queues, and submitted plans. Zone-redundant: a plan submitted
// is never lost to one data centre failing. Everything reaches it with the app's identity, so no account key
// is used, stored or even allowed.
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

// Integration events for other NHS systems. Standard is the least tier with topics. Only identities reach it:
// no shared access key exists to leak.
resource bus 'Microsoft.ServiceBus/namespaces@2021-11-01' = {
  name: 'sb-${name}-${token}'
  location: location
  sku: { name: 'Standard', tier: 'Standard' }
  properties: { disableLocalAuth: true }
}

// An event is published at least once, under the same message id each time; the topic drops a repeat seen within
// a day, longer than the dispatcher goes on retrying one event.
resource events 'Microsoft.ServiceBus/namespaces/topics@2021-11-01' = {
  parent: bus
  name: 'planning-events'
  properties: {
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: 'P1D'
  }
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

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-${name}-${token}'
  location: location
  kind: 'functionapp'
  sku: { tier: 'FlexConsumption', name: 'FC1' }
  properties: { reserved: true }
}

// Flex Consumption takes no "custom" runtime: the app is created as dotnet-isolated, and host.json's
// customHandler section starts the self-contained Workflow.Functions executable.
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
        // The Functions host's own storage (timer leases, the outbox queue trigger) and the workflow's, both reached
        // with the app's identity.
        { name: 'AzureWebJobsStorage__accountName', value: storage.name }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
        { name: 'Storage__AccountName', value: storage.name }
        { name: 'Storage__EndpointSuffix', value: environment().suffixes.storage }
        { name: 'Links__SigningKey', value: '@Microsoft.KeyVault(SecretUri=${signingSecret.properties.secretUri})' }
        { name: 'Links__BaseUrl', value: baseUrl }
        { name: 'SendGrid__ApiKey', value: '@Microsoft.KeyVault(SecretUri=${sendGridSecret.properties.secretUri})' }
        { name: 'SendGrid__FromEmail', value: sendGridFromEmail }
        { name: 'SendGrid__FromName', value: sendGridFromName }
        { name: 'IntegrationEvents__ServiceBusNamespace', value: '${bus.name}.servicebus.windows.net' }
        { name: 'IntegrationEvents__Topic', value: events.name }
        { name: 'Workflow__DataFolder', value: 'data' }
        { name: 'Workflow__RoundFile', value: roundFile }
        // The national team starts a round when it opens (POST /api/rounds/{round}/start), not every cold start.
        { name: 'Workflow__StartRoundOnLoad', value: 'false' }
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
      }
      runtime: { name: 'dotnet-isolated', version: '10.0' }
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

// Sending only, and only to the one topic.
resource eventsSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: events
  name: guid(events.id, app.id, roles.serviceBusDataSender)
  properties: {
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataSender)
  }
}

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

output appName string = app.name
output baseUrl string = baseUrl
output storageAccountName string = storage.name
output keyVaultName string = vault.name
output serviceBusNamespace string = bus.name
