/**
 * Whether the person's role may do something (accounts/permissions.ts). Usage: {{#if (can role "runRounds")}}…{{/if}}
 * (inside #each: `@root.role`). An action the table does not name is a mistake in the template, not a "no".
 */
import { can as roleCan, PERMISSIONS, type Action } from '../../accounts/permissions.ts';
import { ROLES, type Role } from '../../db/schema.ts';

const isAction = (action: unknown): action is Action =>
  typeof action === 'string' && Object.hasOwn(PERMISSIONS, action);
const isRole = (role: unknown): role is Role => ROLES.some((r) => r === role);

export default function can(role: unknown, action: unknown): boolean {
  if (!isAction(action)) throw new Error(`{{can}}: no such action "${String(action)}"`);
  return isRole(role) && roleCan(role, action);
}
