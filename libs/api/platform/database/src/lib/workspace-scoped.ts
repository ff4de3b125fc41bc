/** Every domain row belongs to a workspace; queries are always scoped by it. */
export interface WorkspaceScoped {
  workspaceId: string;
}

/** Postgres unique_violation. */
export function isUniqueViolation(e: unknown, constraint?: string): boolean {
  const err = e as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = err?.code ?? err?.driverError?.code;
  const name = err?.constraint ?? err?.driverError?.constraint;
  return code === '23505' && (!constraint || name === constraint);
}
