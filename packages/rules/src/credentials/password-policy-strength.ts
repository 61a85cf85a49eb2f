import { defineRule, Nullable, OptionObject, Type, type PasswordPolicy, type Static } from '@iamlint/core';

const messages = {
  noPolicy:
    'Account {{accountId}} has no IAM password policy, so AWS applies its default (8 characters, no reuse prevention); set one that {{requirements}}.',
  tooShort: 'The IAM password policy of account {{accountId}} accepts passwords of {{actual}} characters; require at least {{expected}}.',
  reuseAllowed:
    'The IAM password policy of account {{accountId}} remembers {{actual}} previous passwords; prevent reuse of at least the last {{expected}}.',
  noSymbols: 'The IAM password policy of account {{accountId}} does not require a symbol.',
  noNumbers: 'The IAM password policy of account {{accountId}} does not require a number.',
  noUppercase: 'The IAM password policy of account {{accountId}} does not require an uppercase letter.',
  noLowercase: 'The IAM password policy of account {{accountId}} does not require a lowercase letter.',
  noExpiry: 'The IAM password policy of account {{accountId}} never expires passwords; expire them within {{expected}} days.',
  expiryTooLong: 'The IAM password policy of account {{accountId}} expires passwords after {{actual}} days; expire them within {{expected}} days.',
} as const;
type MessageId = keyof typeof messages;

type CharacterClassSetting = 'requireSymbols' | 'requireNumbers' | 'requireUppercaseCharacters' | 'requireLowercaseCharacters';
type CharacterClassOption = 'requireSymbols' | 'requireNumbers' | 'requireUppercase' | 'requireLowercase';

const CHARACTER_CLASSES: ReadonlyArray<{ option: CharacterClassOption; setting: CharacterClassSetting; messageId: MessageId; description: string }> = [
  { option: 'requireSymbols', setting: 'requireSymbols', messageId: 'noSymbols', description: 'a symbol' },
  { option: 'requireNumbers', setting: 'requireNumbers', messageId: 'noNumbers', description: 'a number' },
  { option: 'requireUppercase', setting: 'requireUppercaseCharacters', messageId: 'noUppercase', description: 'an uppercase letter' },
  { option: 'requireLowercase', setting: 'requireLowercaseCharacters', messageId: 'noLowercase', description: 'a lowercase letter' },
];

const PasswordPolicyOptions = OptionObject({
  minimumLength: Type.Integer({ minimum: 6, maximum: 128, description: 'The shortest minimum password length accepted (IAM allows 6 to 128).' }),
  reusePrevention: Type.Integer({ minimum: 0, maximum: 24, description: 'How many previous passwords the policy must remember at least (IAM allows up to 24; 0 disables the check).' }),
  requireSymbols: Type.Boolean({ description: 'Also require the policy to demand a symbol.' }),
  requireNumbers: Type.Boolean({ description: 'Also require the policy to demand a number.' }),
  requireUppercase: Type.Boolean({ description: 'Also require the policy to demand an uppercase letter.' }),
  requireLowercase: Type.Boolean({ description: 'Also require the policy to demand a lowercase letter.' }),
  maxAgeDays: Nullable(Type.Integer({ minimum: 1, maximum: 1095 }), { description: 'When set, passwords must expire within this many days; null does not check expiry.' }),
});

/** What the options ask of a policy, for the message of an account that has none. */
function requirements(options: Static<typeof PasswordPolicyOptions>): string {
  const parts = [
    ...(options.minimumLength > 6 ? [`requires at least ${options.minimumLength} characters`] : []),
    ...(options.reusePrevention > 0 ? [`remembers ${options.reusePrevention} passwords`] : []),
    ...CHARACTER_CLASSES.filter(({ option }) => options[option]).map(({ description }) => `requires ${description}`),
    ...(options.maxAgeDays !== null ? [`expires passwords within ${options.maxAgeDays} days`] : []),
  ];
  if (parts.length === 0) return 'fits your standard';
  return parts.length === 1 ? (parts[0] as string) : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1) as string}`;
}

export default defineRule({
  meta: {
    type: 'problem',
    docs: {
      description: 'Require an IAM account password policy with a long minimum length and reuse prevention.',
      recommended: true,
    },
    severity: 'medium',
    // Each mapping sets only the settings its control is about and counts only the messages that break it; the
    // framework presets merge them in order, so mappings go from the weakest threshold to the strictest.
    compliance: [
      { framework: 'cis-aws', version: '5.0', control: '1.7', options: [{ minimumLength: 14 }], messageIds: ['noPolicy', 'tooShort'] },
      { framework: 'cis-aws', version: '5.0', control: '1.8', options: [{ reusePrevention: 24 }], messageIds: ['noPolicy', 'reuseAllowed'] },
      {
        framework: 'aws-fsbp',
        version: '1.0',
        control: 'IAM.10',
        options: [{ minimumLength: 7, reusePrevention: 4, requireNumbers: true, requireUppercase: true, requireLowercase: true, maxAgeDays: 90 }],
        messageIds: ['noPolicy', 'tooShort', 'reuseAllowed', 'noNumbers', 'noUppercase', 'noLowercase', 'noExpiry', 'expiryTooLong'],
      },
      {
        framework: 'aws-fsbp',
        version: '1.0',
        control: 'IAM.7',
        options: [{ minimumLength: 8, requireSymbols: true, requireNumbers: true, requireUppercase: true, requireLowercase: true }],
        messageIds: ['noPolicy', 'tooShort', 'noSymbols', 'noNumbers', 'noUppercase', 'noLowercase'],
      },
      { framework: 'aws-fsbp', version: '1.0', control: 'IAM.11', options: [{ requireUppercase: true }], messageIds: ['noPolicy', 'noUppercase'] },
      { framework: 'aws-fsbp', version: '1.0', control: 'IAM.12', options: [{ requireLowercase: true }], messageIds: ['noPolicy', 'noLowercase'] },
      { framework: 'aws-fsbp', version: '1.0', control: 'IAM.13', options: [{ requireSymbols: true }], messageIds: ['noPolicy', 'noSymbols'] },
      { framework: 'aws-fsbp', version: '1.0', control: 'IAM.14', options: [{ requireNumbers: true }], messageIds: ['noPolicy', 'noNumbers'] },
      { framework: 'aws-fsbp', version: '1.0', control: 'IAM.15', options: [{ minimumLength: 14 }], messageIds: ['noPolicy', 'tooShort'] },
      { framework: 'aws-fsbp', version: '1.0', control: 'IAM.16', options: [{ reusePrevention: 24 }], messageIds: ['noPolicy', 'reuseAllowed'] },
      { framework: 'aws-fsbp', version: '1.0', control: 'IAM.17', options: [{ maxAgeDays: 90 }], messageIds: ['noPolicy', 'noExpiry', 'expiryTooLong'] },
    ],
    requires: ['iam.passwordPolicy'],
    messages,
    schema: [PasswordPolicyOptions],
    defaultOptions: [
      {
        minimumLength: 14,
        reusePrevention: 24,
        requireSymbols: false,
        requireNumbers: false,
        requireUppercase: false,
        requireLowercase: false,
        maxAgeDays: null,
      },
    ],
  },
  create(context) {
    const [options] = context.options;
    return {
      PasswordPolicy(node) {
        const { accountId, policy } = node;
        if (policy === null) {
          context.report({
            node,
            messageId: 'noPolicy',
            data: { accountId, minimumLength: options.minimumLength, reusePrevention: options.reusePrevention, requirements: requirements(options) },
          });
          return;
        }
        const weakness = (setting: keyof PasswordPolicy, messageId: MessageId, data: Record<string, number> = {}) =>
          context.report({ node, messageId, data: { accountId, ...data }, discriminator: setting, pointer: `/${setting}` });

        if (policy.minimumPasswordLength < options.minimumLength) {
          weakness('minimumPasswordLength', 'tooShort', { actual: policy.minimumPasswordLength, expected: options.minimumLength });
        }
        const remembered = policy.passwordReusePrevention ?? 0;
        if (remembered < options.reusePrevention) {
          weakness('passwordReusePrevention', 'reuseAllowed', { actual: remembered, expected: options.reusePrevention });
        }
        for (const { option, setting, messageId } of CHARACTER_CLASSES) {
          if (options[option] && !policy[setting]) weakness(setting, messageId);
        }
        if (options.maxAgeDays !== null) {
          const maxAge = policy.expirePasswords ? policy.maxPasswordAge : null;
          if (maxAge === null) weakness('maxPasswordAge', 'noExpiry', { expected: options.maxAgeDays });
          else if (maxAge > options.maxAgeDays) weakness('maxPasswordAge', 'expiryTooLong', { actual: maxAge, expected: options.maxAgeDays });
        }
      },
    };
  },
});
