/** Issue #11 (E4): the client's tasks in the side panel (only for operators who "see tasks"). */
export const TASK_FIELDS = 'id contactId orderNumber title description dueAt assigneeId authorId authorName completed completedAt notifiedAt assignee { id displayName }';

export const CONTACT_TASKS = `query ContactTasks($contactId: ID!, $mine: Boolean, $first: Int, $after: String) {
  tasks(contactId: $contactId, mine: $mine, first: $first, after: $after) {
    nodes { ${TASK_FIELDS} }
    pageInfo { hasNextPage endCursor }
  }
}`;

export const CREATE_TASK = `mutation CreateTask($input: CreateTaskInput!) { createTask(input: $input) { ${TASK_FIELDS} } }`;
export const UPDATE_TASK = `mutation UpdateTask($input: UpdateTaskInput!) { updateTask(input: $input) { ${TASK_FIELDS} } }`;
export const SET_TASK_COMPLETED = `mutation SetTaskCompleted($input: SetTaskCompletedInput!) { setTaskCompleted(input: $input) { ${TASK_FIELDS} } }`;

/** Whom a task can be for: active operators who see tasks. */
export const TASK_ASSIGNEES = `query TaskAssignees { taskAssignees { id displayName } }`;

/** Task changes on this client (task_changed; only operators who see tasks get them). */
export const TASKS_CONTACT_CHANGED = `subscription TasksContactChanged($contactId: ID!) {
  contactChanged(contactId: $contactId) { kind contactId taskId actorId }
}`;
