// The Panopto rules bot as a university runs it: an Azure Bot with the Teams channel, a Linux App Service (two
// instances by default) sharing one storage account, secrets in Key Vault, telemetry in Application Insights.
// Deploy: README.md, "Deploy to Azure". test/unit/infra.test.ts checks the app settings below against bot/config.ts.

targetScope = 'resourceGroup'

@description('Short name the resource names are made from: lower-case letters and digits only (it starts the storage account name).')
@minLength(3)
@maxLength(11)
param baseName string

param location string = resourceGroup().location

@description('How the bot signs in: a user-assigned managed identity (no secret to rotate) or an Entra app registration with a client secret.')
@allowed([
  'UserAssignedMsi'
  'SingleTenant'
])
param botAppType string = 'UserAssignedMsi'

@description('SingleTenant only: the app registration\'s application (client) id.')
param appRegistrationClientId string = ''

@description('SingleTenant only: the app registration\'s client secret, stored in Key Vault.')
@secure()
param microsoftAppPassword string = ''

@description('Azure Bot pricing tier; Teams is a standard channel, free on F0.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

@description('App Service plan tier: Basic or higher (Always On). P0v3 and up scale to several instances.')
param appServicePlanSku string = 'P0v3'

@description('Instances of the bot. More than one needs the shared Azure Storage state this template configures.')
@minValue(1)
@maxValue(10)
param instanceCount int = 2

@description('Zone-redundant by default, so the state the instances share outlives one datacentre; Standard_LRS where ZRS is not offered.')
@allowed([
  'Standard_ZRS'
  'Standard_LRS'
  'Standard_GZRS'
])
param storageSku string = 'Standard_ZRS'

@allowed([
  'NODE|22-lts'
  'NODE|20-lts'
])
param linuxFxVersion string = 'NODE|22-lts'

@description('Panopto site host name, e.g. xamk.cloud.panopto.eu.')
param panoptoServer string

@description('Panopto API client id.')
param panoptoClientId string

@description('Panopto API client secret, stored in Key Vault. Needed on the first deployment; later ones may leave it out.')
@secure()
param panoptoClientSecret string = ''

@allowed([
  'password'
  'client_credentials'
])
param panoptoGrant string = 'password'

@description('password grant only: the Panopto service account.')
param panoptoUsername string = ''

@description('password grant only: the service account\'s password, stored in Key Vault.')
@secure()
param panoptoPassword string = ''

@description('Maps Panopto SSO usernames (Provider\\login) to login@domain.')
param panoptoOwnerEmailDomain string = ''

@description('Comma-separated Panopto folder ids to crawl; empty: all.')
param panoptoFolderIds string = ''

@allowed([
  'on'
  'off'
])
param panoptoUsageReportFetch string = 'off'

@description('Teams conversation id of the support channel (19:…@thread.tacv2); empty: forwarding off.')
param supportConversationId string = ''

@description('Comma-separated e-mails/UPNs or Entra object ids of people who decide extension requests.')
param supportUsers string = ''

@description('Install the app for owners who never opened the bot (Graph TeamsAppInstallation.ReadWriteSelfForUser.All).')
@allowed([
  'on'
  'off'
])
param installForOwners string = 'off'

@description('The app\'s id in the organisation\'s Teams app catalog (needed with installForOwners=on).')
param teamsAppCatalogId string = ''

@description('Where new 1:1 chats are opened (the Bot Connector for the tenant).')
param teamsServiceUrl string = 'https://smba.trafficmanager.net/teams/'

var suffix = uniqueString(resourceGroup().id, baseName)
var isMsi = botAppType == 'UserAssignedMsi'
var storageName = take('${baseName}${suffix}', 24)
var vaultName = take('kv-${baseName}-${suffix}', 24)
var siteName = 'app-${baseName}-${suffix}'

// Built-in role definition ids (Azure RBAC built-in roles).
var roleStorageTableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
var roleStorageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
var roleKeyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

// One identity for everything the app reaches without a password: storage, Key Vault references, and (with
// UserAssignedMsi) the bot's own sign-in to Teams and Graph.
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${baseName}-${suffix}'
  location: location
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageName
  location: location
  kind: 'StorageV2'
  sku: {
    name: storageSku
  }
  properties: {
    allowBlobPublicAccess: false
    // The bot signs in with its identity; no account key exists for anyone to leak.
    allowSharedKeyAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  }
}

resource tableRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, roleStorageTableDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleStorageTableDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource blobRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, roleStorageBlobDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleStorageBlobDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: vaultName
  location: location
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
  }
}

resource vaultRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identity.id, roleKeyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleKeyVaultSecretsUser)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// A secret is written only when its parameter is given, so a redeployment without it keeps the value rotated in the vault.
resource appPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!isMsi && !empty(microsoftAppPassword)) {
  parent: vault
  name: 'MicrosoftAppPassword'
  properties: {
    value: microsoftAppPassword
  }
}

resource panoptoClientSecretSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(panoptoClientSecret)) {
  parent: vault
  name: 'PanoptoClientSecret'
  properties: {
    value: panoptoClientSecret
  }
}

resource panoptoPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (panoptoGrant == 'password' && !empty(panoptoPassword)) {
  parent: vault
  name: 'PanoptoPassword'
  properties: {
    value: panoptoPassword
  }
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${baseName}-${suffix}'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${baseName}-${suffix}'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
  }
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: 'plan-${baseName}-${suffix}'
  location: location
  kind: 'linux'
  sku: {
    name: appServicePlanSku
    capacity: instanceCount
  }
  properties: {
    reserved: true
  }
}

// App settings: every name is one bot/config.ts reads (or the platform's, named in test/unit/infra.test.ts).
// Secrets are Key Vault references, resolved by App Service with the identity above; the values never enter the template.
var settingsCommon = [
  {
    name: 'NODE_ENV'
    value: 'production'
  }
  {
    name: 'LOG_LEVEL'
    value: 'info'
  }
  {
    name: 'MicrosoftAppId'
    value: isMsi ? identity.properties.clientId : appRegistrationClientId
  }
  {
    name: 'MicrosoftAppType'
    value: botAppType
  }
  {
    name: 'MicrosoftAppTenantId'
    value: tenant().tenantId
  }
  {
    name: 'STORE'
    value: 'azure'
  }
  {
    // The table endpoint is derived from it (without the trailing slash the blob endpoint has).
    name: 'AZURE_STORAGE_ACCOUNT_URL'
    value: storage.properties.primaryEndpoints.blob
  }
  {
    // DefaultAzureCredential signs in to storage as this user-assigned identity.
    name: 'AZURE_CLIENT_ID'
    value: identity.properties.clientId
  }
  {
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
    value: insights.properties.ConnectionString
  }
  {
    name: 'PANOPTO_SERVER'
    value: panoptoServer
  }
  {
    name: 'PANOPTO_CLIENT_ID'
    value: panoptoClientId
  }
  {
    name: 'PANOPTO_CLIENT_SECRET'
    value: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=PanoptoClientSecret)'
  }
  {
    name: 'PANOPTO_GRANT'
    value: panoptoGrant
  }
  {
    name: 'PANOPTO_OWNER_EMAIL_DOMAIN'
    value: panoptoOwnerEmailDomain
  }
  {
    name: 'PANOPTO_FOLDER_IDS'
    value: panoptoFolderIds
  }
  {
    name: 'PANOPTO_USAGE_REPORT_FETCH'
    value: panoptoUsageReportFetch
  }
  {
    name: 'SUPPORT_CONVERSATION_ID'
    value: supportConversationId
  }
  {
    name: 'SUPPORT_USERS'
    value: supportUsers
  }
  {
    // Every instance schedules the daily run; the run's lease in storage lets one of them do it.
    name: 'REMINDERS_SCHEDULE'
    value: 'on'
  }
  {
    // Teams allows the app 50 calls a second in the tenant; each instance paces itself, so they share it.
    name: 'TEAMS_TENANT_RPS'
    value: string(max(1, 50 / instanceCount))
  }
  {
    name: 'TEAMS_SERVICE_URL'
    value: teamsServiceUrl
  }
  {
    name: 'INSTALL_FOR_OWNERS'
    value: installForOwners
  }
  {
    name: 'TEAMS_APP_CATALOG_ID'
    value: teamsAppCatalogId
  }
  {
    // The package is built before deployment (README); a build on App Service would skip the dev dependencies.
    name: 'SCM_DO_BUILD_DURING_DEPLOYMENT'
    value: 'false'
  }
]

var settingsAppPassword = botAppType == 'SingleTenant' ? [
  {
    name: 'MicrosoftAppPassword'
    value: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=MicrosoftAppPassword)'
  }
] : []

var settingsPanoptoPassword = panoptoGrant == 'password' ? [
  {
    name: 'PANOPTO_USERNAME'
    value: panoptoUsername
  }
  {
    name: 'PANOPTO_PASSWORD'
    value: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=PanoptoPassword)'
  }
] : []

resource site 'Microsoft.Web/sites@2023-12-01' = {
  name: siteName
  location: location
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Teams does not send cookies; any instance may take any activity.
    clientAffinityEnabled: false
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      linuxFxVersion: linuxFxVersion
      // The daily reminder run lives in the process: it must not be unloaded when idle.
      alwaysOn: true
      appCommandLine: 'node dist/bot/index.js'
      healthCheckPath: '/healthz'
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      http20Enabled: true
      appSettings: concat(settingsCommon, settingsAppPassword, settingsPanoptoPassword)
    }
  }
  dependsOn: [
    tableRole
    blobRole
    vaultRole
    appPasswordSecret
    panoptoClientSecretSecret
    panoptoPasswordSecret
  ]
}

// The bot's JSON log (stdout) and the HTTP log go to the workspace, where they can be queried beside the telemetry.
resource siteLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'logs'
  scope: site
  properties: {
    workspaceId: logs.id
    logs: [
      {
        category: 'AppServiceConsoleLogs'
        enabled: true
      }
      {
        category: 'AppServiceHTTPLogs'
        enabled: true
      }
    ]
  }
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: 'bot-${baseName}-${suffix}'
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: botSku
  }
  properties: {
    displayName: baseName
    endpoint: 'https://${site.properties.defaultHostName}/api/messages'
    msaAppId: isMsi ? identity.properties.clientId : appRegistrationClientId
    // The resource spells the managed identity type 'UserAssignedMSI'; the bot's setting says 'UserAssignedMsi'.
    msaAppType: isMsi ? 'UserAssignedMSI' : 'SingleTenant'
    msaAppTenantId: tenant().tenantId
    msaAppMSIResourceId: isMsi ? identity.id : null
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

output botHost string = site.properties.defaultHostName
output siteName string = site.name
output botAppId string = isMsi ? identity.properties.clientId : appRegistrationClientId
output identityPrincipalId string = identity.properties.principalId
output keyVaultName string = vault.name
output storageAccountName string = storage.name
