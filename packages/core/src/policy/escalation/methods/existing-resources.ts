import type { EscalationMethod } from '../types.js';
import { anywhere } from './requirements.js';

/**
 * Taking over an existing resource that runs as a role (a function, an endpoint, an instance, a stack, a notebook).
 * The snapshot lists no such resources, so these are speculative: each applies when a role that such a resource can
 * hold exists (a role trusting the service), and its message says what must exist for the path to work.
 */
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
  {
    id: 'ssm-send-command',
    title: 'Run commands on an existing EC2 instance through Systems Manager',
    requires: [anywhere('ssm:SendCommand')],
    target: 'role',
    yields: 'role',
    service: 'ec2.amazonaws.com',
    speculative: true,
    explanation:
      "{principal} can run commands on an EC2 instance with ssm:SendCommand and read its credentials, which escalates if a managed instance runs with {target}'s instance profile (the snapshot does not list instances)",
  },
  {
    id: 'ssm-start-session',
    title: 'Open a shell on an existing EC2 instance through Session Manager',
    requires: [anywhere('ssm:StartSession')],
    target: 'role',
    yields: 'role',
    service: 'ec2.amazonaws.com',
    speculative: true,
    explanation:
      "{principal} can open a shell on an EC2 instance with ssm:StartSession and read its credentials, which escalates if a managed instance runs with {target}'s instance profile (the snapshot does not list instances)",
  },
  {
    id: 'ec2-instance-connect-send-ssh-public-key',
    title: 'Log in to an existing EC2 instance with EC2 Instance Connect',
    requires: [anywhere('ec2-instance-connect:SendSSHPublicKey')],
    target: 'role',
    yields: 'role',
    service: 'ec2.amazonaws.com',
    speculative: true,
    explanation:
      "{principal} can push an SSH key to an EC2 instance with EC2 Instance Connect and log in, which escalates if a reachable instance runs with {target}'s instance profile (the snapshot does not list instances)",
  },
  {
    id: 'ec2-serial-console',
    title: 'Log in to an existing EC2 instance through the serial console',
    requires: [anywhere('ec2-instance-connect:SendSerialConsoleSSHPublicKey')],
    target: 'role',
    yields: 'role',
    service: 'ec2.amazonaws.com',
    speculative: true,
    explanation:
      "{principal} can push an SSH key to the serial console of an EC2 instance and log in, which escalates if one with serial console access enabled runs with {target}'s instance profile (the snapshot does not list instances)",
  },
  {
    id: 'cloudformation-update-stack',
    title: 'Update an existing CloudFormation stack that runs as a role',
    requires: [anywhere('cloudformation:UpdateStack')],
    target: 'role',
    yields: 'role',
    service: 'cloudformation.amazonaws.com',
    speculative: true,
    explanation:
      '{principal} can update a CloudFormation stack with its own template, which escalates if a stack runs as {target}: its role is kept without iam:PassRole (the snapshot does not list stacks)',
  },
  {
    id: 'cloudformation-execute-change-set',
    title: 'Create and execute a change set on an existing CloudFormation stack that runs as a role',
    requires: [anywhere('cloudformation:CreateChangeSet'), anywhere('cloudformation:ExecuteChangeSet')],
    target: 'role',
    yields: 'role',
    service: 'cloudformation.amazonaws.com',
    speculative: true,
    explanation:
      '{principal} can create and execute a change set with its own template, which escalates if a stack runs as {target}: its role is kept without iam:PassRole (the snapshot does not list stacks)',
  },
  {
    id: 'sagemaker-presigned-notebook-url',
    title: 'Open an existing SageMaker notebook instance',
    requires: [anywhere('sagemaker:CreatePresignedNotebookInstanceUrl')],
    target: 'role',
    yields: 'role',
    service: 'sagemaker.amazonaws.com',
    speculative: true,
    explanation:
      "{principal} can open a SageMaker notebook instance's Jupyter with a presigned URL and run code there, which escalates if one runs as {target} (the snapshot does not list notebook instances)",
  },
  {
    id: 'sagemaker-presigned-domain-url',
    title: 'Open an existing SageMaker Studio user profile',
    requires: [anywhere('sagemaker:CreatePresignedDomainUrl')],
    target: 'role',
    yields: 'role',
    service: 'sagemaker.amazonaws.com',
    speculative: true,
    explanation:
      "{principal} can open a SageMaker Studio user profile with a presigned domain URL and run code there, which escalates if a domain or user profile runs as {target} (the snapshot does not list domains)",
  },
];
