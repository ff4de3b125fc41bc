/** Issue #12 (E5): Settings › Payments — the acquirers that send payment links. */
export const ACQUIRER_SETTINGS_FIELDS = 'kind label enabled secretNames secretsSet webhookUrl problem';

export const ACQUIRER_SETTINGS = `query AcquirerSettings { acquirerSettings { ${ACQUIRER_SETTINGS_FIELDS} } }`;
export const UPDATE_ACQUIRER_SETTINGS = `mutation UpdateAcquirerSettings($input: UpdateAcquirerSettingsInput!) { updateAcquirerSettings(input: $input) { ${ACQUIRER_SETTINGS_FIELDS} } }`;
