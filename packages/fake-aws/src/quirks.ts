import type { FakeWorld } from './types.js';
import { digestBytes } from './ids.js';
import type { Quirk } from './quirk-catalog.js';

/** The operations an endpoint with `html-for-unimplemented` lacks unless told otherwise. */
export const DEFAULT_UNIMPLEMENTED = ['sso:GetPermissionsBoundaryForPermissionSet'];

/** An emulator's 404 page for an operation it has no route for. */
export function unimplementedPage(action: string): string {
  return `<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server. (${action})</p>\n`;
}

/** A stable "random" lowercase id, as some emulators hand out. */
export function lowercaseId(label: string, length = 21): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = digestBytes(`lowercase:${label}`);
  let id = '';
  for (let index = 0; id.length < length; index += 1) id += alphabet[(bytes[index % bytes.length] as number) % alphabet.length];
  return id;
}

/** `arn:aws:sso:::permissionSet/ssoins-…/ps-…` → `arn:aws:sso:::instance/ssoins-…/ps-…`. */
export function instanceStylePermissionSetArn(arn: string): string {
  return arn.replace(/^(arn:aws[a-z-]*:sso:::)permissionSet\//, '$1instance/');
}

/** The quirks that change what the world holds, rather than how one answer is shaped. */
export function worldWithQuirks(world: FakeWorld, quirks: ReadonlySet<Quirk>): FakeWorld {
  if (!quirks.has('lowercase-ids') && !quirks.has('permission-set-instance-arns')) return world;
  const copy = structuredClone(world);
  if (quirks.has('lowercase-ids')) {
    for (const account of copy.accounts) {
      for (const user of account.users) user.userId = lowercaseId(user.arn);
      for (const group of account.groups) group.groupId = lowercaseId(group.arn);
    }
  }
  if (quirks.has('permission-set-instance-arns')) {
    for (const instance of copy.identityCenter?.instances ?? []) {
      for (const permissionSet of instance.permissionSets) permissionSet.arn = instanceStylePermissionSetArn(permissionSet.arn);
      for (const assignment of instance.assignments) assignment.permissionSetArn = instanceStylePermissionSetArn(assignment.permissionSetArn);
    }
  }
  return copy;
}
