// Runbook incident bot on Azure: Linux Web App (Node 20) with a user-assigned managed identity,
// Azure Bot with the Teams channel, Storage (blob container + Storage Blob Data Contributor), Application Insights.
// Every app setting the bot reads (src/config.ts) is set here or is a parameter; test/infra checks that.

@description('Name prefix for every resource (letters and digits, 3-11 characters).')
@minLength(3)
@maxLength(11)
param namePrefix string

@description('Azure region.')
param location string = resourceGroup().location

@description('Entra app registration (client) id of the bot, a GUID.')
param botAppId string

@description('Entra tenant id of the bot app registration.')
param botTenantId string = subscription().tenantId

@description('MultiTenant, SingleTenant or UserAssignedMSI.')
@allowed(['MultiTenant', 'SingleTenant', 'UserAssignedMSI'])
param botAppType string = 'SingleTenant'

@description('Client secret of the bot app registration (not used with UserAssignedMSI).')
@secure()
param botAppPassword string = ''

@description('Comma-separated Entra object ids of the approvers.')
param approverIds string

@description('Entra group whose members may approve (optional; the bot reads it through Graph with its managed identity: grant GroupMember.Read.All).')
param approverGroupId string = ''

@description('Let the bot read message trace, service health and the approver group through Microsoft Graph with its managed identity (grant the Graph permissions first, README "Live diagnostics").')
param liveGraphChecks bool = false

@description('Check MX, SPF, DKIM and DMARC of the sender and recipient domains during triage.')
param dnsChecks bool = true

@description('Conversation id of the approvers\' group chat or channel (optional).')
param approversConversationId string = ''

@description('Teams channel id for customer summaries; "set summary channel" in Teams overrides it.')
param summaryChannelId string = ''

@description('Show Approve/Reject only to approvers (refresh.userIds).')
param approvalCardRefresh bool = true

@description('App Service plan SKU.')
param appServiceSku string = 'B1'

param approvalRemindMinutes int = 30
param idleRemindMinutes int = 60
param sev1ResponseMinutes int = 10
param reminderSweepSeconds int = 60
@description('An undelivered sending claimed longer ago than this (its instance crashed) is sent again by the sweep.')
param outboxLeaseSeconds int = 30

@allowed(['debug', 'info', 'warn', 'error'])
param logLevel string = 'info'

var storageName = toLower('${namePrefix}st${uniqueString(resourceGroup().id)}')
var containerName = 'incidents'
var appName = '${namePrefix}-bot-${uniqueString(resourceGroup().id)}'
// Storage Blob Data Contributor
var blobContributorRoleId = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${namePrefix}-id'
  location: location
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: take(storageName, 24)
  location: location
  sku: { name: 'Standard_ZRS' }
  kind: 'StorageV2'
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    supportsHttpsTrafficOnly: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    deleteRetentionPolicy: { enabled: true, days: 30 }
    isVersioningEnabled: true
  }
}

resource container 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: containerName
  properties: { publicAccess: 'None' }
}

resource blobRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, blobContributorRoleId)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', blobContributorRoleId)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// Blob index tags hold the sweep's due index (src/store/blob-store.ts: written with each incident, found by tag).
// Storage Blob Data Contributor grants none of the three; Storage Blob Data Owner would grant far more.
resource blobTagsRoleDefinition 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(resourceGroup().id, 'runbook-bot-blob-index-tags')
  properties: {
    roleName: 'Runbook bot blob index tags ${uniqueString(resourceGroup().id)}'
    description: 'Read, write and find blob index tags: the incident bot keeps its due index in them.'
    type: 'CustomRole'
    assignableScopes: [resourceGroup().id]
    permissions: [
      {
        actions: []
        notActions: []
        dataActions: [
          'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/tags/read'
          'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/tags/write'
          'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/filter/action'
        ]
        notDataActions: []
      }
    ]
  }
}

resource blobTagsRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, 'runbook-bot-blob-index-tags')
  scope: storage
  properties: {
    roleDefinitionId: blobTagsRoleDefinition.id
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${namePrefix}-logs'
  location: location
  properties: { sku: { name: 'PerGB2018' }, retentionInDays: 30 }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${namePrefix}-ai'
  location: location
  kind: 'web'
  properties: { Application_Type: 'web', WorkspaceResourceId: logs.id }
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${namePrefix}-plan'
  location: location
  kind: 'linux'
  sku: { name: appServiceSku }
  properties: { reserved: true }
}

resource app 'Microsoft.Web/sites@2023-12-01' = {
  name: appName
  location: location
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      linuxFxVersion: 'NODE|20-lts'
      appCommandLine: 'node dist/src/index.js'
      alwaysOn: true
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      healthCheckPath: '/readyz'
      appSettings: [
        { name: 'PORT', value: '8080' }
        { name: 'WEBSITES_PORT', value: '8080' }
        { name: 'HOST', value: '0.0.0.0' }
        { name: 'MicrosoftAppId', value: botAppType == 'UserAssignedMSI' ? identity.properties.clientId : botAppId }
        { name: 'MicrosoftAppPassword', value: botAppPassword }
        { name: 'MicrosoftAppType', value: botAppType }
        { name: 'MicrosoftAppTenantId', value: botTenantId }
        { name: 'STORE', value: 'blob' }
        { name: 'DATA_DIR', value: '/home/data' }
        { name: 'AZURE_STORAGE_ACCOUNT_URL', value: storage.properties.primaryEndpoints.blob }
        { name: 'AZURE_STORAGE_CONNECTION_STRING', value: '' }
        { name: 'AZURE_STORAGE_CONTAINER', value: containerName }
        { name: 'AZURE_CLIENT_ID', value: identity.properties.clientId }
        { name: 'RUNBOOKS_DIR', value: '' }
        { name: 'APPROVER_IDS', value: approverIds }
        { name: 'APPROVER_GROUP_ID', value: approverGroupId }
        { name: 'APPROVER_GROUP_CACHE_MINUTES', value: '5' }
        { name: 'GRAPH_AUTH', value: (liveGraphChecks || !empty(approverGroupId)) ? 'managed-identity' : 'none' }
        { name: 'GRAPH_TENANT_ID', value: '' }
        { name: 'GRAPH_CLIENT_ID', value: identity.properties.clientId }
        { name: 'GRAPH_CLIENT_SECRET', value: '' }
        { name: 'GRAPH_CERTIFICATE_PATH', value: '' }
        { name: 'GRAPH_BASE_URL', value: 'https://graph.microsoft.com/v1.0' }
        { name: 'DNS_CHECKS', value: string(dnsChecks) }
        { name: 'DNS_SERVERS', value: '' }
        { name: 'APPROVERS_CONVERSATION_ID', value: approversConversationId }
        { name: 'SUMMARY_CHANNEL_ID', value: summaryChannelId }
        { name: 'APPROVAL_CARD_REFRESH', value: string(approvalCardRefresh) }
        { name: 'APPROVAL_REMIND_MINUTES', value: string(approvalRemindMinutes) }
        { name: 'IDLE_REMIND_MINUTES', value: string(idleRemindMinutes) }
        { name: 'SEV1_RESPONSE_MINUTES', value: string(sev1ResponseMinutes) }
        { name: 'REMINDER_SWEEP_SECONDS', value: string(reminderSweepSeconds) }
        { name: 'OUTBOX_LEASE_SECONDS', value: string(outboxLeaseSeconds) }
        { name: 'LOG_LEVEL', value: logLevel }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
        // The bot's own OpenTelemetry (src/telemetry) sends turns, dependencies and incident figures; the codeless
        // agent stays off so nothing is counted twice.
        { name: 'TELEMETRY_METRIC_INTERVAL_SECONDS', value: '60' }
        { name: 'ApplicationInsightsAgent_EXTENSION_VERSION', value: 'disabled' }
        { name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'false' }
      ]
    }
  }
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: '${namePrefix}-bot'
  location: 'global'
  kind: 'azurebot'
  sku: { name: 'S1' }
  properties: {
    displayName: 'Runbook Incident Bot'
    endpoint: 'https://${app.properties.defaultHostName}/api/messages'
    msaAppId: botAppType == 'UserAssignedMSI' ? identity.properties.clientId : botAppId
    msaAppType: botAppType
    msaAppTenantId: botTenantId
    msaAppMSIResourceId: botAppType == 'UserAssignedMSI' ? identity.id : null
    developerAppInsightKey: insights.properties.InstrumentationKey
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: { isEnabled: true, acceptedTerms: true }
  }
}

output appHostName string = app.properties.defaultHostName
output messagingEndpoint string = 'https://${app.properties.defaultHostName}/api/messages'
output storageAccount string = storage.name
output managedIdentityClientId string = identity.properties.clientId
// The Agents Toolkit's deploy step (m365agents.yml azureAppService/zipDeploy) reads this from env/.env.dev.
output AZURE_APP_SERVICE_RESOURCE_ID string = app.id
