/** SPEC E8: the web chat visitor's current visit behind a conversation (the Visit widget). */
export const VISITOR_VISIT = `query VisitorVisit($conversationId: ID!) {
  visitorVisit(conversationId: $conversationId) {
    id conversationId startedAt lastSeenAt durationSeconds onSiteNow visitNumber pageViews
    currentUrl currentTitle landingUrl referrer
    pages { url title viewedAt }
    browser os language screen country city
    utmSource utmMedium utmCampaign
  }
}`;

/** The open conversation's live changes; the Visit widget refetches on `visit` (the visitor opened another page). */
export const VISIT_ACTIVITY = `subscription VisitActivity($conversationId: ID!) {
  conversationActivity(conversationId: $conversationId) { kind conversationId }
}`;
