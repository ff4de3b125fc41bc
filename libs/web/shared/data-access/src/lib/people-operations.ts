/** GraphQL documents of the profile and admin people screens (SPEC B1, B2, F1), against docs/graphql-contract.md. */
export const PROFILE_FIELDS = 'id email displayName role avatarUrl soundEnabled pushEnabled languages active permissions emailSignature';

export const ME = `query Me { me { ${PROFILE_FIELDS} } }`;
export const UPDATE_PROFILE = `mutation UpdateProfile($input: UpdateProfileInput!) { updateProfile(input: $input) { ${PROFILE_FIELDS} } }`;
export const CHANGE_EMAIL = `mutation ChangeEmail($input: ChangeEmailInput!) { changeEmail(input: $input) { ${PROFILE_FIELDS} } }`;
export const CHANGE_PASSWORD = `mutation ChangePassword($input: ChangePasswordInput!) { changePassword(input: $input) }`;
export const SET_AVATAR = `mutation SetAvatar($input: SetAvatarInput!) { setAvatar(input: $input) { ${PROFILE_FIELDS} } }`;
export const REMOVE_AVATAR = `mutation RemoveAvatar { removeAvatar { ${PROFILE_FIELDS} } }`;

export const OPERATORS = `query Operators { operators { ${PROFILE_FIELDS} } }`;
export const CREATE_OPERATOR = `mutation CreateOperator($input: CreateOperatorInput!) { createOperator(input: $input) { ${PROFILE_FIELDS} } }`;
export const CHANGE_OPERATOR_ROLE = `mutation ChangeOperatorRole($input: ChangeOperatorRoleInput!) { changeOperatorRole(input: $input) { ${PROFILE_FIELDS} } }`;
export const DEACTIVATE_OPERATOR = `mutation DeactivateOperator($input: OperatorIdInput!) { deactivateOperator(input: $input) { ${PROFILE_FIELDS} } }`;
export const REACTIVATE_OPERATOR = `mutation ReactivateOperator($input: OperatorIdInput!) { reactivateOperator(input: $input) { ${PROFILE_FIELDS} } }`;
/** Every signed-in role may follow it; it carries no rights (read `me { permissions }` again instead). */
export const OPERATOR_UPDATED = `subscription OperatorUpdated { operatorUpdated { id email displayName role avatarUrl active } }`;

const GROUP_FIELDS = 'id name permissions memberIds';
export const PERMISSION_GROUPS = `query PermissionGroups { permissionGroups { ${GROUP_FIELDS} } }`;
export const CREATE_PERMISSION_GROUP = `mutation CreatePermissionGroup($input: CreatePermissionGroupInput!) { createPermissionGroup(input: $input) { ${GROUP_FIELDS} } }`;
export const UPDATE_PERMISSION_GROUP = `mutation UpdatePermissionGroup($input: UpdatePermissionGroupInput!) { updatePermissionGroup(input: $input) { ${GROUP_FIELDS} } }`;
export const DELETE_PERMISSION_GROUP = `mutation DeletePermissionGroup($id: ID!) { deletePermissionGroup(id: $id) }`;
export const SET_PERMISSION_GROUP_MEMBERS = `mutation SetPermissionGroupMembers($input: SetPermissionGroupMembersInput!) {
  setPermissionGroupMembers(input: $input) { ${GROUP_FIELDS} }
}`;
