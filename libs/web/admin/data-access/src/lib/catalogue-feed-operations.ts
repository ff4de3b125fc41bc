/** Issue #12 (E10): Settings › Catalogue — feeds, their imports (live) and rejected offers. */
export const CATALOGUE_FEED_RUN_FIELDS = 'id feedId state trigger format bytesRead bytesTotal offersSeen offersCreated offersUpdated offersUnchanged offersRejected productsDeactivated error createdAt startedAt finishedAt';
export const CATALOGUE_FEED_FIELDS = `id name source url uploadName uploadSize uploadedAt format scheduleHours nextRunAt createdAt lastRun { ${CATALOGUE_FEED_RUN_FIELDS} }`;

export const CATALOGUE_FEEDS = `query CatalogueFeeds { catalogueFeeds { ${CATALOGUE_FEED_FIELDS} } }`;
export const CREATE_CATALOGUE_FEED = `mutation CreateCatalogueFeed($input: CreateCatalogueFeedInput!) { createCatalogueFeed(input: $input) { ${CATALOGUE_FEED_FIELDS} } }`;
export const UPDATE_CATALOGUE_FEED = `mutation UpdateCatalogueFeed($input: UpdateCatalogueFeedInput!) { updateCatalogueFeed(input: $input) { ${CATALOGUE_FEED_FIELDS} } }`;
export const DELETE_CATALOGUE_FEED = `mutation DeleteCatalogueFeed($id: ID!) { deleteCatalogueFeed(id: $id) }`;
export const IMPORT_CATALOGUE_FEED = `mutation ImportCatalogueFeed($id: ID!) { importCatalogueFeed(id: $id) { ${CATALOGUE_FEED_RUN_FIELDS} } }`;
export const CATALOGUE_FEED_REJECTIONS = `query CatalogueFeedRejections($runId: ID!, $first: Int, $after: String) { catalogueFeedRejections(runId: $runId, first: $first, after: $after) { items { seq offerId line reason } pageInfo { hasNextPage endCursor } totalCount } }`;
export const CATALOGUE_FEED_EVENTS = `subscription CatalogueFeedEvents { catalogueFeedEvents { kind feedId run { ${CATALOGUE_FEED_RUN_FIELDS} } } }`;
