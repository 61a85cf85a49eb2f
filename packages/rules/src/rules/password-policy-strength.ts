import { defineRule, type PasswordPolicy } from '@iamlint/core';

type Options = readonly [
  {
    minimumLength: number;
    reusePrevention: number;
    requireSymbols: boolean;
    requireNumbers: boolean;
    requireUppercase: boolean;
    requireLowercase: boolean;
    maxAgeDays: number | null;
  },
];
const defaultOptions: Options = [
  {
    minimumLength: 14,
    reusePrevention: 24,
    requireSymbols: false,
    requireNumbers: false,
    requireUppercase: false,
    requireLowercase: false,
    maxAgeDays: null,
  },
];

const messages = {
  noPolicy:
    'Account {{accountId}} has no IAM password policy, so AWS applies its default (8 characters, no reuse prevention); set one that requires at least {{minimumLength}} characters and remembers {{reusePrevention}} passwords.',
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

const CHARACTER_CLASSES: ReadonlyArray<{ option: CharacterClassOption; setting: CharacterClassSetting; messageId: MessageId }> = [
  { option: 'requireSymbols', setting: 'requireSymbols', messageId: 'noSymbols' },
  { option: 'requireNumbers', setting: 'requireNumbers', messageId: 'noNumbers' },
  { option: 'requireUppercase', setting: 'requireUppercaseCharacters', messageId: 'noUppercase' },
  { option: 'requireLowercase', setting: 'requireLowercaseCharacters', messageId: 'noLowercase' },
];

export default defineRule({
  meta: {
    type: 'problem',
    docs: {
      description: 'Require an IAM account password policy with a long minimum length and reuse prevention.',
      recommended: true,
    },
    severity: 'medium',
    compliance: [
      { framework: 'cis-aws', version: '5.0', control: '1.7' },
      { framework: 'cis-aws', version: '5.0', control: '1.8' },
      { framework: 'aws-fsbp', version: '1.0', control: 'IAM.7' },
    ],
    requires: ['iam.passwordPolicy'],
    messages,
    schema: [
      {
        type: 'object',
        properties: {
          minimumLength: {
            type: 'integer',
            minimum: 6,
            maximum: 128,
            description: 'The shortest minimum password length accepted (IAM allows 6 to 128).',
          },
          reusePrevention: {
            type: 'integer',
            minimum: 0,
            maximum: 24,
            description: 'How many previous passwords the policy must remember at least (IAM allows up to 24; 0 disables the check).',
          },
          requireSymbols: { type: 'boolean', description: 'Also require the policy to demand a symbol.' },
          requireNumbers: { type: 'boolean', description: 'Also require the policy to demand a number.' },
          requireUppercase: { type: 'boolean', description: 'Also require the policy to demand an uppercase letter.' },
          requireLowercase: { type: 'boolean', description: 'Also require the policy to demand a lowercase letter.' },
          maxAgeDays: {
            type: ['integer', 'null'],
            minimum: 1,
            maximum: 1095,
            description: 'When set, passwords must expire within this many days; null does not check expiry.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions,
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
            data: { accountId, minimumLength: options.minimumLength, reusePrevention: options.reusePrevention },
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
