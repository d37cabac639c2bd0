#!/usr/bin/env bash
# Deploys OpenDrive to Google Cloud Run: the API as a Cloud Run service, the thumbnail and
# search-indexer workers as Cloud Run worker pools scaled on Kafka consumer lag by Google's Kafka
# autoscaler, with MongoDB Atlas, Confluent Cloud and Google Cloud Storage.
#
#   ./deploy-serverless-cloudrun.sh --dry-run              # print every command, run none
#   ./deploy-serverless-cloudrun.sh                        # deploy everything
#   ./deploy-serverless-cloudrun.sh --only api --region europe-west4
#
# Options:
#   --dry-run            print every command and run none (works without gcloud installed)
#   --only SERVICE       api, thumbnail or search: build and deploy just that one
#   --region REGION      overrides REGION from the env file and the environment
#   --env-file FILE      settings file (default: .env.cloudrun.local if present, else .env.cloudrun)
#   --render-dir DIR     keep the rendered manifests in DIR (default: a temporary directory)
#   --skip-build         deploy images already built for IMAGE_TAG (e.g. to roll back)
#   --skip-monitoring    leave the log-based metrics, alert policies, uptime check and dashboard alone
#   -h, --help           this text
#
# Idempotent: every resource is checked first and created only if missing; secrets get a new
# version only when their value changed; `replace` and `deploy` update what exists. Safe to re-run.
# Walkthrough: docs/deploy-cloudrun.md. Test: cloudrun/test/deploy-script-test.sh.
# Removing it all again: cloudrun/teardown.sh.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$ROOT"

DRY_RUN=0
ONLY=""
REGION_FLAG=""
ENV_FILE=""
RENDER_DIR=""
SKIP_BUILD=0
SKIP_MONITORING=0

# usage, die, section, note, KNOWN_VARS, load_env_file, load_defaults, quote, run, run_stdin, probe, capture
# shellcheck source=cloudrun/lib/common.sh
source cloudrun/lib/common.sh

while (($#)); do
  case $1 in
    --dry-run) DRY_RUN=1 ;;
    --only) (($# >= 2)) || die "--only needs a value: api, thumbnail or search"; ONLY=$2; shift ;;
    --only=*) ONLY=${1#*=} ;;
    --region) (($# >= 2)) || die "--region needs a value"; REGION_FLAG=$2; shift ;;
    --region=*) REGION_FLAG=${1#*=} ;;
    --env-file) (($# >= 2)) || die "--env-file needs a file"; ENV_FILE=$2; shift ;;
    --env-file=*) ENV_FILE=${1#*=} ;;
    --render-dir) (($# >= 2)) || die "--render-dir needs a directory"; RENDER_DIR=$2; shift ;;
    --render-dir=*) RENDER_DIR=${1#*=} ;;
    --skip-build) SKIP_BUILD=1 ;;
    --skip-monitoring) SKIP_MONITORING=1 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
  shift
done

case $ONLY in
  "" | api | thumbnail | search) ;;
  *) die "--only takes api, thumbnail or search (got '$ONLY')" ;;
esac

# ---------------------------------------------------------------------------------------------
# Settings
# ---------------------------------------------------------------------------------------------

REQUIRED_VARS=(PROJECT_ID REGION MONGODB_URI JWT_SECRET GCS_BUCKET KAFKA_BOOTSTRAP_SERVERS KAFKA_API_KEY KAFKA_API_SECRET)
SECRET_VARS=(MONGODB_URI JWT_SECRET KAFKA_API_KEY KAFKA_API_SECRET)

# Settings of cloudrun/kafka-scaler/autoscaler.conf (how the autoscaler and its trigger are deployed).
SCALER_CONF=cloudrun/kafka-scaler/autoscaler.conf
SCALER_CONF_VARS=(SCALER_BASE_IMAGE SCALER_MAX_INSTANCES SCALER_KAFKA_CONFIG_PATH SCALER_SCALING_CONFIG_PATH
  SCALER_TRIGGER_HTTP_METHOD)

if [[ -z $ENV_FILE ]]; then
  if [[ -f .env.cloudrun.local ]]; then ENV_FILE=.env.cloudrun.local; else ENV_FILE=.env.cloudrun; fi
fi
[[ -f $ENV_FILE ]] || die "env file not found: $ENV_FILE (copy .env.cloudrun and fill it in)"
load_env_file "$ENV_FILE"
if [[ -n $REGION_FLAG ]]; then REGION=$REGION_FLAG; fi
[[ -f $SCALER_CONF ]] || die "missing $SCALER_CONF"
load_env_file "$SCALER_CONF" "${SCALER_CONF_VARS[@]}"
for v in "${SCALER_CONF_VARS[@]}"; do
  [[ -n ${!v:-} ]] || die "$SCALER_CONF: $v is empty"
done

missing=()
for v in "${REQUIRED_VARS[@]}"; do
  [[ -n ${!v:-} ]] || missing+=("$v")
done
if ((${#missing[@]})); then
  {
    printf 'error: %d required setting(s) missing (set them in %s or in the environment):\n' "${#missing[@]}" "$ENV_FILE"
    printf '  %s\n' "${missing[@]}"
  } >&2
  exit 2
fi

# Placeholders are checked on what the file and the environment set, before defaults apply.
placeholders=()
shopt -s nocasematch
for v in "${KNOWN_VARS[@]}"; do
  if [[ ${!v:-} == *change[-_]me* ]]; then placeholders+=("$v"); fi
done
shopt -u nocasematch
if ((${#placeholders[@]})); then
  if ((DRY_RUN)); then
    printf 'warning: template placeholders still in %s (fine for --dry-run, refused for a real run):\n' "$ENV_FILE" >&2
    printf '  %s\n' "${placeholders[@]}" >&2
  else
    printf 'error: %s still has template placeholders (CHANGE_ME); fill these in first:\n' "$ENV_FILE" >&2
    printf '  %s\n' "${placeholders[@]}" >&2
    exit 2
  fi
fi

load_defaults
: "${GCS_PROJECT_ID:=$PROJECT_ID}"
IAM_PROPAGATION_SECONDS=${IAM_PROPAGATION_SECONDS:-10}
SECRET_IAM_POLL_SECONDS=${SECRET_IAM_POLL_SECONDS:-5}

# native-image's heap for a Cloud Build machine type: the one place it is derived. It must leave room
# for Maven (about 1 GB), the Docker daemon and the build step on the machine.
native_image_xmx_for() {
  case $1 in
    e2-highcpu-8) printf 5g ;;   # 8 vCPU, 8 GB
    n1-highcpu-8) printf 4g ;;   # 8 vCPU, 7.2 GB
    e2-highcpu-32) printf 24g ;; # 32 vCPU, 32 GB
    n1-highcpu-32) printf 20g ;; # 32 vCPU, 28.8 GB
    *) return 1 ;;               # e2-medium (4 GB) and e2-standard-2 (2 vCPU): not for native-image
  esac
}

invalid=()
for v in "${KNOWN_VARS[@]}"; do
  if [[ ${!v:-} == *$'\n'* ]]; then invalid+=("$v: contains a line break"); fi
done
[[ $REGION =~ ^[a-z]+-[a-z]+[0-9]+$ ]] || invalid+=("REGION: '$REGION' is not a region name like europe-west1")
[[ $PROJECT_ID =~ ^[a-z][a-z0-9-]{4,28}[a-z0-9]$ ]] || invalid+=("PROJECT_ID: '$PROJECT_ID' is not a project ID")
case $BUILD_MODE in native | jvm | jvm-aot) ;; *) invalid+=("BUILD_MODE: '$BUILD_MODE' (native, jvm or jvm-aot)") ;; esac
for v in MAX_FILE_SIZE API_MIN_INSTANCES API_MAX_INSTANCES THUMBNAIL_LAG_THRESHOLD SEARCH_LAG_THRESHOLD SCALER_CPU_TARGET \
  WORKER_INITIAL_INSTANCES SECRET_IAM_WAIT_SECONDS DEPLOY_RETRIES DEPLOY_RETRY_DELAY_SECONDS UPTIME_CHECK_TIMEOUT; do
  [[ ${!v} =~ ^[0-9]+$ ]] || invalid+=("$v: '${!v}' is not a whole number")
done
for v in CREATE_BUCKET ALLOW_UNAUTHENTICATED; do
  [[ ${!v} == true || ${!v} == false ]] || invalid+=("$v: '${!v}' (true or false)")
done
for v in BUILD_TIMEOUT SCALER_BUILD_TIMEOUT; do
  [[ ${!v} =~ ^[1-9][0-9]*s$ ]] || invalid+=("$v: '${!v}' is not a duration in seconds like 3600s")
done
case $UPTIME_CHECK_PERIOD in 1 | 5 | 10 | 15) ;; *) invalid+=("UPTIME_CHECK_PERIOD: '$UPTIME_CHECK_PERIOD' (minutes: 1, 5, 10 or 15)") ;; esac
[[ $UPTIME_CHECK_PATH == /* ]] || invalid+=("UPTIME_CHECK_PATH: '$UPTIME_CHECK_PATH' does not start with /")
[[ $SCALER_SOURCE_REF =~ ^[A-Za-z0-9][A-Za-z0-9._/-]*$ ]] || invalid+=("SCALER_SOURCE_REF: '$SCALER_SOURCE_REF' is not a tag or commit SHA")
if [[ $BUILD_MODE == native ]]; then
  if [[ -n ${NATIVE_IMAGE_XMX:-} ]]; then
    [[ $NATIVE_IMAGE_XMX =~ ^[1-9][0-9]*[mg]$ ]] || invalid+=("NATIVE_IMAGE_XMX: '$NATIVE_IMAGE_XMX' (a heap size like 5g)")
  elif ! NATIVE_IMAGE_XMX=$(native_image_xmx_for "$BUILD_MACHINE_TYPE"); then
    invalid+=("BUILD_MACHINE_TYPE: '$BUILD_MACHINE_TYPE' has no known memory size for a native build: use e2-highcpu-8, n1-highcpu-8, e2-highcpu-32 or n1-highcpu-32, or set NATIVE_IMAGE_XMX yourself")
  fi
fi
((${#JWT_SECRET} >= 32)) || invalid+=("JWT_SECRET: at least 32 characters (openssl rand -base64 48)")
[[ $KAFKA_API_KEY$KAFKA_API_SECRET != *[\"\\]* ]] || invalid+=("KAFKA_API_KEY/KAFKA_API_SECRET: no quotes or backslashes")
if ((${#invalid[@]})); then
  printf 'error: invalid settings in %s:\n' "$ENV_FILE" >&2
  printf '  %s\n' "${invalid[@]}" >&2
  exit 2
fi

if ((!DRY_RUN)) && ! command -v gcloud >/dev/null 2>&1; then
  die "gcloud not found: install the Google Cloud CLI (https://cloud.google.com/sdk/docs/install), or use --dry-run"
fi

if [[ -z ${IMAGE_TAG:-} ]]; then
  if IMAGE_TAG=$(git -C "$ROOT" rev-parse --short=12 HEAD 2>/dev/null); then
    if [[ -n $(git -C "$ROOT" status --porcelain 2>/dev/null) ]]; then
      IMAGE_TAG+="-dirty-$(date -u +%Y%m%d%H%M%S)"
    fi
  else
    IMAGE_TAG=$(date -u +%Y%m%d-%H%M%S)
  fi
fi

DEPLOY_API=0 DEPLOY_THUMBNAIL=0 DEPLOY_SEARCH=0
case $ONLY in
  "") DEPLOY_API=1 DEPLOY_THUMBNAIL=1 DEPLOY_SEARCH=1 ;;
  api) DEPLOY_API=1 ;;
  thumbnail) DEPLOY_THUMBNAIL=1 ;;
  search) DEPLOY_SEARCH=1 ;;
esac
DEPLOY_WORKERS=$((DEPLOY_THUMBNAIL || DEPLOY_SEARCH))

# Derived names.
RUNTIME_SA_EMAIL="${RUNTIME_SERVICE_ACCOUNT}@${PROJECT_ID}.iam.gserviceaccount.com"
SCALER_SA_NAME=opendrive-kafka-scaler
SCALER_SA_EMAIL="${SCALER_SA_NAME}@${PROJECT_ID}.iam.gserviceaccount.com"
SCHEDULER_SA_NAME=opendrive-scaler-cron
SCHEDULER_SA_EMAIL="${SCHEDULER_SA_NAME}@${PROJECT_ID}.iam.gserviceaccount.com"
REGISTRY="${REGION}-docker.pkg.dev/${PROJECT_ID}/${AR_REPOSITORY}"
API_IMAGE="${REGISTRY}/opendrive-api:${IMAGE_TAG}"
THUMBNAIL_IMAGE="${REGISTRY}/opendrive-thumbnail-worker:${IMAGE_TAG}"
SEARCH_IMAGE="${REGISTRY}/opendrive-search-indexer:${IMAGE_TAG}"
: "${SCALER_IMAGE:=}"
BUILD_SCALER=0
if [[ -z $SCALER_IMAGE ]]; then
  SCALER_IMAGE="${REGISTRY}/kafka-scaler:${IMAGE_TAG}"
  BUILD_SCALER=1
fi
SECRET_MONGODB_URI="${SECRET_PREFIX}-mongodb-uri"
SECRET_JWT_SECRET="${SECRET_PREFIX}-jwt-secret"
SECRET_KAFKA_API_KEY="${SECRET_PREFIX}-kafka-api-key"
SECRET_KAFKA_API_SECRET="${SECRET_PREFIX}-kafka-api-secret"
SECRET_KAFKA_ADMIN="${SECRET_PREFIX}-kafka-admin-client"
: "${BUILD_SOURCE_BUCKET:=${PROJECT_ID}_cloudbuild}"

case $BUILD_MODE in
  native) DOCKERFILE_NAME=Dockerfile.native BUILD_TARGET=runtime ;;
  jvm) DOCKERFILE_NAME=Dockerfile.jvm BUILD_TARGET=runtime ;;
  jvm-aot) DOCKERFILE_NAME=Dockerfile.jvm BUILD_TARGET=runtime-aot ;;
esac

# Placeholders the manifests may use; anything else in a template is an error.
TEMPLATE_VARS=(
  PROJECT_ID REGION API_SERVICE THUMBNAIL_WORKER_POOL SEARCH_WORKER_POOL RUNTIME_SA_EMAIL
  API_IMAGE THUMBNAIL_IMAGE SEARCH_IMAGE API_MIN_INSTANCES API_MAX_INSTANCES WORKER_INITIAL_INSTANCES
  MONGODB_DATABASE GCS_BUCKET GCS_PROJECT_ID KAFKA_BOOTSTRAP_SERVERS KAFKA_TOPIC KAFKA_DLQ_TOPIC
  ALLOWED_ORIGINS LOG_LEVEL MAX_FILE_SIZE
  SECRET_MONGODB_URI SECRET_JWT_SECRET SECRET_KAFKA_API_KEY SECRET_KAFKA_API_SECRET
  SCALER_TARGET SCALER_LAG_THRESHOLD SCALER_CPU_TARGET
  KAFKA_API_KEY KAFKA_API_SECRET
  UPTIME_CHECK_ID
)

WORK_DIR=$(mktemp -d "${TMPDIR:-/tmp}/opendrive-deploy.XXXXXX")
trap 'rm -rf "$WORK_DIR"' EXIT
if [[ -z $RENDER_DIR ]]; then RENDER_DIR="$WORK_DIR/rendered"; fi
mkdir -p "$RENDER_DIR"

# ---------------------------------------------------------------------------------------------
# Running commands
# ---------------------------------------------------------------------------------------------

is_secret_var() {
  is_listed "$1" "${SECRET_VARS[@]}"
}

is_template_var() {
  is_listed "$1" "${TEMPLATE_VARS[@]}"
}

# render TEMPLATE MODE: prints TEMPLATE with every ${NAME} replaced (MODE yaml escapes for
# double-quoted YAML scalars), comment lines dropped. Unknown or empty placeholders are errors.
render() {
  local template=$1 mode=$2 line out name value problems=()
  local re='^(([^$]|\$[^{])*)\$\{([A-Za-z_][A-Za-z0-9_]*)\}(.*)$'
  while IFS= read -r line || [[ -n $line ]]; do
    [[ $line =~ ^[[:space:]]*# ]] && continue
    out=""
    while [[ $line =~ $re ]]; do
      out+=${BASH_REMATCH[1]}
      name=${BASH_REMATCH[3]}
      line=${BASH_REMATCH[4]}
      if ! is_template_var "$name"; then
        problems+=("unknown placeholder \${$name}")
        continue
      fi
      if [[ $mode == yaml ]] && is_secret_var "$name"; then
        problems+=("\${$name} is a secret: manifests reference Secret Manager instead")
        continue
      fi
      value=${!name:-}
      if [[ -z $value ]]; then
        problems+=("empty value for \${$name}")
        continue
      fi
      if [[ $mode == yaml ]]; then
        value=${value//\\/\\\\}
        value=${value//\"/\\\"}
      fi
      out+=$value
    done
    printf '%s\n' "$out$line"
  done <"$template"
  if ((${#problems[@]})); then
    for line in "${problems[@]}"; do
      printf 'error: %s: %s\n' "$template" "$line" >&2
    done
    return 1
  fi
}

render_file() {
  local template=$1 out=$2
  render "$template" yaml >"$out"
  note "rendered $template -> $out"
}

upsert_secret() {
  local name=$1 label=$2 value=$3 current
  if probe gcloud secrets describe "$name" --project="$PROJECT_ID"; then
    if capture current "" gcloud secrets versions access latest --secret="$name" --project="$PROJECT_ID" &&
      [[ $current == "$value" ]]; then
      note "secret $name unchanged"
    else
      run_stdin "$label" "$value" gcloud secrets versions add "$name" --data-file=- --project="$PROJECT_ID"
    fi
  else
    run_stdin "$label" "$value" gcloud secrets create "$name" --replication-policy=automatic \
      --data-file=- --labels=app=opendrive --project="$PROJECT_ID"
  fi
}

grant_secret() {
  run gcloud secrets add-iam-policy-binding "$1" --member="serviceAccount:$2" \
    --role=roles/secretmanager.secretAccessor --condition=None --quiet --project="$PROJECT_ID"
  wait_for_secret_binding "$1" "$2"
}

# wait_for_secret_binding SECRET ACCOUNT: polls the secret's IAM policy until ACCOUNT holds
# secretAccessor there, at most SECRET_IAM_WAIT_SECONDS. A binding that shows in the policy can
# still take a while to be enforced: run_deploy retries permission errors for that part.
wait_for_secret_binding() {
  local secret=$1 member="serviceAccount:$2" members polls=0 max_polls
  local cmd=(gcloud secrets get-iam-policy "$secret" --project="$PROJECT_ID" --flatten='bindings[].members'
    --filter='bindings.role=roles/secretmanager.secretAccessor' --format='value(bindings.members)')
  printf '+ %s\n' "$(quote "${cmd[@]}")"
  if ((DRY_RUN)); then
    note "(dry run: repeated until $member is listed, at most ${SECRET_IAM_WAIT_SECONDS}s)"
    return 0
  fi
  max_polls=$((1 + SECRET_IAM_WAIT_SECONDS / (SECRET_IAM_POLL_SECONDS > 0 ? SECRET_IAM_POLL_SECONDS : 1)))
  while :; do
    polls=$((polls + 1))
    members=$("${cmd[@]}" 2>/dev/null) || members=""
    if grep -qxF -- "$member" <<<"$members"; then
      if ((polls > 1)); then note "$member listed on $secret after $polls polls"; fi
      return 0
    fi
    if ((polls >= max_polls)); then
      note "warning: $member not listed on $secret after ${SECRET_IAM_WAIT_SECONDS}s; going on (a deploy that fails with a permission error is retried)"
      return 0
    fi
    sleep "$SECRET_IAM_POLL_SECONDS"
  done
}

# Errors of a deploy that a grant not yet in force explains: Cloud Run checks the revision's access
# to its secrets ("Permission denied on secret ... must be granted the 'Secret Manager Secret
# Accessor' role") and the deployer's use of the service account when the revision is created.
DEPLOY_PERMISSION_ERRORS='Permission denied on secret|PERMISSION_DENIED|secretmanager\.secretAccessor|secretmanager\.versions\.access|iam\.serviceAccounts\.actAs'

# run_deploy COMMAND...: prints and runs a deploy; when it fails with one of those permission errors,
# runs it again up to DEPLOY_RETRIES times, pausing DEPLOY_RETRY_DELAY_SECONDS, doubled each time.
# Any other failure ends the script at once.
run_deploy() {
  run_retrying "$DEPLOY_PERMISSION_ERRORS" "permission error: an IAM grant is probably not in force yet" "$@"
}

# run_retrying ERRORS REASON COMMAND...: run_deploy's loop, for failures whose message matches ERRORS.
run_retrying() {
  local errors=$1 reason=$2 attempt=0 delay=$DEPLOY_RETRY_DELAY_SECONDS rc err="$WORK_DIR/command.stderr"
  shift 2
  printf '+ %s\n' "$(quote "$@")"
  if ((DRY_RUN)); then return 0; fi
  while :; do
    # stdout as is; stderr shown as it comes and kept in $err to look for the error
    { "$@" 2>&1 1>&3 3>&- | tee "$err" >&2 3>&-; } 3>&1 && rc=0 || rc=$?
    if ((rc == 0)); then return 0; fi
    if ((attempt >= DEPLOY_RETRIES)) || ! grep -qE -- "$errors" "$err"; then
      return "$rc"
    fi
    attempt=$((attempt + 1))
    note "$reason; retry $attempt of $DEPLOY_RETRIES in ${delay}s"
    sleep "$delay"
    delay=$((delay * 2))
    printf '+ %s\n' "$(quote "$@")"
  done
}

CREATED_SA=0
ensure_service_account() {
  local name=$1 display=$2
  if probe gcloud iam service-accounts describe "${name}@${PROJECT_ID}.iam.gserviceaccount.com" --project="$PROJECT_ID"; then
    note "service account $name exists"
  else
    run gcloud iam service-accounts create "$name" --display-name="$display" --project="$PROJECT_ID"
    CREATED_SA=1
  fi
}

build_image() {
  local module=$1 image=$2
  local substitutions="_DOCKERFILE=${module}/src/main/docker/${DOCKERFILE_NAME},_TARGET=${BUILD_TARGET},_IMAGE=${image}"
  # Cloud Run's API always has MONGODB_URI (Atlas): its image leaves the embedded database out.
  if [[ $module == api ]]; then substitutions+=",_EMBEDDED_DB=false"; fi
  if [[ $BUILD_MODE == native ]]; then substitutions+=",_NATIVE_IMAGE_XMX=${NATIVE_IMAGE_XMX}"; fi
  run gcloud builds submit . --config=cloudrun/cloudbuild.yaml --ignore-file=cloudrun/gcloudignore \
    --machine-type="$BUILD_MACHINE_TYPE" --timeout="$BUILD_TIMEOUT" \
    --gcs-source-staging-dir="gs://${BUILD_SOURCE_BUCKET}/source" \
    --substitutions="$substitutions" --project="$PROJECT_ID"
}

# The Kafka autoscaler's image, built from SCALER_SOURCE_REPO at SCALER_SOURCE_REF.
build_scaler_image() {
  local dir="$WORK_DIR/cloud-run-kafka-scaler" head
  note "Kafka autoscaler image from $SCALER_SOURCE_REPO at $SCALER_SOURCE_REF (set SCALER_IMAGE to use a prebuilt one)"
  run git clone --depth=1 "$SCALER_SOURCE_REPO" "$dir"
  # A tag or a full SHA: fetch just that revision (GitHub serves any commit by SHA) and check it out.
  run git -C "$dir" fetch --depth=1 origin "$SCALER_SOURCE_REF"
  run git -C "$dir" checkout --quiet --detach FETCH_HEAD
  capture head "$SCALER_SOURCE_REF" git -C "$dir" rev-parse HEAD
  if [[ $SCALER_SOURCE_REF =~ ^[0-9a-f]{40}$ && $head != "$SCALER_SOURCE_REF" ]]; then
    die "autoscaler source is at $head, not at SCALER_SOURCE_REF $SCALER_SOURCE_REF"
  fi
  note "autoscaler source at $head"
  run gcloud builds submit "$dir" --tag="$SCALER_IMAGE" --timeout="$SCALER_BUILD_TIMEOUT" \
    --gcs-source-staging-dir="gs://${BUILD_SOURCE_BUCKET}/source" --project="$PROJECT_ID"
}

# --- monitoring (cloudrun/monitoring/) ----------------------------------------------------------

# A policy that names a log-based metric created a moment ago can be refused until Monitoring knows
# the metric; such failures are retried like a deploy's permission errors.
MONITORING_RETRY_ERRORS='Cannot find metric|[Mm]etric .*(not found|does not exist)'

render_monitoring_file() {
  local template=$1 out=$2
  render "$template" yaml >"$out"
  note "rendered $template -> $out"
}

# Log-based metrics: one file per metric, named after it; created, or updated from the file.
apply_log_metrics() {
  local template name out
  for template in "$MONITORING_DIR"/metrics/*.json; do
    name=${template##*/}
    name=${name%.json}
    out="$RENDER_DIR/monitoring/metric-$name.json"
    render_monitoring_file "$template" "$out"
    if probe gcloud logging metrics describe "$name" --project="$PROJECT_ID"; then
      run gcloud logging metrics update "$name" --config-from-file="$out" --project="$PROJECT_ID"
    else
      run gcloud logging metrics create "$name" --config-from-file="$out" --project="$PROJECT_ID"
    fi
  done
}

# The API's uptime check, found by its display name; sets UPTIME_CHECK_ID.
apply_uptime_check() {
  local host=$1 display name
  display=$(uptime_check_display_name)
  local list=(gcloud monitoring uptime list-configs --project="$PROJECT_ID" --filter="displayName=\"$display\""
    --format='value(name)')
  capture name "" "${list[@]}"
  name=${name%%$'\n'*}
  if [[ -n $name ]]; then
    run gcloud monitoring uptime update "${name##*/}" --path="$UPTIME_CHECK_PATH" --period="$UPTIME_CHECK_PERIOD" \
      --timeout="$UPTIME_CHECK_TIMEOUT" --set-status-classes=2xx --project="$PROJECT_ID"
  else
    run gcloud monitoring uptime create "$display" --resource-type=uptime-url \
      --resource-labels="host=$host,project_id=$PROJECT_ID" --protocol=https --port=443 \
      --path="$UPTIME_CHECK_PATH" --period="$UPTIME_CHECK_PERIOD" --timeout="$UPTIME_CHECK_TIMEOUT" \
      --status-classes=2xx --validate-ssl=true --user-labels=app=opendrive --project="$PROJECT_ID"
    capture name "projects/$PROJECT_ID/uptimeCheckConfigs/UPTIME_CHECK_ID" "${list[@]}"
    name=${name%%$'\n'*}
    [[ -n $name ]] || die "uptime check '$display' not listed after creating it"
  fi
  UPTIME_CHECK_ID=${name##*/}
  note "uptime check $UPTIME_CHECK_ID: https://$host$UPTIME_CHECK_PATH every ${UPTIME_CHECK_PERIOD} min"
}

# An alert policy, found by its display name: replaced from the file if it exists, else created.
apply_alert_policy() {
  local template=$1 out display existing channels=()
  out="$RENDER_DIR/monitoring/policy-${template##*/}"
  render_monitoring_file "$template" "$out"
  display=$(display_name_of "$out")
  [[ -n $display ]] || die "$template: no top-level displayName"
  capture existing "" gcloud monitoring policies list --project="$PROJECT_ID" \
    --filter="displayName=\"$display\"" --format='value(name)'
  existing=${existing%%$'\n'*}
  if [[ -n $existing ]]; then
    if [[ -n $ALERT_NOTIFICATION_CHANNELS ]]; then channels=(--set-notification-channels="$ALERT_NOTIFICATION_CHANNELS"); fi
    run_retrying "$MONITORING_RETRY_ERRORS" "the policy's metric is not known yet" \
      gcloud monitoring policies update "$existing" --policy-from-file="$out" ${channels[@]+"${channels[@]}"} --project="$PROJECT_ID"
  else
    if [[ -n $ALERT_NOTIFICATION_CHANNELS ]]; then channels=(--notification-channels="$ALERT_NOTIFICATION_CHANNELS"); fi
    run_retrying "$MONITORING_RETRY_ERRORS" "the policy's metric is not known yet" \
      gcloud monitoring policies create --policy-from-file="$out" ${channels[@]+"${channels[@]}"} --project="$PROJECT_ID"
  fi
}

# The dashboard, under the fixed ID DASHBOARD_ID; an update carries the current etag.
apply_dashboard() {
  local out="$RENDER_DIR/monitoring/dashboard.json" update="$RENDER_DIR/monitoring/dashboard-update.json" etag
  render_monitoring_file "$MONITORING_DIR/dashboard.json" "$out"
  if probe gcloud monitoring dashboards describe "$DASHBOARD_ID" --project="$PROJECT_ID"; then
    capture etag "" gcloud monitoring dashboards describe "$DASHBOARD_ID" --project="$PROJECT_ID" --format='value(etag)'
    { printf '{\n  "etag": "%s",\n' "$etag"; tail -n +2 "$out"; } >"$update"
    run gcloud monitoring dashboards update "$DASHBOARD_ID" --config-from-file="$update" --project="$PROJECT_ID"
  else
    run gcloud monitoring dashboards create --config-from-file="$out" --project="$PROJECT_ID"
  fi
}

# ---------------------------------------------------------------------------------------------
# Deployment
# ---------------------------------------------------------------------------------------------

if ((DRY_RUN)); then
  printf 'DRY RUN: printing every command, running none.\n'
fi
printf 'OpenDrive -> Cloud Run\n'
printf '  project %s, region %s, env file %s\n' "$PROJECT_ID" "$REGION" "$ENV_FILE"
printf '  deploying:%s%s%s\n' "$( ((DEPLOY_API)) && printf ' api')" "$( ((DEPLOY_THUMBNAIL)) && printf ' thumbnail')" "$( ((DEPLOY_SEARCH)) && printf ' search')"
printf '  images: %s build, tag %s%s\n' "$BUILD_MODE" "$IMAGE_TAG" "$( ((SKIP_BUILD)) && printf ' (--skip-build: not rebuilt)')"

section "APIs"
apis=(run.googleapis.com cloudbuild.googleapis.com artifactregistry.googleapis.com
  secretmanager.googleapis.com iam.googleapis.com iamcredentials.googleapis.com storage.googleapis.com)
if ((DEPLOY_WORKERS)); then apis+=(cloudscheduler.googleapis.com); fi
if ((DEPLOY_WORKERS || !SKIP_MONITORING)); then apis+=(monitoring.googleapis.com); fi
if ((!SKIP_MONITORING)); then apis+=(logging.googleapis.com); fi
run gcloud services enable "${apis[@]}" --project="$PROJECT_ID"

section "Artifact Registry repository $AR_REPOSITORY ($REGION)"
if probe gcloud artifacts repositories describe "$AR_REPOSITORY" --location="$REGION" --project="$PROJECT_ID"; then
  note "repository exists"
else
  run gcloud artifacts repositories create "$AR_REPOSITORY" --repository-format=docker \
    --location="$REGION" --description="OpenDrive images" --project="$PROJECT_ID"
fi

section "Service accounts"
ensure_service_account "$RUNTIME_SERVICE_ACCOUNT" "OpenDrive API and workers"
if ((DEPLOY_WORKERS)); then
  ensure_service_account "$SCALER_SA_NAME" "OpenDrive Kafka autoscaler"
  ensure_service_account "$SCHEDULER_SA_NAME" "OpenDrive autoscaler trigger"
fi
if ((CREATED_SA && !DRY_RUN && IAM_PROPAGATION_SECONDS > 0)); then
  note "waiting ${IAM_PROPAGATION_SECONDS}s for new service accounts to propagate"
  sleep "$IAM_PROPAGATION_SECONDS"
fi
# V4 signed download URLs without a key file: the runtime account signs through the IAM API.
run gcloud iam service-accounts add-iam-policy-binding "$RUNTIME_SA_EMAIL" \
  --member="serviceAccount:$RUNTIME_SA_EMAIL" --role=roles/iam.serviceAccountTokenCreator --project="$PROJECT_ID"
if ((DEPLOY_WORKERS)); then
  # As in Google's setup script: the autoscaler changes instance counts (run.admin), reads CPU
  # metrics (monitoring.viewer), acts as the workers' service account and reads their images.
  run gcloud projects add-iam-policy-binding "$PROJECT_ID" --member="serviceAccount:$SCALER_SA_EMAIL" \
    --role=roles/run.admin --condition=None --quiet
  run gcloud projects add-iam-policy-binding "$PROJECT_ID" --member="serviceAccount:$SCALER_SA_EMAIL" \
    --role=roles/monitoring.viewer --condition=None --quiet
  run gcloud iam service-accounts add-iam-policy-binding "$RUNTIME_SA_EMAIL" \
    --member="serviceAccount:$SCALER_SA_EMAIL" --role=roles/iam.serviceAccountUser --project="$PROJECT_ID"
  run gcloud artifacts repositories add-iam-policy-binding "$AR_REPOSITORY" --location="$REGION" \
    --member="serviceAccount:$SCALER_SA_EMAIL" --role=roles/artifactregistry.reader --project="$PROJECT_ID"
fi

section "Cloud Storage bucket gs://$GCS_BUCKET"
if [[ $CREATE_BUCKET == true ]]; then
  if probe gcloud storage buckets describe "gs://$GCS_BUCKET" --project="$PROJECT_ID"; then
    note "bucket exists"
  else
    run gcloud storage buckets create "gs://$GCS_BUCKET" --location="$REGION" \
      --uniform-bucket-level-access --project="$GCS_PROJECT_ID"
  fi
else
  note "CREATE_BUCKET=false: using the existing bucket"
fi
run gcloud storage buckets add-iam-policy-binding "gs://$GCS_BUCKET" \
  --member="serviceAccount:$RUNTIME_SA_EMAIL" --role=roles/storage.objectAdmin --project="$GCS_PROJECT_ID"

if ((!SKIP_BUILD)); then
  # Since Cloud Build's 2024 change, builds in new projects run as the Compute Engine default service
  # account, which no longer gets the broad Editor role in many organisations. Grant it what building
  # and pushing needs: read the uploaded source, push to the repository, write the build log.
  section "Cloud Build: service account and source bucket"
  capture project_number "PROJECT_NUMBER" gcloud projects describe "$PROJECT_ID" --format='value(projectNumber)'
  BUILD_SA_EMAIL=${BUILD_SERVICE_ACCOUNT:-${project_number}-compute@developer.gserviceaccount.com}
  note "builds run as $BUILD_SA_EMAIL (BUILD_SERVICE_ACCOUNT)"
  if probe gcloud storage buckets describe "gs://$BUILD_SOURCE_BUCKET" --project="$PROJECT_ID"; then
    note "source bucket exists"
  else
    run gcloud storage buckets create "gs://$BUILD_SOURCE_BUCKET" --location="$REGION" \
      --uniform-bucket-level-access --project="$PROJECT_ID"
  fi
  run gcloud storage buckets add-iam-policy-binding "gs://$BUILD_SOURCE_BUCKET" \
    --member="serviceAccount:$BUILD_SA_EMAIL" --role=roles/storage.objectViewer --project="$PROJECT_ID"
  run gcloud artifacts repositories add-iam-policy-binding "$AR_REPOSITORY" --location="$REGION" \
    --member="serviceAccount:$BUILD_SA_EMAIL" --role=roles/artifactregistry.writer --project="$PROJECT_ID"
  run gcloud projects add-iam-policy-binding "$PROJECT_ID" --member="serviceAccount:$BUILD_SA_EMAIL" \
    --role=roles/logging.logWriter --condition=None --quiet
fi

section "Images ($BUILD_MODE, Cloud Build)"
if ((SKIP_BUILD)); then
  note "--skip-build: using existing images tagged $IMAGE_TAG"
else
  if ((DEPLOY_API)); then build_image api "$API_IMAGE"; fi
  if ((DEPLOY_THUMBNAIL)); then build_image workers/thumbnail/app "$THUMBNAIL_IMAGE"; fi
  if ((DEPLOY_SEARCH)); then build_image workers/search-indexer/app "$SEARCH_IMAGE"; fi
  if ((DEPLOY_WORKERS && BUILD_SCALER)); then build_scaler_image; fi
fi

section "Secrets (Secret Manager)"
if ((DRY_RUN)); then
  note "(an existing secret gets 'gcloud secrets versions add NAME --data-file=-' when its value changed)"
fi
upsert_secret "$SECRET_MONGODB_URI" MONGODB_URI "$MONGODB_URI"
upsert_secret "$SECRET_KAFKA_API_KEY" KAFKA_API_KEY "$KAFKA_API_KEY"
upsert_secret "$SECRET_KAFKA_API_SECRET" KAFKA_API_SECRET "$KAFKA_API_SECRET"
runtime_secrets=("$SECRET_MONGODB_URI" "$SECRET_KAFKA_API_KEY" "$SECRET_KAFKA_API_SECRET")
if ((DEPLOY_API)); then
  upsert_secret "$SECRET_JWT_SECRET" JWT_SECRET "$JWT_SECRET"
  runtime_secrets+=("$SECRET_JWT_SECRET")
fi
for s in "${runtime_secrets[@]}"; do
  grant_secret "$s" "$RUNTIME_SA_EMAIL"
done

if ((DEPLOY_API)); then
  section "API service $API_SERVICE"
  render_file cloudrun/api-service.yaml "$RENDER_DIR/api-service.yaml"
  run_deploy gcloud run services replace "$RENDER_DIR/api-service.yaml" --region="$REGION" --project="$PROJECT_ID"
  if [[ $ALLOW_UNAUTHENTICATED == true ]]; then
    run gcloud run services add-iam-policy-binding "$API_SERVICE" --region="$REGION" \
      --member=allUsers --role=roles/run.invoker --project="$PROJECT_ID"
  else
    note "ALLOW_UNAUTHENTICATED=false: callers need roles/run.invoker"
  fi
fi

# worker_pool KIND POOL TEMPLATE GROUP LAG_THRESHOLD
deploy_worker() {
  local kind=$1 pool=$2 template=$3 group=$4 lag=$5
  local rendered="$RENDER_DIR/${kind}-worker-pool.yaml"
  local scaler="${pool}-scaler" config_secret="${SECRET_PREFIX}-${kind}-scaler-config"
  local job="${pool}-scaler-cron" scaler_url scaler_config

  section "Worker pool $pool (consumer group $group)"
  render_file "$template" "$rendered"
  # `worker-pools replace` takes the region from the manifest's location label or from the
  # run/region property (CLOUDSDK_RUN_REGION), not from a --region flag.
  run_deploy env CLOUDSDK_RUN_REGION="$REGION" gcloud beta run worker-pools replace "$rendered" --project="$PROJECT_ID"
  # Manual scaling, starting from WORKER_INITIAL_INSTANCES (0): from here on the autoscaler sets the
  # count. (The manifest says the same through annotations; this is the documented flag for it.)
  run gcloud beta run worker-pools update "$pool" --region="$REGION" --scaling="$WORKER_INITIAL_INSTANCES" \
    --project="$PROJECT_ID"

  section "Kafka autoscaler for $pool"
  # Read by render through ${!name}.
  # shellcheck disable=SC2034
  SCALER_TARGET="projects/${PROJECT_ID}/locations/${REGION}/workerpools/${pool}"
  # shellcheck disable=SC2034
  SCALER_LAG_THRESHOLD=$lag
  render cloudrun/kafka-scaler/scaler-config.yaml yaml >"$RENDER_DIR/${kind}-scaler-config.yaml"
  note "rendered cloudrun/kafka-scaler/scaler-config.yaml -> $RENDER_DIR/${kind}-scaler-config.yaml"
  scaler_config=$(<"$RENDER_DIR/${kind}-scaler-config.yaml")
  upsert_secret "$config_secret" "${kind} scaling config" "$scaler_config"
  grant_secret "$config_secret" "$SCALER_SA_EMAIL"
  run_deploy gcloud run deploy "$scaler" --image="$SCALER_IMAGE" --base-image="$SCALER_BASE_IMAGE" \
    --region="$REGION" --no-allow-unauthenticated --service-account="$SCALER_SA_EMAIL" \
    --max-instances="$SCALER_MAX_INSTANCES" \
    --update-secrets="${SCALER_KAFKA_CONFIG_PATH}=${SECRET_KAFKA_ADMIN}:latest,${SCALER_SCALING_CONFIG_PATH}=${config_secret}:latest" \
    --set-env-vars="CONSUMER_GROUP_ID=${group},KAFKA_TOPIC_ID=${KAFKA_TOPIC}" \
    --labels=app=opendrive,created-by=scaler-kafka --project="$PROJECT_ID"
  run gcloud run services add-iam-policy-binding "$scaler" --region="$REGION" \
    --member="serviceAccount:$SCHEDULER_SA_EMAIL" --role=roles/run.invoker --project="$PROJECT_ID"
  capture scaler_url "https://${scaler}-PROJECT_HASH.${REGION}.run.app" \
    gcloud run services describe "$scaler" --region="$REGION" --format='value(status.url)' --project="$PROJECT_ID"
  # The trigger: see cloudrun/kafka-scaler/autoscaler.conf.
  local job_flags=(--location="$REGION" --schedule="$SCALER_SCHEDULE" --uri="$scaler_url" --http-method="$SCALER_TRIGGER_HTTP_METHOD"
    --oidc-service-account-email="$SCHEDULER_SA_EMAIL" --oidc-token-audience="$scaler_url" --project="$PROJECT_ID")
  if probe gcloud scheduler jobs describe "$job" --location="$REGION" --project="$PROJECT_ID"; then
    run gcloud scheduler jobs update http "$job" "${job_flags[@]}"
  else
    run gcloud scheduler jobs create http "$job" "${job_flags[@]}"
  fi
}

if ((DEPLOY_WORKERS)); then
  section "Kafka autoscaler: admin client settings"
  kafka_admin_properties=$(render cloudrun/kafka-scaler/kafka-client.properties properties)
  upsert_secret "$SECRET_KAFKA_ADMIN" "rendered cloudrun/kafka-scaler/kafka-client.properties" "$kafka_admin_properties"
  grant_secret "$SECRET_KAFKA_ADMIN" "$SCALER_SA_EMAIL"
fi
if ((DEPLOY_THUMBNAIL)); then
  deploy_worker thumbnail "$THUMBNAIL_WORKER_POOL" cloudrun/thumbnail-worker-pool.yaml thumbnail-workers "$THUMBNAIL_LAG_THRESHOLD"
fi
if ((DEPLOY_SEARCH)); then
  deploy_worker search "$SEARCH_WORKER_POOL" cloudrun/search-worker-pool.yaml search-indexer-workers "$SEARCH_LAG_THRESHOLD"
fi

api_url=""
if ((DEPLOY_API)); then
  capture api_url "https://${API_SERVICE}-PROJECT_HASH.${REGION}.run.app" \
    gcloud run services describe "$API_SERVICE" --region="$REGION" --format='value(status.url)' --project="$PROJECT_ID"
fi

if ((!SKIP_MONITORING)); then
  section "Monitoring: log-based metrics, uptime check, alert policies, dashboard"
  mkdir -p "$RENDER_DIR/monitoring"
  apply_log_metrics
  UPTIME_CHECK_ID=""
  if ((DEPLOY_API)) && [[ $ALLOW_UNAUTHENTICATED == true ]]; then
    api_host=${api_url#https://}
    apply_uptime_check "${api_host%%/*}"
  elif ((DEPLOY_API)); then
    note "ALLOW_UNAUTHENTICATED=false: no public uptime check of $UPTIME_CHECK_PATH (it would get 403)"
  else
    note "API not deployed in this run: uptime check left as it is"
  fi
  for policy in "$MONITORING_DIR"/policies/*.json; do
    if [[ -z $UPTIME_CHECK_ID && $(<"$policy") == *"\${UPTIME_CHECK_ID}"* ]]; then
      note "skipped $policy (no uptime check in this run)"
      continue
    fi
    apply_alert_policy "$policy"
  done
  apply_dashboard
fi

section "Endpoints"
if ((DEPLOY_API)); then
  printf 'API:             %s\n' "$api_url"
  printf 'Health:          %s/api/health\n' "$api_url"
fi
if ((DEPLOY_THUMBNAIL)); then
  printf 'Worker pool:     %s (no URL; scaled by %s-scaler)\n' "$THUMBNAIL_WORKER_POOL" "$THUMBNAIL_WORKER_POOL"
fi
if ((DEPLOY_SEARCH)); then
  printf 'Worker pool:     %s (no URL; scaled by %s-scaler)\n' "$SEARCH_WORKER_POOL" "$SEARCH_WORKER_POOL"
fi
printf 'Console:         https://console.cloud.google.com/run?project=%s\n' "$PROJECT_ID"
if ((!SKIP_MONITORING)); then
  printf 'Dashboard:       https://console.cloud.google.com/monitoring/dashboards/custom/%s?project=%s\n' "$DASHBOARD_ID" "$PROJECT_ID"
fi
if [[ $RENDER_DIR != "$WORK_DIR/rendered" ]]; then
  printf 'Manifests:       %s\n' "$RENDER_DIR"
fi
if ((DRY_RUN)); then
  printf '\nDry run complete: no command was run.\n'
else
  printf '\nDeployment complete.\n'
fi
