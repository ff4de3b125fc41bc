/** Issue #11 (E7): Settings › AI tools. */
export const AI_SETTINGS_FIELDS = 'summaryEnabled baseUrl model tokenBudget apiKeySet updatedAt';

export const AI_SETTINGS = `query AiSettings { aiSettings { ${AI_SETTINGS_FIELDS} } }`;
export const UPDATE_AI_SETTINGS = `mutation UpdateAiSettings($input: UpdateAiSettingsInput!) { updateAiSettings(input: $input) { ${AI_SETTINGS_FIELDS} } }`;
export const CHECK_AI_CONNECTION = `mutation CheckAiConnection($input: UpdateAiSettingsInput!) { checkAiConnection(input: $input) { ok message } }`;
