// The Azure Bot registration: Bot Framework sends Teams activities to the web app's /api/messages, and checks the
// bot's tokens against the Entra app registration (msaAppId). The Teams channel is the only channel.

param name string
param displayName string

@allowed(['F0', 'S1'])
param sku string

@description('https://<web app host>/api/messages')
param endpoint string

param msaAppId string

@allowed(['SingleTenant', 'MultiTenant'])
param msaAppType string

@description('Required for SingleTenant; empty for MultiTenant.')
param msaAppTenantId string

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: name
  location: 'global'
  kind: 'azurebot'
  sku: { name: sku }
  properties: {
    displayName: displayName
    endpoint: endpoint
    msaAppId: msaAppId
    msaAppType: msaAppType
    msaAppTenantId: msaAppTenantId
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: { isEnabled: true }
  }
}

output id string = bot.id
output name string = bot.name
