#!/usr/bin/env bash
# Removes what deploy-serverless-cloudrun.sh created in a Google Cloud project. Reads the same
# settings: the env file (.env.cloudrun.local if present, else .env.cloudrun), then
# cloudrun/defaults.env; only PROJECT_ID and REGION are required.
#
#   cloudrun/teardown.sh --dry-run                       # print every command, run none
#   cloudrun/teardown.sh                                 # asks for the project ID, then removes
#   cloudrun/teardown.sh --yes --delete-bucket --delete-registry
#
# Always removed (each only if it exists): the alert policies, the uptime check, the dashboard and the
# log-based metrics of cloudrun/monitoring/; the Cloud Scheduler triggers and the Kafka autoscaler
# services; the worker pools; the API service; the Secret Manager secrets.
# Only with a flag:
#   --delete-bucket            the files bucket GCS_BUCKET with every file in it (refused when
#                              CREATE_BUCKET=false: the deployment did not create that bucket)
#   --delete-registry          the Artifact Registry repository AR_REPOSITORY with every image
#   --delete-service-accounts  the accounts opendrive-run, opendrive-kafka-scaler, opendrive-scaler-cron
#                              (and the autoscaler's project roles)
# Left alone: enabled APIs, the Cloud Build source bucket and the build account's roles, MongoDB
# Atlas and Confluent Cloud.
#
# Options:
#   --dry-run            print every command and run none (works without gcloud installed)
#   --yes                do not ask; required when standard input is not a terminal
#   --region REGION      overrides REGION from the env file and the environment
#   --env-file FILE      settings file (default: .env.cloudrun.local if present, else .env.cloudrun)
#   -h, --help           this text
#
# Safe to re-run: what is already gone is skipped. Test: cloudrun/test/deploy-script-test.sh.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

DRY_RUN=0
YES=0
REGION_FLAG=""
ENV_FILE=""
DELETE_BUCKET=0
DELETE_REGISTRY=0
DELETE_SERVICE_ACCOUNTS=0

# usage, die, section, note, KNOWN_VARS, load_env_file, load_defaults, quote, run, capture, monitoring names
# shellcheck source=cloudrun/lib/common.sh
source cloudrun/lib/common.sh

while (($#)); do
  case $1 in
    --dry-run) DRY_RUN=1 ;;
    --yes) YES=1 ;;
    --delete-bucket) DELETE_BUCKET=1 ;;
    --delete-registry) DELETE_REGISTRY=1 ;;
    --delete-service-accounts) DELETE_SERVICE_ACCOUNTS=1 ;;
    --region) (($# >= 2)) || die "--region needs a value"; REGION_FLAG=$2; shift ;;
    --region=*) REGION_FLAG=${1#*=} ;;
    --env-file) (($# >= 2)) || die "--env-file needs a file"; ENV_FILE=$2; shift ;;
    --env-file=*) ENV_FILE=${1#*=} ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
  shift
done

# ---------------------------------------------------------------------------------------------
# Settings: the deploy script's, without its secrets
# ---------------------------------------------------------------------------------------------

if [[ -z $ENV_FILE ]]; then
  if [[ -f .env.cloudrun.local ]]; then ENV_FILE=.env.cloudrun.local; else ENV_FILE=.env.cloudrun; fi
fi
[[ -f $ENV_FILE ]] || die "env file not found: $ENV_FILE"
load_env_file "$ENV_FILE"
if [[ -n $REGION_FLAG ]]; then REGION=$REGION_FLAG; fi
[[ -n ${PROJECT_ID:-} ]] || die "PROJECT_ID is not set (in $ENV_FILE or the environment)"
[[ -n ${REGION:-} ]] || die "REGION is not set (in $ENV_FILE, the environment or --region)"
shopt -s nocasematch
if [[ $PROJECT_ID == *change[-_]me* ]] && ((!DRY_RUN)); then
  die "$ENV_FILE: PROJECT_ID is still the template's placeholder"
fi
shopt -u nocasematch
load_defaults
: "${GCS_PROJECT_ID:=$PROJECT_ID}"
[[ $REGION =~ ^[a-z]+-[a-z]+[0-9]+$ ]] || die "REGION: '$REGION' is not a region name like europe-west1"
[[ $PROJECT_ID =~ ^[a-z][a-z0-9-]{4,28}[a-z0-9]$ ]] || die "PROJECT_ID: '$PROJECT_ID' is not a project ID"
if ((DELETE_BUCKET)) && [[ -z ${GCS_BUCKET:-} ]]; then die "--delete-bucket: GCS_BUCKET is not set"; fi

if ((!DRY_RUN)) && ! command -v gcloud >/dev/null 2>&1; then
  die "gcloud not found: install the Google Cloud CLI, or use --dry-run"
fi

# The names the deploy script gives (see deploy-serverless-cloudrun.sh, "Derived names").
RUNTIME_SA_EMAIL="${RUNTIME_SERVICE_ACCOUNT}@${PROJECT_ID}.iam.gserviceaccount.com"
SCALER_SA_EMAIL="opendrive-kafka-scaler@${PROJECT_ID}.iam.gserviceaccount.com"
SCHEDULER_SA_EMAIL="opendrive-scaler-cron@${PROJECT_ID}.iam.gserviceaccount.com"
POOLS=("$THUMBNAIL_WORKER_POOL" "$SEARCH_WORKER_POOL")
SECRETS=("${SECRET_PREFIX}-mongodb-uri" "${SECRET_PREFIX}-jwt-secret" "${SECRET_PREFIX}-kafka-api-key"
  "${SECRET_PREFIX}-kafka-api-secret" "${SECRET_PREFIX}-kafka-admin-client"
  "${SECRET_PREFIX}-thumbnail-scaler-config" "${SECRET_PREFIX}-search-scaler-config")

# exists COMMAND...: prints a describe command, succeeds if the resource is there. A dry run cannot
# know and shows the path for a resource that is there (the opposite of the deploy script's probe).
exists() {
  printf '+ %s\n' "$(quote "$@")"
  if ((DRY_RUN)); then
    note "(dry run: assumed present)"
    return 0
  fi
  if "$@" >/dev/null 2>&1; then return 0; fi
  note "already gone"
  return 1
}

# listed VAR DRY_RUN_VALUE COMMAND...: the names a list command prints, one a line, in VAR.
listed() {
  local __var=$1
  capture "$@"
  if [[ -z ${!__var} ]]; then note "already gone"; fi
}

# ---------------------------------------------------------------------------------------------
# Teardown
# ---------------------------------------------------------------------------------------------

if ((DRY_RUN)); then
  printf 'DRY RUN: printing every command, running none.\n'
fi
printf 'OpenDrive on Cloud Run: teardown\n'
printf '  project %s, region %s, env file %s\n' "$PROJECT_ID" "$REGION" "$ENV_FILE"
printf '  also: bucket %s, registry %s, service accounts %s\n' "$( ((DELETE_BUCKET)) && printf yes || printf no)" \
  "$( ((DELETE_REGISTRY)) && printf yes || printf no)" "$( ((DELETE_SERVICE_ACCOUNTS)) && printf yes || printf no)"

if ((!DRY_RUN && !YES)); then
  [[ -t 0 ]] || die "refusing to delete without --yes (standard input is not a terminal)"
  read -r -p "Type the project ID ($PROJECT_ID) to delete OpenDrive's resources in it: " answer
  [[ $answer == "$PROJECT_ID" ]] || die "not confirmed; nothing deleted"
fi

section "Monitoring: alert policies, uptime check, dashboard, log-based metrics"
names=""
for policy in "$MONITORING_DIR"/policies/*.json; do
  display=$(display_name_of "$policy")
  listed names "projects/$PROJECT_ID/alertPolicies/POLICY_ID" gcloud monitoring policies list --project="$PROJECT_ID" \
    --filter="displayName=\"$display\"" --format='value(name)'
  while IFS= read -r name; do
    if [[ -n $name ]]; then run gcloud monitoring policies delete "$name" --quiet --project="$PROJECT_ID"; fi
  done <<<"$names"
done
display=$(uptime_check_display_name)
listed names "projects/$PROJECT_ID/uptimeCheckConfigs/UPTIME_CHECK_ID" gcloud monitoring uptime list-configs \
  --project="$PROJECT_ID" --filter="displayName=\"$display\"" --format='value(name)'
while IFS= read -r name; do
  if [[ -n $name ]]; then run gcloud monitoring uptime delete "${name##*/}" --quiet --project="$PROJECT_ID"; fi
done <<<"$names"
if exists gcloud monitoring dashboards describe "$DASHBOARD_ID" --project="$PROJECT_ID"; then
  run gcloud monitoring dashboards delete "$DASHBOARD_ID" --quiet --project="$PROJECT_ID"
fi
for metric in "$MONITORING_DIR"/metrics/*.json; do
  name=${metric##*/}
  name=${name%.json}
  if exists gcloud logging metrics describe "$name" --project="$PROJECT_ID"; then
    run gcloud logging metrics delete "$name" --quiet --project="$PROJECT_ID"
  fi
done

section "Kafka autoscalers and their Cloud Scheduler triggers"
for pool in "${POOLS[@]}"; do
  if exists gcloud scheduler jobs describe "${pool}-scaler-cron" --location="$REGION" --project="$PROJECT_ID"; then
    run gcloud scheduler jobs delete "${pool}-scaler-cron" --location="$REGION" --quiet --project="$PROJECT_ID"
  fi
  if exists gcloud run services describe "${pool}-scaler" --region="$REGION" --project="$PROJECT_ID"; then
    run gcloud run services delete "${pool}-scaler" --region="$REGION" --quiet --project="$PROJECT_ID"
  fi
done

section "Worker pools"
for pool in "${POOLS[@]}"; do
  if exists gcloud beta run worker-pools describe "$pool" --region="$REGION" --project="$PROJECT_ID"; then
    run gcloud beta run worker-pools delete "$pool" --region="$REGION" --quiet --project="$PROJECT_ID"
  fi
done

section "API service"
if exists gcloud run services describe "$API_SERVICE" --region="$REGION" --project="$PROJECT_ID"; then
  run gcloud run services delete "$API_SERVICE" --region="$REGION" --quiet --project="$PROJECT_ID"
fi

section "Secrets (Secret Manager)"
for secret in "${SECRETS[@]}"; do
  if exists gcloud secrets describe "$secret" --project="$PROJECT_ID"; then
    run gcloud secrets delete "$secret" --quiet --project="$PROJECT_ID"
  fi
done

section "Service accounts"
if ((DELETE_SERVICE_ACCOUNTS)); then
  for role in roles/run.admin roles/monitoring.viewer; do
    run gcloud projects remove-iam-policy-binding "$PROJECT_ID" --member="serviceAccount:$SCALER_SA_EMAIL" \
      --role="$role" --condition=None --quiet || note "no such binding"
  done
  for account in "$SCHEDULER_SA_EMAIL" "$SCALER_SA_EMAIL" "$RUNTIME_SA_EMAIL"; do
    if exists gcloud iam service-accounts describe "$account" --project="$PROJECT_ID"; then
      run gcloud iam service-accounts delete "$account" --quiet --project="$PROJECT_ID"
    fi
  done
else
  note "kept (--delete-service-accounts removes them)"
fi

section "Cloud Storage bucket gs://${GCS_BUCKET:-}"
if ((!DELETE_BUCKET)); then
  note "kept, with every file in it (--delete-bucket removes it)"
elif [[ $CREATE_BUCKET != true ]]; then
  note "CREATE_BUCKET=false: the deployment did not create this bucket; not deleted"
elif exists gcloud storage buckets describe "gs://$GCS_BUCKET" --project="$GCS_PROJECT_ID"; then
  # every object (all versions), then the bucket itself
  run gcloud storage rm --recursive "gs://$GCS_BUCKET/" --project="$GCS_PROJECT_ID"
fi

section "Artifact Registry repository $AR_REPOSITORY ($REGION)"
if ((!DELETE_REGISTRY)); then
  note "kept, with its images (--delete-registry removes it)"
elif exists gcloud artifacts repositories describe "$AR_REPOSITORY" --location="$REGION" --project="$PROJECT_ID"; then
  run gcloud artifacts repositories delete "$AR_REPOSITORY" --location="$REGION" --quiet --project="$PROJECT_ID"
fi

if ((DRY_RUN)); then
  printf '\nDry run complete: no command was run.\n'
else
  printf '\nTeardown complete.\n'
fi
