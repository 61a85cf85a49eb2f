import { Nullable, OptionObject, Type, wildcardMatch, type Static, type UserNode } from '@iamlint/core';

export const DEFAULT_BREAK_GLASS: Readonly<BreakGlassDeclaration> = Object.freeze({
  namePatterns: ['break-glass*', 'breakglass*', 'emergency-admin*'],
  tag: Object.freeze({ key: 'iamlint:break-glass', value: 'true' }),
});

/** A fresh copy for a rule's defaultOptions, so no rule can change another's defaults. */
export function defaultBreakGlass(): BreakGlassDeclaration {
  return { namePatterns: [...DEFAULT_BREAK_GLASS.namePatterns], tag: { ...DEFAULT_BREAK_GLASS.tag } };
}

export const NamePatterns = Type.Array(Type.String({ minLength: 1 }), {
  description: 'User names that declare a break-glass user; `*` and `?` wildcards, case-insensitive.',
});

export const BreakGlassTag = Type.Object(
  {
    key: Type.String({ minLength: 1, description: 'The tag key that declares a break-glass user.' }),
    value: Type.String({ description: 'The tag value that declares a break-glass user (compared case-insensitively).' }),
  },
  { additionalProperties: false, description: 'A tag that declares a break-glass user, whatever its name.' },
);

/** How an organization declares its break-glass IAM users: by name, or by a tag whatever the name. */
export type BreakGlassDeclaration = Static<typeof BreakGlassDeclarationSchema>;
// Named apart from the type: API Extractor declares a type that shares its name with an unexported const twice.
const BreakGlassDeclarationSchema = OptionObject({ namePatterns: NamePatterns, tag: BreakGlassTag });

/** The `breakGlass` option of the rules that leave declared break-glass users alone; null leaves no one out. */
export const breakGlassOption = (
  description = 'Declared break-glass users to leave out (`namePatterns`, `tag`; the same defaults as break-glass-admin), or null to check every user.',
) => Nullable(BreakGlassDeclarationSchema, { description });

export function isBreakGlassUser(user: UserNode, declaration: Readonly<BreakGlassDeclaration> | null): boolean {
  if (declaration === null) return false;
  if (declaration.namePatterns.some((pattern) => wildcardMatch(pattern, user.userName, true))) return true;
  const value = Object.hasOwn(user.tags, declaration.tag.key) ? user.tags[declaration.tag.key] : undefined;
  return value !== undefined && value.toLowerCase() === declaration.tag.value.toLowerCase();
}
