import type { EscalationMethod } from '../types.js';
import { anywhere } from './requirements.js';

/** Taking over an existing resource that runs as a role; the snapshot lists no such resources, so these are speculative. */
export const EXISTING_RESOURCE_METHODS: readonly EscalationMethod[] = [
  {
    id: 'lambda-update-function-code',
    title: "Replace the code of an existing Lambda function",
    requires: [anywhere('lambda:UpdateFunctionCode')],
    target: 'role',
    yields: 'role',
    service: 'lambda.amazonaws.com',
    speculative: true,
    explanation: '{principal} can replace the code of a Lambda function, which escalates if one runs as {target} (the snapshot does not list functions)',
  },
  {
    id: 'glue-update-dev-endpoint',
    title: 'Take over an existing Glue development endpoint',
    requires: [anywhere('glue:UpdateDevEndpoint')],
    target: 'role',
    yields: 'role',
    service: 'glue.amazonaws.com',
    speculative: true,
    explanation: "{principal} can set the SSH key of a Glue development endpoint, which escalates if one runs as {target} (the snapshot does not list endpoints)",
  },
];
