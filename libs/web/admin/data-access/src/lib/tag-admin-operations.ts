import { TAG_JOB_FIELDS } from '@parley/web/shared/data-access';

/** Issue #11 (E1): Settings › Tags — the catalog, what a change touches, and the jobs that change every client. */
export const ADMIN_TAGS = `query AdminTags { tags { id name color pinned } runningTagJob { ${TAG_JOB_FIELDS} } }`;
export const TAG_IMPACT = `query TagImpact($tagId: ID!) { tagImpact(tagId: $tagId) { tag { id name color } clients conversations } }`;
export const UPDATE_TAG = `mutation UpdateTag($input: UpdateTagInput!) { updateTag(input: $input) { ${TAG_JOB_FIELDS} } }`;
export const DELETE_TAG = `mutation DeleteTag($input: DeleteTagInput!) { deleteTag(input: $input) { ${TAG_JOB_FIELDS} } }`;
