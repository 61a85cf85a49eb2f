#!/usr/bin/env bash
# Exports what `iamlint collect` reads, with the AWS CLI and read-only calls only, as the files `iamlint audit <folder>`
# and `iamlint import <folder>` read (docs/exports.md lists them). For teams that may run the AWS CLI but not iamlint
# against AWS, or that want the raw answers on disk.
#
#   scripts/export-with-aws-cli.sh [--out <folder>]                       the account of the current credentials
#   scripts/export-with-aws-cli.sh --org [--role-name <role>] [--out <folder>]
#                                   the organization, from the management (or delegated admin) account; member
#                                   accounts through <role> (default iamlint-readonly, see docs/collect.md)
#
# Credentials and region come from the usual AWS CLI settings (AWS_PROFILE, AWS_REGION, …); AWS_ENDPOINT_URL is passed
# as --endpoint-url, since AWS CLI versions before 2.13 ignore it. A call that fails is reported on stderr and leaves
# its file out; the importer then records that part as a gap. Exit status: 0, or 1 when some call failed, 2 on bad usage.
# Like collect, it asks per user only what the credential report does not say (MFA devices of users with MFA, key ids,
# and the last use of keys only without a report): each AWS CLI call starts a Python process, so calls are the cost.
set -uo pipefail

out=iamlint-export
org=false
role_name=iamlint-readonly
parallel=4
aws_cli=${AWS_CLI:-aws}

usage() {
  echo "usage: $0 [--org] [--role-name <role>] [--out <folder>] [--parallel <accounts at once, default 4>]" >&2
  exit 2
}

while [ $# -gt 0 ]; do
  case "$1" in
    --org) org=true ;;
    --role-name) [ $# -ge 2 ] || usage; role_name=$2; shift ;;
    --out) [ $# -ge 2 ] || usage; out=$2; shift ;;
    --parallel) [ $# -ge 2 ] && [ "$2" -ge 1 ] 2>/dev/null || usage; parallel=$2; shift ;;
    -h | --help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "export-with-aws-cli.sh: unknown argument $1" >&2; usage ;;
  esac
  shift
done

if ! command -v "$aws_cli" >/dev/null 2>&1; then
  echo "export-with-aws-cli.sh: the AWS CLI ($aws_cli) is not installed (https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html)" >&2
  exit 2
fi
if [ -e "$out" ] && [ -n "$(ls -A "$out" 2>/dev/null)" ]; then
  echo "export-with-aws-cli.sh: $out already exists and is not empty (choose a new --out folder)" >&2
  exit 2
fi

# Failures are counted in a file: calls run in command substitutions and parallel jobs, whose variables are lost.
failed=$(mktemp)
errors=$(mktemp)
trap 'rm -f "$errors" "$failed"' EXIT

awsc() {
  "$aws_cli" ${AWS_ENDPOINT_URL:+--endpoint-url "$AWS_ENDPOINT_URL"} --output json "$@"
}

fail() {
  echo "$1" >>"$failed"
  echo "export-with-aws-cli.sh: $1: $(tr '\n' ' ' <"$errors")" >&2
}

# Writes one call's answer to <file>. An error that means "there is none" (matched by <none>) is the answer: its text is
# written instead, and the importer reads it as such.
save() {
  local file=$1 none=$2
  shift 2
  if awsc "$@" >"$out/$file" 2>"$errors"; then
    return 0
  fi
  if [ -n "$none" ] && grep -q "$none" "$errors"; then
    cp "$errors" "$out/$file"
    return 0
  fi
  rm -f "$out/$file"
  fail "$file left out"
  return 1
}

# Prints the whitespace-separated values a --query selects, nothing on failure.
values() {
  local output
  output=$(awsc "$@" --output text 2>"$errors") || {
    fail "aws $1 $2 failed"
    return 0
  }
  [ "$output" = None ] || printf '%s\n' $output
}

# The string values of "<key>" in a saved answer: the CLI prints one "Key": "value" per line, so no JSON tool is needed.
field() {
  [ -f "$out/$1" ] && sed -n 's/^ *"'"$2"'": "\([^"]*\)",\{0,1\}$/\1/p' "$out/$1"
}

# The users a saved credential report shows with <column> true, or with a key in either slot for "keys".
report_users() {
  [ -f "$out/$1" ] || return 0
  field "$1" Content | base64 -d | awk -F, -v want="$2" '
    NR == 1 { for (i = 1; i <= NF; i++) column[$i] = i; next }
    $1 == "<root_account>" { next }
    want == "keys" && ($column["access_key_1_last_rotated"] != "N/A" || $column["access_key_2_last_rotated"] != "N/A") { print $1; next }
    want != "keys" && $column[want] == "true" { print $1 }'
}

export_account() {
  local account=$1 user key arn url state report="credential-report-$1.json" key_users mfa_users attempt
  echo "export-with-aws-cli.sh: account $account" >&2
  save "gaad-$account.json" '' iam get-account-authorization-details
  # Role descriptions and maximum session durations are not in get-account-authorization-details.
  save "roles-$account.json" '' iam list-roles
  for attempt in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do
    state=$(values iam generate-credential-report --query State)
    [ "$state" = COMPLETE ] || [ -z "$state" ] && break
    sleep "$attempt"
  done
  [ "$state" = COMPLETE ] && save "$report" '' iam get-credential-report
  save "password-policy-$account.json" 'NoSuchEntity' iam get-account-password-policy
  save "account-summary-$account.json" '' iam get-account-summary
  save "account-aliases-$account.json" '' iam list-account-aliases
  save "virtual-mfa-devices-$account.json" '' iam list-virtual-mfa-devices --assignment-status Assigned
  save "server-certificates-$account.json" '' iam list-server-certificates
  save "saml-providers-$account.json" '' iam list-saml-providers
  for arn in $(field "saml-providers-$account.json" Arn); do
    save "saml-provider-$account-${arn##*:saml-provider/}.json" '' iam get-saml-provider --saml-provider-arn "$arn"
  done
  save "oidc-providers-$account.json" '' iam list-open-id-connect-providers
  for arn in $(field "oidc-providers-$account.json" Arn); do
    url=${arn##*:oidc-provider/}
    save "oidc-provider-$account-${url//[^A-Za-z0-9.-]/_}.json" '' iam get-open-id-connect-provider --open-id-connect-provider-arn "$arn"
  done
  if [ -f "$out/$report" ]; then
    key_users=$(report_users "$report" keys)
    mfa_users=$(report_users "$report" mfa_active)
  else
    key_users=$(field "gaad-$account.json" UserName)
    mfa_users=$key_users
  fi
  for user in $key_users; do
    save "access-keys-$account-$user.json" '' iam list-access-keys --user-name "$user"
    # With the report, its key slots say when each key was last used.
    [ -f "$out/$report" ] && continue
    for key in $(field "access-keys-$account-$user.json" AccessKeyId); do
      save "access-key-last-used-$account-$key.json" '' iam get-access-key-last-used --access-key-id "$key"
    done
  done
  for user in $mfa_users; do
    save "mfa-devices-$account-$user.json" '' iam list-mfa-devices --user-name "$user"
  done
  rm -f "$errors"
}

export_organization() {
  local parents parent children policy type account store instance ps psid group
  save organizations-roots.json '' organizations list-roots
  parents=$(field organizations-roots.json Id)
  while [ -n "$parents" ]; do
    children=
    for parent in $parents; do
      save "organizations-ous-$parent.json" '' organizations list-organizational-units-for-parent --parent-id "$parent"
      save "organizations-accounts-$parent.json" '' organizations list-accounts-for-parent --parent-id "$parent"
      children="$children $(field "organizations-ous-$parent.json" Id)"
    done
    parents=$(echo $children)
  done
  for type in SERVICE_CONTROL_POLICY RESOURCE_CONTROL_POLICY; do
    for policy in $(values organizations list-policies --filter "$type" --query 'Policies[].Id'); do
      save "organizations-policy-$policy.json" '' organizations describe-policy --policy-id "$policy"
      save "organizations-policy-targets-$policy.json" '' organizations list-targets-for-policy --policy-id "$policy"
    done
  done
  for account in $(field organizations-accounts.json Id); do
    save "organizations-tags-$account.json" '' organizations list-tags-for-resource --resource-id "$account"
  done
  save organizations-delegated-administrators.json '' organizations list-delegated-administrators
  for account in $(field organizations-delegated-administrators.json Id); do
    save "organizations-delegated-services-$account.json" '' organizations list-delegated-services-for-account --account-id "$account"
  done
  # Newer than some AWS CLI versions (2.22): without it, whether root access is managed centrally stays unknown.
  if awsc iam list-organizations-features >"$out/iam-organizations-features.json" 2>"$errors"; then :
  elif grep -q 'Invalid choice' "$errors"; then
    rm -f "$out/iam-organizations-features.json"
    echo "export-with-aws-cli.sh: iam-organizations-features.json left out: this AWS CLI has no \`aws iam list-organizations-features\` (2.22 and later have)" >&2
  else
    rm -f "$out/iam-organizations-features.json"
    fail iam-organizations-features.json
  fi

  if save sso-instances.json '' sso-admin list-instances; then
    for store in $(field sso-instances.json IdentityStoreId); do
      save "identitystore-users-$store.json" '' identitystore list-users --identity-store-id "$store"
      save "identitystore-groups-$store.json" '' identitystore list-groups --identity-store-id "$store"
      for group in $(field "identitystore-groups-$store.json" GroupId); do
        save "identitystore-memberships-$store-$group.json" '' identitystore list-group-memberships --identity-store-id "$store" --group-id "$group"
      done
    done
    for instance in $(field sso-instances.json InstanceArn); do
      for ps in $(values sso-admin list-permission-sets --instance-arn "$instance" --query 'PermissionSets[]'); do
        psid=${ps##*/}
        local ids=(--instance-arn "$instance" --permission-set-arn "$ps")
        save "sso-permission-set-$psid.json" '' sso-admin describe-permission-set "${ids[@]}"
        save "sso-managed-policies-$psid.json" '' sso-admin list-managed-policies-in-permission-set "${ids[@]}"
        save "sso-customer-managed-policies-$psid.json" '' sso-admin list-customer-managed-policy-references-in-permission-set "${ids[@]}"
        save "sso-inline-policy-$psid.json" '' sso-admin get-inline-policy-for-permission-set "${ids[@]}"
        save "sso-permissions-boundary-$psid.json" 'ResourceNotFoundException' sso-admin get-permissions-boundary-for-permission-set "${ids[@]}"
        save "sso-tags-$psid.json" '' sso-admin list-tags-for-resource --instance-arn "$instance" --resource-arn "$ps"
        save "sso-provisioned-accounts-$psid.json" '' sso-admin list-accounts-for-provisioned-permission-set "${ids[@]}"
        save "sso-outdated-accounts-$psid.json" '' sso-admin list-accounts-for-provisioned-permission-set "${ids[@]}" --provisioning-status LATEST_PERMISSION_SET_NOT_PROVISIONED
        [ -f "$out/sso-provisioned-accounts-$psid.json" ] || continue
        for account in $(grep -o '"[0-9]\{12\}"' "$out/sso-provisioned-accounts-$psid.json" | tr -d '"'); do
          save "sso-assignments-$psid-$account.json" '' sso-admin list-account-assignments "${ids[@]}" --account-id "$account"
        done
      done
    done
  fi
}

caller=$(values sts get-caller-identity --query '[Account,Arn]')
set -- $caller
account=${1:-}
partition=$(echo "${2:-}" | cut -d: -f2)
if [ -z "$account" ]; then
  echo "export-with-aws-cli.sh: no usable AWS credentials (sign in, e.g. \`aws sso login\`, or set AWS_PROFILE)" >&2
  exit 2
fi
mkdir -p "$out" || exit 2

# Accounts (and the organization) are exported side by side, at most $parallel at once; each job says how it went.
pids=()
finish_one() {
  wait "${pids[0]}"
  pids=("${pids[@]:1}")
}
start() {
  [ "${#pids[@]}" -lt "$parallel" ] || finish_one
  # Each job reports its own errors: a shared file would mix them.
  (
    errors=$(mktemp)
    trap 'rm -f "$errors"' EXIT
    "$@"
  ) &
  pids+=($!)
}

export_member() {
  local member=$1 credentials
  credentials=$(values sts assume-role --role-arn "arn:${partition:-aws}:iam::$member:role/$role_name" --role-session-name iamlint-export \
    --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]')
  set -- $credentials
  if [ $# -lt 3 ]; then
    echo "account $member" >>"$failed"
    echo "export-with-aws-cli.sh: account $member left out: cannot assume $role_name there" >&2
    return
  fi
  export AWS_ACCESS_KEY_ID=$1 AWS_SECRET_ACCESS_KEY=$2 AWS_SESSION_TOKEN=$3
  unset AWS_PROFILE
  export_account "$member"
}

if [ "$org" = false ]; then
  export_account "$account"
else
  save organizations-describe-organization.json '' organizations describe-organization || exit 1
  save organizations-accounts.json '' organizations list-accounts || exit 1
  start export_organization
  members=$(values organizations list-accounts --query "Accounts[?Status=='ACTIVE'].Id")
  for member in $members; do
    if [ "$member" = "$account" ]; then
      start export_account "$account"
    else
      start export_member "$member"
    fi
  done
  while [ "${#pids[@]}" -gt 0 ]; do finish_one; done
fi

echo "export-with-aws-cli.sh: wrote $out; audit it with \`iamlint audit $out\`" >&2
[ ! -s "$failed" ]
