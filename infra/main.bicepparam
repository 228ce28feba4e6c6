using './main.bicep'

// Secrets come from the environment of whoever deploys, never from this file:
//   SENDGRID_API_KEY=… LINK_SIGNING_KEY=$(openssl rand -base64 32) SIGN_IN_CLIENT_ID=… az deployment group create …
param name = 'planning-round'
param sendGridFromEmail = 'planning-round@example.org'
param sendGridApiKey = readEnvironmentVariable('SENDGRID_API_KEY')
param linkSigningKey = readEnvironmentVariable('LINK_SIGNING_KEY')
// Shown by SendGrid when the signed event webhook is turned on (not a secret).
param sendGridEventWebhookPublicKey = readEnvironmentVariable('SENDGRID_EVENT_WEBHOOK_PUBLIC_KEY')
// The Entra ID app registration people sign in to (not a secret).
param signInClientId = readEnvironmentVariable('SIGN_IN_CLIENT_ID')
