/** Issue #11 (E7): the AI conversation summary widget. */
export const CLIENT_SUMMARY_RUN_FIELDS = 'id contactId state refresh errorCode error retryAfterSeconds notice createdAt finishedAt';

export const CLIENT_SUMMARY = `query ClientSummary($contactId: ID!) {
  clientSummary(contactId: $contactId) {
    contactId
    available
    summary { text periodFrom periodTo messagesUsed olderLeftOut language model promptTokens authorName createdAt updatedAt }
    run { ${CLIENT_SUMMARY_RUN_FIELDS} }
  }
}`;

export const SUMMARIZE_CLIENT = `mutation SummarizeClient($input: SummarizeClientInput!) { summarizeClient(input: $input) { ${CLIENT_SUMMARY_RUN_FIELDS} } }`;

/** The summary or its run changed (summary_changed), by anyone. */
export const SUMMARY_CONTACT_CHANGED = `subscription SummaryContactChanged($contactId: ID!) {
  contactChanged(contactId: $contactId) { kind contactId }
}`;
