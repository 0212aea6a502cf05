// Optional PostgreSQL Flexible Server, the bot's store when main.bicep creates it (deployPostgres). The connection
// string is kept only as a Key Vault secret; main.bicep gives it to the bot as DATABASE_URL, a Key Vault reference.

param name string
param location string
param adminLogin string

@secure()
param adminPassword string

@description('The vault that receives the connection string secret.')
param keyVaultName string

@description('The name of that secret, which main.bicep\'s DATABASE_URL refers to.')
param connectionStringSecretName string

param databaseName string = 'partner_of_record'

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: name
  location: location
  sku: {
    name: 'Standard_B1ms'
    tier: 'Burstable'
  }
  properties: {
    version: '16'
    administratorLogin: adminLogin
    administratorLoginPassword: adminPassword
    storage: { storageSizeGB: 32 }
    backup: {
      backupRetentionDays: 7
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: { mode: 'Disabled' }
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: server
  name: databaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
}

// Public access limited to Azure's own addresses (the 0.0.0.0 rule); private networking is for later.
resource allowAzureServices 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = {
  parent: server
  name: 'AllowAllAzureServicesAndResourcesWithinAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource connectionString 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: connectionStringSecretName
  // The form the bot's PostgreSQL store reads: postgres://user:password@host:5432/database?sslmode=require.
  properties: {
    value: 'postgres://${uriComponent(adminLogin)}:${uriComponent(adminPassword)}@${server.properties.fullyQualifiedDomainName}:5432/${databaseName}?sslmode=require'
  }
  dependsOn: [
    database
  ]
}

output serverName string = server.name
output connectionStringSecretUri string = connectionString.properties.secretUri
