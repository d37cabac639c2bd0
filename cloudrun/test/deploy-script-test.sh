#!/usr/bin/env bash
# Offline test of deploy-serverless-cloudrun.sh: runs it with a recording `gcloud` stub (and a
# `git` stub) first on PATH and checks the commands and flags it issues, the secrets it pipes in,
# and the manifests it renders. Nothing reaches Google Cloud or the network.
#
#   bash cloudrun/test/deploy-script-test.sh
#
# Ends with "N passed, M failed" (", K skipped" when an optional tool is missing) and exits
# non-zero on any failure. Optional: PyYAML (python3 -c 'import yaml') parses every manifest,
# and shellcheck, when installed, lints both scripts. DEPLOY_TEST_KEEP_RENDERED=DIR copies the
# rendered manifests to DIR (the JUnit wrapper parses them with SnakeYAML).
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SCRIPT="$ROOT/deploy-serverless-cloudrun.sh"
TEARDOWN="$ROOT/cloudrun/teardown.sh"
T=$(mktemp -d "${TMPDIR:-/tmp}/deploy-script-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/bin" "$T/tmp" "$T/home"

PASSED=0
FAILED=0
SKIPPED=0
CURRENT=""

begin() {
  CURRENT=$1
  printf -- '--- %s\n' "$1"
}
ok() {
  PASSED=$((PASSED + 1))
  printf 'ok    %s: %s\n' "$CURRENT" "$1"
}
bad() {
  FAILED=$((FAILED + 1))
  printf 'FAIL  %s: %s\n' "$CURRENT" "$1"
}
skip() {
  SKIPPED=$((SKIPPED + 1))
  printf 'skip  %s: %s\n' "$CURRENT" "$1"
}
# expect DESCRIPTION command...: one assertion
expect() {
  local what=$1
  shift
  if "$@"; then ok "$what"; else bad "$what"; fi
}
has() { grep -qF -- "$2" "$1"; }
lacks() { ! grep -qF -- "$2" "$1"; }
PLACEHOLDER="\${"  # a literal dollar and brace
lacks_re() { ! grep -qE -- "$2" "$1"; }
# lacks_all FILE STRING...: none of the fixed strings occurs in FILE
lacks_all() {
  local f=$1 s
  shift
  for s in "$@"; do
    grep -qF -- "$s" "$f" && return 1
  done
  return 0
}
# line_after_is FILE REGEX LINE: the line after the first one matching REGEX is exactly LINE
line_after_is() { [[ $(grep -m1 -A1 -E -- "$2" "$1" | sed -n 2p) == "$3" ]]; }
not() { ! "$@"; }
count_is() { [[ $(grep -cF -- "$2" "$1") -eq $3 ]]; }
lines_with() { grep -F -- "$2" "$1" || true; }

# --- stubs ----------------------------------------------------------------------------------
cat >"$T/bin/gcloud" <<'STUB'
#!/usr/bin/env bash
# Recording gcloud stub. STUB_DIR/calls gets one line per call (the arguments, space separated).
#   STUB_EXISTING   regex: a `... describe ...` call whose arguments match it succeeds (exists)
#   STUB_SECRET_<name with - as _>  what `secrets versions access latest --secret=<name>` prints
#   STUB_FAIL       regex: the first STUB_FAIL_TIMES (1) calls matching it fail with STUB_FAIL_MESSAGE
#                   (default: Cloud Run's error for a revision denied access to a secret)
#   STUB_IAM_LAG    `secrets get-iam-policy` shows a secret's bindings only from poll LAG+1 on
#   STUB_LISTED     regex: a `... list ...` call matching it lists one resource (alert policy, uptime
#                   check); an uptime check is also listed once `monitoring uptime create` ran
# Files passed with --config-from-file / --policy-from-file are copied to STUB_DIR/files/.
set -u
dir=${STUB_DIR:?}
args="$*"
printf '%s\n' "$args" >>"$dir/calls"
if [[ -n ${STUB_FAIL:-} && $args =~ $STUB_FAIL ]]; then
  failed=$(cat "$dir/failures" 2>/dev/null || echo 0)
  if ((failed < ${STUB_FAIL_TIMES:-1})); then
    echo $((failed + 1)) >"$dir/failures"
    printf '%s\n' "${STUB_FAIL_MESSAGE:-"ERROR: (gcloud) Revision 'x-00001-abc' is not ready and cannot serve traffic. spec.template.spec.containers[0].env[7].value_from.secret_key_ref.name: Permission denied on secret: projects/123456789012/secrets/opendrive-mongodb-uri/versions/latest for Revision service account opendrive-run@opendrive-test-123.iam.gserviceaccount.com. The service account used must be granted the 'Secret Manager Secret Accessor' role (roles/secretmanager.secretAccessor) at the secret, project or higher level."}" >&2
    exit 1
  fi
fi
case $args in
  "secrets add-iam-policy-binding "*)
    for a in "$@"; do
      case $a in --member=*) printf '%s %s\n' "$3" "${a#--member=}" >>"$dir/secret-bindings" ;; esac
    done
    exit 0 ;;
  "secrets get-iam-policy "*)
    polls=$(($(cat "$dir/polls-$3" 2>/dev/null || echo 0) + 1))
    echo "$polls" >"$dir/polls-$3"
    if ((polls > ${STUB_IAM_LAG:-0})); then
      awk -v s="$3" '$1 == s { print $2 }' "$dir/secret-bindings" 2>/dev/null
    fi
    exit 0 ;;
  "beta run worker-pools replace "*)
    printf '%s %s\n' "${CLOUDSDK_RUN_REGION:-unset}" "$args" >>"$dir/worker-pool-env"
    exit 0 ;;
  "run services describe "*"--format=value(status.url)"*)
    name=$4
    printf 'https://%s-stub-ew.a.run.app\n' "$name"
    exit 0 ;;
  *" --config-from-file="* | *" --policy-from-file="*)
    # keep every file handed to gcloud, to check its shape
    mkdir -p "$dir/files"
    for a in "$@"; do
      case $a in --config-from-file=* | --policy-from-file=*) f=${a#*=}; cp "$f" "$dir/files/$2-$3-${f##*/}" ;; esac
    done
    exit 0 ;;
  "monitoring uptime create "*)
    touch "$dir/uptime-created"
    exit 0 ;;
  "monitoring uptime list-configs "*)
    if [[ -e $dir/uptime-created || ( -n ${STUB_LISTED:-} && $args =~ $STUB_LISTED ) ]]; then
      printf 'projects/opendrive-test-123/uptimeCheckConfigs/opendrive-api-api-health-a1b2c3\n'
    fi
    exit 0 ;;
  *" list "*)
    if [[ -n ${STUB_LISTED:-} && $args =~ $STUB_LISTED ]]; then printf 'projects/opendrive-test-123/alertPolicies/1234567890\n'; fi
    exit 0 ;;
  "monitoring dashboards describe "*"--format=value(etag)"*)
    if [[ -n ${STUB_EXISTING:-} && $args =~ $STUB_EXISTING ]]; then printf 'etag-from-stub\n'; exit 0; fi
    exit 1 ;;
  "projects describe "*"--format=value(projectNumber)"*)
    printf '123456789012\n'
    exit 0 ;;
  "secrets versions access latest "*)
    for a in "$@"; do
      case $a in --secret=*) name=${a#--secret=} ;; esac
    done
    var="STUB_SECRET_${name//-/_}"
    printf '%s' "${!var:-previous-value}"
    exit 0 ;;
  "secrets create "* | "secrets versions add "*)
    if [[ $1 == secrets && $2 == create ]]; then name=$3; else name=$4; fi
    mkdir -p "$dir/stdin"
    cat >"$dir/stdin/$name"
    exit 0 ;;
  *" describe "*)
    if [[ -n ${STUB_EXISTING:-} && $args =~ $STUB_EXISTING ]]; then exit 0; fi
    echo "ERROR: (gcloud) NOT_FOUND (stub)" >&2
    exit 1 ;;
esac
exit 0
STUB
cat >"$T/bin/git" <<'STUB'
#!/usr/bin/env bash
# Recording git stub: `clone` creates the target directory; in a clone, `fetch` remembers the ref
# and `rev-parse HEAD` prints it (or STUB_GIT_HEAD); anything else fails (no repository).
printf 'git %s\n' "$*" >>"${STUB_DIR:?}/calls"
if [[ ${1:-} == clone ]]; then mkdir -p "${!#}"; exit 0; fi
if [[ ${1:-} == -C && -d ${2:-} && $2 == *cloud-run-kafka-scaler ]]; then
  case ${3:-} in
    fetch) printf '%s' "${!#}" >"$2/.stub-fetched"; exit 0 ;;
    checkout) exit 0 ;;
    rev-parse) printf '%s\n' "${STUB_GIT_HEAD:-$(cat "$2/.stub-fetched")}"; exit 0 ;;
  esac
fi
exit 1
STUB
chmod +x "$T/bin/gcloud" "$T/bin/git"

# A filled-in env file with fake, non-placeholder values.
REAL_ENV="$T/real.env"
cat >"$REAL_ENV" <<'ENV'
# test settings
PROJECT_ID=opendrive-test-123
REGION=us-central1
MONGODB_URI="mongodb+srv://opendrive:s3cr3t-pw@cluster0.abcde.mongodb.net/?retryWrites=true&w=majority"
JWT_SECRET=jwt-0123456789abcdef0123456789abcdef
GCS_BUCKET=opendrive-test-files
KAFKA_BOOTSTRAP_SERVERS=pkc-test1.us-central1.gcp.confluent.cloud:9092
KAFKA_API_KEY=TESTKEY4567
KAFKA_API_SECRET=test/Secret+Value=
SCALER_SCHEDULE="* * * * *"
ENV

# deploy NAME [ENV=VALUE...] -- script args...: runs the script in a clean environment with the
# stubs first on PATH; output in $T/NAME.out / .err, stub records in $T/NAME/. teardown: the same
# for cloudrun/teardown.sh (standard input is /dev/null, not a terminal).
deploy() { invoke "$SCRIPT" "$@"; }
teardown() { invoke "$TEARDOWN" "$@"; }
invoke() {
  local script=$1 name=$2
  shift 2
  local envs=()
  while (($#)) && [[ $1 != -- ]]; do
    envs+=("$1")
    shift
  done
  shift
  mkdir -p "$T/$name"
  : >"$T/$name/calls"
  env -i PATH="$T/bin:$PATH" HOME="$T/home" TMPDIR="$T/tmp" STUB_DIR="$T/$name" \
    IMAGE_TAG=t1 IAM_PROPAGATION_SECONDS=0 SECRET_IAM_POLL_SECONDS=0 DEPLOY_RETRY_DELAY_SECONDS=0 \
    ${envs[@]+"${envs[@]}"} \
    bash "$script" "$@" >"$T/$name.out" 2>"$T/$name.err" </dev/null
  STATUS=$?
  CALLS="$T/$name/calls"
  OUT="$T/$name.out"
  ERR="$T/$name.err"
}

# --- 1. dry run with the committed template ---------------------------------------------------
begin "dry-run with the template env"
deploy dry -- --dry-run --env-file "$ROOT/.env.cloudrun" --render-dir "$T/dry/rendered"
expect "exits 0" [ "$STATUS" -eq 0 ]
expect "runs no gcloud (and no git)" [ ! -s "$CALLS" ]
expect "says it is a dry run" has "$OUT" "Dry run complete: no command was run."
expect "warns about the template placeholders" has "$ERR" "template placeholders"
expect "enables run, cloudbuild, artifactregistry, secretmanager, cloudscheduler" \
  grep -qE '^\+ gcloud services enable .*run\.googleapis\.com.*cloudbuild\.googleapis\.com.*artifactregistry\.googleapis\.com.*secretmanager\.googleapis\.com.*cloudscheduler\.googleapis\.com' "$OUT"
expect "creates the Artifact Registry repository" has "$OUT" "+ gcloud artifacts repositories create opendrive --repository-format=docker --location=europe-west1"
for m in api workers/thumbnail/app workers/search-indexer/app; do
  expect "builds $m with Cloud Build and its Dockerfile.jvm (the default BUILD_MODE)" \
    grep -qE "^\+ gcloud builds submit \. --config=cloudrun/cloudbuild\.yaml --ignore-file=cloudrun/gcloudignore .*_DOCKERFILE=${m//\//\\/}/src/main/docker/Dockerfile\.jvm,_TARGET=runtime,_IMAGE=europe-west1-docker\.pkg\.dev/change-me-project-id/opendrive/" "$OUT"
done
expect "builds the Kafka autoscaler from Google's repository" has "$OUT" "+ git clone --depth=1 https://github.com/GoogleCloudPlatform/cloud-run-kafka-scaler.git"
expect "creates all 7 secrets" count_is "$OUT" "+ gcloud secrets create " 7
expect "deploys the API with services replace" has "$OUT" "+ gcloud run services replace $T/dry/rendered/api-service.yaml --region=europe-west1"
expect "makes the API public" has "$OUT" "+ gcloud run services add-iam-policy-binding opendrive-api --region=europe-west1 --member=allUsers --role=roles/run.invoker"
expect "replaces both worker pools" count_is "$OUT" "gcloud beta run worker-pools replace " 2
expect "deploys two Kafka autoscalers" count_is "$OUT" "+ gcloud run deploy opendrive-" 2
expect "creates two Cloud Scheduler triggers" count_is "$OUT" "+ gcloud scheduler jobs create http " 2
expect "prints the API URL" grep -qE '^API: +https://' "$OUT"
expect "never prints MONGODB_URI" lacks "$OUT" "mongodb+srv://opendrive:CHANGE_ME"
expect "never prints JWT_SECRET" lacks "$OUT" "CHANGE_ME-generate-with-openssl"
expect "never prints KAFKA_API_SECRET" lacks "$OUT" "CHANGE_ME_API_SECRET"

# --- 2. no gcloud at all --------------------------------------------------------------------
begin "dry-run without gcloud installed"
mkdir -p "$T/minbin"
for tool in bash mktemp rm mkdir dirname date; do
  ln -s "$(command -v "$tool")" "$T/minbin/$tool"
done
env -i PATH="$T/minbin" HOME="$T/home" TMPDIR="$T/tmp" IMAGE_TAG=t1 \
  "$T/minbin/bash" "$SCRIPT" --dry-run --env-file "$ROOT/.env.cloudrun" >"$T/nogcloud.out" 2>"$T/nogcloud.err"
STATUS=$?
expect "gcloud is not on PATH" [ ! -e "$T/minbin/gcloud" ]
expect "exits 0" [ "$STATUS" -eq 0 ]
expect "prints the whole deployment" has "$T/nogcloud.out" "Dry run complete: no command was run."

# --- 3. missing settings ----------------------------------------------------------------------
begin "missing variables"
printf 'PROJECT_ID=opendrive-test-123\n# nothing else\n' >"$T/partial.env"
deploy missing -- --env-file "$T/partial.env"
expect "exits non-zero" [ "$STATUS" -ne 0 ]
for v in REGION MONGODB_URI JWT_SECRET GCS_BUCKET KAFKA_BOOTSTRAP_SERVERS KAFKA_API_KEY KAFKA_API_SECRET; do
  expect "lists $v" grep -qE "^  $v\$" "$ERR"
done
expect "does not list PROJECT_ID" lacks "$ERR" "  PROJECT_ID"
expect "runs nothing" [ ! -s "$CALLS" ]

# --- 4. template placeholders refused for real ------------------------------------------------
begin "real run with the template env"
deploy template -- --env-file "$ROOT/.env.cloudrun"
expect "exits non-zero" [ "$STATUS" -ne 0 ]
expect "names the placeholders" grep -qE '^  (MONGODB_URI|KAFKA_API_SECRET)$' "$ERR"
expect "runs nothing" [ ! -s "$CALLS" ]

# --- 5. complete deployment against the stub --------------------------------------------------
begin "full deployment"
deploy full -- --env-file "$REAL_ENV" --render-dir "$T/full/rendered"
expect "exits 0" [ "$STATUS" -eq 0 ]
expect "enables the APIs" grep -qE '^services enable .*run\.googleapis\.com.*secretmanager\.googleapis\.com.*cloudscheduler\.googleapis\.com' "$CALLS"
expect "creates the repository when missing" has "$CALLS" "artifacts repositories create opendrive --repository-format=docker --location=us-central1"
expect "creates the runtime service account" has "$CALLS" "iam service-accounts create opendrive-run "
expect "creates the bucket with uniform access" has "$CALLS" "storage buckets create gs://opendrive-test-files --location=us-central1 --uniform-bucket-level-access"
expect "grants the bucket to the runtime account" has "$CALLS" "storage buckets add-iam-policy-binding gs://opendrive-test-files --member=serviceAccount:opendrive-run@opendrive-test-123.iam.gserviceaccount.com --role=roles/storage.objectAdmin"
expect "three service images built" count_is "$CALLS" "builds submit . --config=cloudrun/cloudbuild.yaml" 3
expect "image tag used" has "$CALLS" "_IMAGE=us-central1-docker.pkg.dev/opendrive-test-123/opendrive/opendrive-api:t1"
expect "the worker images are built" grep -qE '_DOCKERFILE=workers/' "$CALLS"
expect "worker images keep the Dockerfiles' default" lacks_re "$CALLS" '_DOCKERFILE=workers/[^ ]*_EMBEDDED_DB'
expect "autoscaler image built from the clone" grep -qE '^builds submit .*/cloud-run-kafka-scaler --tag=us-central1-docker\.pkg\.dev/opendrive-test-123/opendrive/kafka-scaler:t1' "$CALLS"
# Builds (issue item 6): explicit timeout, explicit source bucket, xmx only for native builds.
expect "every service build has a timeout and the source bucket" \
  count_is "$CALLS" "builds submit . --config=cloudrun/cloudbuild.yaml --ignore-file=cloudrun/gcloudignore --machine-type=e2-highcpu-8 --timeout=3600s --gcs-source-staging-dir=gs://opendrive-test-123_cloudbuild/source --substitutions=" 3
expect "JVM builds pass no native-image heap" lacks "$CALLS" "_NATIVE_IMAGE_XMX"
expect "autoscaler build has its own timeout" grep -qE '^builds submit .*/cloud-run-kafka-scaler --tag=\S+ --timeout=1800s --gcs-source-staging-dir=gs://opendrive-test-123_cloudbuild/source ' "$CALLS"
# The autoscaler's source is pinned: fetched at SCALER_SOURCE_REF and checked out before the build.
SCALER_REF=$(sed -n 's/^SCALER_SOURCE_REF=//p' "$ROOT/cloudrun/defaults.env")
expect "SCALER_SOURCE_REF is a full commit SHA" grep -qE '^[0-9a-f]{40}$' <<<"$SCALER_REF"
expect "autoscaler source fetched at SCALER_SOURCE_REF" grep -qE "^git -C \S+/cloud-run-kafka-scaler fetch --depth=1 origin $SCALER_REF\$" "$CALLS"
expect "and checked out" grep -qE '^git -C \S+/cloud-run-kafka-scaler checkout --quiet --detach FETCH_HEAD$' "$CALLS"
expect "checked out before the autoscaler build" \
  [ "$(grep -n 'checkout --quiet --detach' "$CALLS" | cut -d: -f1)" -lt "$(grep -n 'cloud-run-kafka-scaler --tag=' "$CALLS" | cut -d: -f1)" ]
expect "prints the autoscaler revision" has "$OUT" "autoscaler source at $SCALER_REF"
# First-run IAM for Cloud Build (issue item 7): the Compute Engine default account of the project.
BUILD_SA=123456789012-compute@developer.gserviceaccount.com
expect "looks up the project number" has "$CALLS" "projects describe opendrive-test-123 --format=value(projectNumber)"
expect "creates the build source bucket when missing" has "$CALLS" "storage buckets create gs://opendrive-test-123_cloudbuild --location=us-central1 --uniform-bucket-level-access"
expect "build account may read the uploaded source" has "$CALLS" "storage buckets add-iam-policy-binding gs://opendrive-test-123_cloudbuild --member=serviceAccount:$BUILD_SA --role=roles/storage.objectViewer"
expect "build account may push to the repository" has "$CALLS" "artifacts repositories add-iam-policy-binding opendrive --location=us-central1 --member=serviceAccount:$BUILD_SA --role=roles/artifactregistry.writer"
expect "build account may write build logs" has "$CALLS" "projects add-iam-policy-binding opendrive-test-123 --member=serviceAccount:$BUILD_SA --role=roles/logging.logWriter --condition=None --quiet"
expect "build account granted before the first build" \
  [ "$(grep -n 'roles/artifactregistry.writer' "$CALLS" | cut -d: -f1)" -lt "$(grep -n 'builds submit' "$CALLS" | head -1 | cut -d: -f1)" ]
expect "API deployed from the rendered manifest" has "$CALLS" "run services replace $T/full/rendered/api-service.yaml --region=us-central1 --project=opendrive-test-123"
expect "worker pools get the region through CLOUDSDK_RUN_REGION" [ "$(cut -d' ' -f1 "$T/full/worker-pool-env" | sort -u)" = us-central1 ]
expect "both worker pools replaced" count_is "$T/full/worker-pool-env" "beta run worker-pools replace " 2
expect "worker pools start from 0 instances (manual scaling)" count_is "$CALLS" "--region=us-central1 --scaling=0 " 2
expect "autoscaler mounts both secrets" has "$CALLS" "--update-secrets=/kafka-config/kafka-client-properties=opendrive-kafka-admin-client:latest,/scaler-config/scaling=opendrive-thumbnail-scaler-config:latest"
expect "autoscaler watches the thumbnail group" has "$CALLS" "--set-env-vars=CONSUMER_GROUP_ID=thumbnail-workers,KAFKA_TOPIC_ID=file-events"
expect "autoscaler watches the search group" has "$CALLS" "--set-env-vars=CONSUMER_GROUP_ID=search-indexer-workers,KAFKA_TOPIC_ID=file-events"
expect "autoscaler layered on the base image of autoscaler.conf" has "$CALLS" "--base-image=us-central1-docker.pkg.dev/serverless-runtimes/google-22/runtimes/java17 "
expect "autoscaler is private, one instance" grep -qE '^run deploy opendrive-thumbnail-worker-scaler .*--no-allow-unauthenticated .*--max-instances=1' "$CALLS"
expect "scheduler POSTs to the autoscaler URL with an OIDC token" \
  has "$CALLS" "scheduler jobs create http opendrive-thumbnail-worker-scaler-cron --location=us-central1 --schedule=* * * * * --uri=https://opendrive-thumbnail-worker-scaler-stub-ew.a.run.app --http-method=POST --oidc-service-account-email=opendrive-scaler-cron@opendrive-test-123.iam.gserviceaccount.com --oidc-token-audience=https://opendrive-thumbnail-worker-scaler-stub-ew.a.run.app"
expect "scheduler may invoke the autoscaler" has "$CALLS" "run services add-iam-policy-binding opendrive-search-indexer-scaler --region=us-central1 --member=serviceAccount:opendrive-scaler-cron@opendrive-test-123.iam.gserviceaccount.com --role=roles/run.invoker"
expect "prints the URL the service got" grep -qE '^API: +https://opendrive-api-stub-ew\.a\.run\.app$' "$OUT"
expect "prints the health URL" has "$OUT" "https://opendrive-api-stub-ew.a.run.app/api/health"
expect "repository created before the first build" \
  [ "$(grep -n 'artifacts repositories create' "$CALLS" | cut -d: -f1)" -lt "$(grep -n 'builds submit' "$CALLS" | head -1 | cut -d: -f1)" ]
expect "secrets created before the API is deployed" \
  [ "$(grep -n 'secrets create opendrive-jwt-secret' "$CALLS" | cut -d: -f1)" -lt "$(grep -n 'run services replace' "$CALLS" | cut -d: -f1)" ]
# The race between secret grants and the first revision (issue item 7).
expect "every secret grant is followed by a look at the secret's policy" \
  [ "$(grep -c '^secrets get-iam-policy ' "$CALLS")" -eq "$(grep -c '^secrets add-iam-policy-binding .*--role=roles/secretmanager.secretAccessor' "$CALLS")" ]
expect "the poll asks for secretAccessor members" \
  has "$CALLS" "secrets get-iam-policy opendrive-mongodb-uri --project=opendrive-test-123 --flatten=bindings[].members --filter=bindings.role=roles/secretmanager.secretAccessor --format=value(bindings.members)"
expect "bindings seen before the API is deployed" \
  [ "$(grep -n 'secrets get-iam-policy opendrive-jwt-secret' "$CALLS" | cut -d: -f1)" -lt "$(grep -n 'run services replace' "$CALLS" | cut -d: -f1)" ]
expect "autoscaler's bindings seen before it is deployed" \
  [ "$(grep -n 'secrets get-iam-policy opendrive-thumbnail-scaler-config' "$CALLS" | cut -d: -f1)" -lt "$(grep -n 'run deploy opendrive-thumbnail-worker-scaler' "$CALLS" | cut -d: -f1)" ]
expect "no deploy needed a retry" lacks "$OUT" "retry 1 of"
expect "Kafka admin secret rendered without placeholders" lacks "$T/full/stdin/opendrive-kafka-admin-client" "$PLACEHOLDER"
expect "Kafka admin secret uses SASL PLAIN with the key" \
  has "$T/full/stdin/opendrive-kafka-admin-client" 'sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="TESTKEY4567" password="test/Secret+Value=";'
expect "Kafka admin secret names the cluster" has "$T/full/stdin/opendrive-kafka-admin-client" "bootstrap.servers=pkc-test1.us-central1.gcp.confluent.cloud:9092"

# --- 6. --only api ------------------------------------------------------------------------------
begin "--only api"
deploy onlyapi -- --env-file "$REAL_ENV" --only api
expect "exits 0" [ "$STATUS" -eq 0 ]
expect "builds the API image" has "$CALLS" "_DOCKERFILE=api/src/main/docker/Dockerfile.jvm,_TARGET=runtime,"
expect "the API image leaves the embedded database out" grep -qE '_DOCKERFILE=api/[^ ]*,_EMBEDDED_DB=false' "$CALLS"
expect "builds one image only" count_is "$CALLS" "builds submit" 1
expect "deploys the API" has "$CALLS" "run services replace "
expect "creates the JWT secret" has "$CALLS" "secrets create opendrive-jwt-secret"
expect "no worker pool" lacks "$CALLS" "worker-pools"
expect "no autoscaler" lacks "$CALLS" "run deploy"
expect "no scheduler" lacks "$CALLS" "scheduler"
expect "no autoscaler accounts or clone" lacks_re "$CALLS" 'opendrive-kafka-scaler|opendrive-scaler-cron|git clone'
expect "no scheduler API enabled" lacks "$CALLS" "cloudscheduler.googleapis.com"

begin "--only thumbnail"
deploy onlythumb -- --env-file "$REAL_ENV" --only thumbnail
expect "exits 0" [ "$STATUS" -eq 0 ]
expect "one worker pool" count_is "$CALLS" "beta run worker-pools replace " 1
expect "it is the thumbnail pool" has "$T/onlythumb/worker-pool-env" "thumbnail-worker-pool.yaml"
expect "no API deployment" lacks "$CALLS" "run services replace"
expect "no JWT secret" lacks "$CALLS" "opendrive-jwt-secret"
expect "no search autoscaler" lacks "$CALLS" "opendrive-search-indexer-scaler"

# --- 7. secrets: create when missing, add a version when present -------------------------------
begin "secrets"
deploy secrets \
  'STUB_EXISTING=^secrets describe opendrive-(mongodb-uri|jwt-secret) ' \
  'STUB_SECRET_opendrive_mongodb_uri=mongodb+srv://old:old@old.example.net/' \
  'STUB_SECRET_opendrive_jwt_secret=jwt-0123456789abcdef0123456789abcdef' \
  -- --env-file "$REAL_ENV" --only api
expect "exits 0" [ "$STATUS" -eq 0 ]
expect "existing, changed secret gets a new version" has "$CALLS" "secrets versions add opendrive-mongodb-uri --data-file=-"
expect "existing secret is not created again" lacks "$CALLS" "secrets create opendrive-mongodb-uri"
expect "existing, unchanged secret is left alone" lacks_re "$CALLS" 'secrets (create|versions add) opendrive-jwt-secret'
expect "unchanged secret reported" has "$OUT" "secret opendrive-jwt-secret unchanged"
expect "missing secret is created" has "$CALLS" "secrets create opendrive-kafka-api-secret --replication-policy=automatic --data-file=-"
expect "new version carries the new value (stdin)" \
  [ "$(cat "$T/secrets/stdin/opendrive-mongodb-uri")" = "mongodb+srv://opendrive:s3cr3t-pw@cluster0.abcde.mongodb.net/?retryWrites=true&w=majority" ]
expect "created secret carries its value (stdin)" [ "$(cat "$T/secrets/stdin/opendrive-kafka-api-secret")" = "test/Secret+Value=" ]
expect "no secret value on a command line" lacks_all "$CALLS" "s3cr3t-pw" "test/Secret+Value=" "jwt-0123456789abcdef"
expect "runtime account may read each secret" count_is "$CALLS" "--role=roles/secretmanager.secretAccessor" 4

begin "re-run over existing resources"
deploy rerun 'STUB_EXISTING=describe' 'STUB_LISTED=list' -- --env-file "$REAL_ENV"
expect "exits 0" [ "$STATUS" -eq 0 ]
expect "repository not created again" lacks "$CALLS" "artifacts repositories create"
expect "service accounts not created again" lacks "$CALLS" "iam service-accounts create"
expect "buckets (files, build source) not created again" lacks "$CALLS" "storage buckets create"
expect "secrets not created again" lacks "$CALLS" "secrets create"
expect "scheduler jobs updated, not created" count_is "$CALLS" "scheduler jobs update http " 2
expect "no scheduler job created" lacks "$CALLS" "scheduler jobs create"

# --- 7b. IAM propagation: waiting for the binding, retrying the deploy -----------------------------
begin "secret grants and the first revision"
deploy iamlag STUB_IAM_LAG=2 -- --env-file "$REAL_ENV" --only api
expect "exits 0" [ "$STATUS" -eq 0 ]
expect "polls until the binding shows (3 polls with a lag of 2)" count_is "$CALLS" "secrets get-iam-policy opendrive-mongodb-uri " 3
expect "says how long it took" has "$OUT" "serviceAccount:opendrive-run@opendrive-test-123.iam.gserviceaccount.com listed on opendrive-mongodb-uri after 3 polls"
deploy iamnever STUB_IAM_LAG=1000 SECRET_IAM_WAIT_SECONDS=3 -- --env-file "$REAL_ENV" --only api
expect "a binding that never shows: bounded polling (1 + 3)" count_is "$CALLS" "secrets get-iam-policy opendrive-mongodb-uri " 4
expect "warns and goes on" has "$OUT" "not listed on opendrive-mongodb-uri after 3s; going on"
expect "and still deploys" [ "$STATUS" -eq 0 ]
deploy retryapi 'STUB_FAIL=^run services replace ' -- --env-file "$REAL_ENV" --only api
expect "first API deploy denied the secret: exits 0 after a retry" [ "$STATUS" -eq 0 ]
expect "the API deploy ran twice" count_is "$CALLS" "run services replace " 2
expect "the retry is announced" has "$OUT" "permission error: an IAM grant is probably not in force yet; retry 1 of 4 in 0s"
expect "the error reached the user" has "$ERR" "Permission denied on secret: projects/123456789012/secrets/opendrive-mongodb-uri"
expect "the public access grant follows the successful deploy" \
  [ "$(grep -n 'run services replace' "$CALLS" | tail -1 | cut -d: -f1)" -lt "$(grep -n 'member=allUsers' "$CALLS" | cut -d: -f1)" ]
deploy retrypool 'STUB_FAIL=^beta run worker-pools replace .*thumbnail' -- --env-file "$REAL_ENV" --only thumbnail
expect "worker pool deploy retried" [ "$(grep -c 'thumbnail-worker-pool.yaml' "$T/retrypool/worker-pool-env")" -eq 1 ]
expect "worker pool: two attempts, one recorded success" count_is "$CALLS" "beta run worker-pools replace " 2
expect "worker pool: exits 0" [ "$STATUS" -eq 0 ]
deploy retryscaler 'STUB_FAIL=^run deploy opendrive-search-indexer-scaler ' STUB_FAIL_TIMES=2 -- --env-file "$REAL_ENV" --only search
expect "autoscaler deploy retried twice" count_is "$CALLS" "run deploy opendrive-search-indexer-scaler " 3
expect "autoscaler: exits 0" [ "$STATUS" -eq 0 ]
expect "autoscaler: second retry announced" has "$OUT" "retry 2 of 4"
deploy retrybounded 'STUB_FAIL=^run services replace ' STUB_FAIL_TIMES=99 DEPLOY_RETRIES=2 -- --env-file "$REAL_ENV" --only api
expect "retries are bounded: 1 + DEPLOY_RETRIES attempts" count_is "$CALLS" "run services replace " 3
expect "then the script fails" [ "$STATUS" -ne 0 ]
expect "and stops there" lacks "$CALLS" "member=allUsers"
deploy noretry 'STUB_FAIL=^run services replace ' 'STUB_FAIL_MESSAGE=ERROR: (gcloud.run.services.replace) INVALID_ARGUMENT: spec.template: unknown field' \
  -- --env-file "$REAL_ENV" --only api
expect "any other deploy error is not retried" count_is "$CALLS" "run services replace " 1
expect "and fails the script" [ "$STATUS" -ne 0 ]
expect "with gcloud's message" has "$ERR" "INVALID_ARGUMENT: spec.template: unknown field"

# --- 7c. monitoring ------------------------------------------------------------------------------------
begin "monitoring"
CALLS="$T/full/calls"
M="$ROOT/cloudrun/monitoring"
F="$T/full/files"
CHECK="$ROOT/cloudrun/test/check_monitoring.py"
HAVE_PY=0
if command -v python3 >/dev/null 2>&1; then HAVE_PY=1; fi
# json_ok FILE: parses as JSON (python3, else jq)
json_ok() {
  if ((HAVE_PY)); then python3 -m json.tool "$1" >/dev/null 2>&1
  elif command -v jq >/dev/null 2>&1; then jq -e . "$1" >/dev/null 2>&1
  else return 0; fi
}
# shape_ok KIND FILE...: the API resource's fields and OpenDrive's conventions (check_monitoring.py)
shape_ok() { python3 "$CHECK" "$@"; }
metric_names=()
for f in "$M"/metrics/*.json; do metric_names+=("$(basename "$f" .json)"); done
expect "six log-based metrics defined" [ "${#metric_names[@]}" -eq 6 ]
expect "the logging and monitoring APIs enabled" grep -qE '^services enable .*monitoring\.googleapis\.com.*logging\.googleapis\.com' "$CALLS"
for name in "${metric_names[@]}"; do
  expect "log metric $name created from its rendered file" \
    has "$CALLS" "logging metrics create $name --config-from-file=$T/full/rendered/monitoring/metric-$name.json --project=opendrive-test-123"
done
expect "uptime check on the API's own URL" \
  has "$CALLS" "monitoring uptime create opendrive-api /api/health --resource-type=uptime-url --resource-labels=host=opendrive-api-stub-ew.a.run.app,project_id=opendrive-test-123 --protocol=https --port=443 --path=/api/health --period=5 --timeout=10 --status-classes=2xx --validate-ssl=true --user-labels=app=opendrive --project=opendrive-test-123"
expect "uptime check looked up by display name, before and after creating it" \
  count_is "$CALLS" "monitoring uptime list-configs --project=opendrive-test-123 --filter=displayName=\"opendrive-api /api/health\" --format=value(name)" 2
expect "every alert policy looked up by display name" count_is "$CALLS" "monitoring policies list --project=opendrive-test-123 --filter=displayName=" 5
expect "five alert policies created from files" count_is "$CALLS" "monitoring policies create --policy-from-file=$T/full/rendered/monitoring/policy-" 5
expect "the uptime policy watches the check just created" \
  has "$T/full/rendered/monitoring/policy-api-uptime.json" 'metric.label.check_id=\"opendrive-api-api-health-a1b2c3\"'
expect "dashboard created from its file" has "$CALLS" "monitoring dashboards create --config-from-file=$T/full/rendered/monitoring/dashboard.json --project=opendrive-test-123"
expect "metrics exist before the policies that use them" \
  [ "$(grep -n '^logging metrics create' "$CALLS" | tail -1 | cut -d: -f1)" -lt "$(grep -n '^monitoring policies create' "$CALLS" | head -1 | cut -d: -f1)" ]
expect "monitoring set up after the services are deployed" \
  [ "$(grep -n '^run deploy ' "$CALLS" | tail -1 | cut -d: -f1)" -lt "$(grep -n '^logging metrics create' "$CALLS" | head -1 | cut -d: -f1)" ]
expect "prints the dashboard's address" has "$T/full.out" "Dashboard:       https://console.cloud.google.com/monitoring/dashboards/custom/opendrive?project=opendrive-test-123"
sent=("$F"/*.json)
expect "12 files handed to gcloud (6 metrics, 5 policies, 1 dashboard)" [ "${#sent[@]}" -eq 12 ]
for f in "${sent[@]}"; do
  expect "sent file ${f##*/} parses as JSON" json_ok "$f"
  expect "sent file ${f##*/} has no placeholder left" lacks "$f" "$PLACEHOLDER"
done
if ((HAVE_PY)); then
  expect "metric files are LogMetric resources" shape_ok metric "$F"/metrics-create-*.json
  expect "policy files are AlertPolicy resources" shape_ok policy "$F"/policies-create-*.json
  expect "the dashboard file is a Dashboard resource" shape_ok dashboard "$F"/dashboards-create-*.json
  expect "templates: metrics" shape_ok metric "$M"/metrics/*.json
  expect "templates: policies" shape_ok policy "$M"/policies/*.json
  expect "templates: dashboard" shape_ok dashboard "$M"/dashboard.json
  cat >"$T/broken-policy.json" <<'JSON'
{"displayName": "x", "conditions": [{"displayName": "c", "conditionThreshold":
  {"filter": "x", "comparison": "GT", "thresholdValue": 0, "duration": "5m"}}]}
JSON
  expect "the checker refuses a broken policy" not shape_ok policy "$T/broken-policy.json"
else
  skip "python3 not installed: resource shapes not checked"
fi
D="$F/metrics-create-metric-opendrive_dead_letters.json"
expect "dead letters counted in worker pools (their own resource type) and services" \
  has "$D" '(resource.type=\"cloud_run_worker_pool\" OR resource.type=\"cloud_run_revision\") AND jsonPayload.event=\"delivery.dead_letter\"'
expect "dead letters labelled by handler, transport and reason" has "$D" '"handler": "EXTRACT(jsonPayload.handler)"'
expect "outbox metrics limited to the API service" \
  has "$F/metrics-create-metric-opendrive_outbox_outages.json" 'resource.labels.service_name=\"opendrive-api\" AND jsonPayload.event=\"outbox.outage\"'
expect "outbox backlog is a distribution of the outage's pending count" \
  has "$F/metrics-create-metric-opendrive_outbox_pending_at_outage.json" '"valueExtractor": "EXTRACT(jsonPayload.pending)"'
expect "autoscaler errors: both autoscaler services" \
  has "$F/metrics-create-metric-opendrive_scaler_errors.json" 'resource.labels.service_name=(\"opendrive-thumbnail-worker-scaler\" OR \"opendrive-search-indexer-scaler\")'
expect "autoscaler errors: both scheduler triggers" \
  has "$F/metrics-create-metric-opendrive_scaler_errors.json" 'resource.labels.job_id=(\"opendrive-thumbnail-worker-scaler-cron\" OR \"opendrive-search-indexer-scaler-cron\")'
P5="$F/policies-create-policy-api-5xx-rate.json"
expect "5xx alert uses Cloud Run's built-in request count, by response class" \
  has "$P5" 'metric.type=\"run.googleapis.com/request_count\" AND resource.type=\"cloud_run_revision\" AND resource.label.service_name=\"opendrive-api\" AND metric.label.response_code_class=\"5xx\"'
expect "5xx alert is a ratio of all responses" has "$P5" '"denominatorFilter"'
expect "dead-letter alert fires on the first event" has "$F/policies-create-policy-dead-letters.json" '"thresholdValue": 0,'
expect "dashboard created under a fixed ID" has "$F/dashboards-create-dashboard.json" '"name": "projects/opendrive-test-123/dashboards/opendrive"'
# Every event a metric counts is one the applications log and docs/operations.md describes.
events=$(grep -ohE 'jsonPayload\.event=\\"[a-z_.]+\\"' "$M"/metrics/*.json | sed -E 's/.*=\\"(.*)\\"/\1/' | sort -u)
expect "metrics count four application events" [ "$(wc -l <<<"$events")" -eq 4 ]
for ev in $events; do
  expect "event $ev is logged by the applications" \
    grep -rqE --include=*.java "(LogEvent\.of|log)\(\"${ev//./\\.}\"\)" "$ROOT/api/src/main" "$ROOT/common" "$ROOT/workers"
  expect "event $ev is described in docs/operations.md" has "$ROOT/docs/operations.md" "$ev"
done
# Policies and the dashboard use only log-based metrics that are defined.
while IFS= read -r used; do
  expect "${used#*/user/} is defined in cloudrun/monitoring/metrics/" [ -f "$M/metrics/${used#*/user/}.json" ]
done < <(grep -ohE 'logging\.googleapis\.com/user/[a-z_]+' "$M"/policies/*.json "$M"/dashboard.json | sort -u)

CALLS="$T/rerun/calls"
F="$T/rerun/files"
expect "re-run: log metrics updated, not created" [ "$(grep -c '^logging metrics update ' "$CALLS")" -eq 6 ] && lacks "$CALLS" "logging metrics create"
expect "re-run: policies replaced in place" count_is "$CALLS" "monitoring policies update projects/opendrive-test-123/alertPolicies/1234567890 --policy-from-file=" 5
expect "re-run: no policy created" lacks "$CALLS" "monitoring policies create"
expect "re-run: uptime check updated, not created" \
  has "$CALLS" "monitoring uptime update opendrive-api-api-health-a1b2c3 --path=/api/health --period=5 --timeout=10 --set-status-classes=2xx --project=opendrive-test-123"
expect "re-run: no uptime check created" lacks "$CALLS" "monitoring uptime create"
expect "re-run: dashboard updated" has "$CALLS" "monitoring dashboards update opendrive --config-from-file="
expect "re-run: with the current etag" has "$F/dashboards-update-dashboard-update.json" '"etag": "etag-from-stub",'
expect "re-run: the updated dashboard parses as JSON" json_ok "$F/dashboards-update-dashboard-update.json"
if ((HAVE_PY)); then
  expect "re-run: and is still a Dashboard resource" shape_ok dashboard "$F/dashboards-update-dashboard-update.json"
fi

deploy monthumb -- --env-file "$REAL_ENV" --only thumbnail
expect "--only thumbnail: no uptime check (no API deployed)" lacks "$CALLS" "monitoring uptime"
expect "--only thumbnail: its alert policy skipped" has "$OUT" "skipped cloudrun/monitoring/policies/api-uptime.json"
expect "--only thumbnail: the other four policies applied" count_is "$CALLS" "monitoring policies create " 4
deploy monprivate ALLOW_UNAUTHENTICATED=false -- --env-file "$REAL_ENV" --only api
expect "private API: no public uptime check" lacks "$CALLS" "monitoring uptime"
expect "private API: says why" has "$OUT" "ALLOW_UNAUTHENTICATED=false: no public uptime check of /api/health"
deploy monskip -- --env-file "$REAL_ENV" --skip-monitoring
expect "--skip-monitoring: exits 0" [ "$STATUS" -eq 0 ]
expect "--skip-monitoring: no metric, policy, check or dashboard" lacks_all "$CALLS" "logging metrics" "monitoring "
expect "--skip-monitoring: logging API not enabled" lacks "$CALLS" "logging.googleapis.com"
CH=projects/opendrive-test-123/notificationChannels/42
deploy monchannels "ALERT_NOTIFICATION_CHANNELS=$CH" -- --env-file "$REAL_ENV" --only api
expect "notification channels attached to new policies" count_is "$CALLS" "--notification-channels=$CH --project=" 5
deploy monchannels2 "ALERT_NOTIFICATION_CHANNELS=$CH" 'STUB_LISTED=list' -- --env-file "$REAL_ENV" --only api
expect "and set on existing ones" count_is "$CALLS" "--set-notification-channels=$CH --project=" 5
deploy monretry 'STUB_FAIL=^monitoring policies create .*policy-dead-letters' \
  'STUB_FAIL_MESSAGE=ERROR: (gcloud.monitoring.policies.create) INVALID_ARGUMENT: Cannot find metric(s) that match type = "logging.googleapis.com/user/opendrive_dead_letters".' \
  -- --env-file "$REAL_ENV" --only api
expect "a policy refused for a metric not known yet is retried" count_is "$CALLS" "policy-dead-letters.json" 2
expect "and the deployment completes" [ "$STATUS" -eq 0 ]
expect "the retry is announced" has "$OUT" "the policy's metric is not known yet; retry 1 of 4"

# --- 8. rendered manifests ------------------------------------------------------------------------
begin "rendered manifests"
R="$T/full/rendered"
for f in api-service.yaml thumbnail-worker-pool.yaml search-worker-pool.yaml thumbnail-scaler-config.yaml search-scaler-config.yaml; do
  expect "$f rendered" [ -s "$R/$f" ]
  expect "$f has no unreplaced placeholder" lacks "$R/$f" "$PLACEHOLDER"
done
A="$R/api-service.yaml"
expect "api: Knative service" has "$A" "apiVersion: serving.knative.dev/v1"
expect "api: min 0 instances" has "$A" 'autoscaling.knative.dev/minScale: "0"'
expect "api: max 10 instances" has "$A" 'autoscaling.knative.dev/maxScale: "10"'
expect "api: startup CPU boost" has "$A" 'run.googleapis.com/startup-cpu-boost: "true"'
expect "api: concurrency 80" has "$A" "containerConcurrency: 80"
expect "api: timeout 300 s" has "$A" "timeoutSeconds: 300"
expect "api: 2 CPU" has "$A" 'cpu: "2"'
expect "api: 1 GiB" has "$A" "memory: 1Gi"
expect "api: HTTP/2 end to end" has "$A" "- name: h2c"
expect "api: startup probe path" has "$A" "path: /q/health/started"
expect "api: liveness probe path" has "$A" "path: /q/health/live"
expect "api: four secrets from Secret Manager, latest" count_is "$A" "key: latest" 4
for s in opendrive-mongodb-uri opendrive-jwt-secret opendrive-kafka-api-key opendrive-kafka-api-secret; do
  expect "api: secretKeyRef $s" has "$A" "name: \"$s\""
done
expect "api: runs as the runtime account" has "$A" 'serviceAccountName: "opendrive-run@opendrive-test-123.iam.gserviceaccount.com"'
expect "api: image with tag" has "$A" 'image: "us-central1-docker.pkg.dev/opendrive-test-123/opendrive/opendrive-api:t1"'
expect "api: microservices mode" has "$A" "value: microservices"
expect "api: GCS storage" has "$A" "value: gcs"
expect "api: CORS value quoted for YAML" has "$A" 'value: "*"'
expect "api: no secret value in the manifest" lacks_all "$A" "s3cr3t-pw" "TESTKEY4567" "test/Secret+Value=" "jwt-0123456789abcdef"
W="$R/thumbnail-worker-pool.yaml"
expect "worker: WorkerPool kind" has "$W" "kind: WorkerPool"
expect "worker: manual scaling owned by the autoscaler" has "$W" "run.googleapis.com/scalingMode: manual"
expect "worker: starts at 0 instances" has "$W" 'run.googleapis.com/manualInstanceCount: "0"'
expect "worker: region label" has "$W" 'cloud.googleapis.com/location: "us-central1"'
expect "worker: liveness probe" has "$W" "path: /q/health/live"
expect "worker: thumbnail image" has "$W" 'image: "us-central1-docker.pkg.dev/opendrive-test-123/opendrive/opendrive-thumbnail-worker:t1"'
expect "search worker: its image" has "$R/search-worker-pool.yaml" "opendrive-search-indexer:t1"
expect "scaler: targets the thumbnail pool" has "$R/thumbnail-scaler-config.yaml" 'name: "projects/opendrive-test-123/locations/us-central1/workerpools/opendrive-thumbnail-worker"'
expect "scaler: thumbnail lag target" has "$R/thumbnail-scaler-config.yaml" "averageValue: 20"
expect "scaler: search lag target" has "$R/search-scaler-config.yaml" "averageValue: 200"
expect "scaler: consumer_lag metric" has "$R/search-scaler-config.yaml" "name: consumer_lag"
expect "scaling config stored as the secret" \
  [ "$(cat "$T/full/stdin/opendrive-thumbnail-scaler-config")" = "$(cat "$R/thumbnail-scaler-config.yaml")" ]
if [[ -n ${DEPLOY_TEST_KEEP_RENDERED:-} ]]; then
  mkdir -p "$DEPLOY_TEST_KEEP_RENDERED" && cp "$R"/*.yaml "$DEPLOY_TEST_KEEP_RENDERED"/
fi

# --- 9. --region ----------------------------------------------------------------------------------
begin "--region"
deploy region -- --env-file "$REAL_ENV" --region europe-west4 --render-dir "$T/region/rendered"
expect "exits 0" [ "$STATUS" -eq 0 ]
# us-central1 may only appear in the autoscaler's base image (a global Google-hosted image path).
expect "env file's region not used anywhere" [ -z "$(grep -v 'base-image=us-central1-docker.pkg.dev/serverless-runtimes' "$CALLS" | grep -F us-central1)" ]
expect "every --region flag is europe-west4" [ -z "$(grep -oE -- '--region=[a-z0-9-]+' "$CALLS" | grep -v -- '--region=europe-west4')" ]
expect "every --location flag is europe-west4" [ -z "$(grep -oE -- '--location=[a-z0-9-]+' "$CALLS" | grep -v -- '--location=europe-west4')" ]
expect "images pushed to europe-west4" has "$CALLS" "_IMAGE=europe-west4-docker.pkg.dev/opendrive-test-123/opendrive/opendrive-api:t1"
expect "worker pools replaced in europe-west4" [ "$(cut -d' ' -f1 "$T/region/worker-pool-env" | sort -u)" = europe-west4 ]
expect "rendered manifests say europe-west4" [ "$(grep -h 'cloud.googleapis.com/location' "$T/region/rendered"/*.yaml | sort -u)" = '    cloud.googleapis.com/location: "europe-west4"' ]
expect "autoscaler targets the europe-west4 pool" has "$T/region/rendered/search-scaler-config.yaml" "locations/europe-west4/workerpools/"

# --- 10. options and modes -------------------------------------------------------------------
begin "options"
deploy badonly -- --env-file "$REAL_ENV" --only frontend
expect "--only rejects an unknown service" [ "$STATUS" -ne 0 ]
expect "--only names the choices" has "$ERR" "api, thumbnail or search"
expect "--only runs nothing" [ ! -s "$CALLS" ]
deploy aot BUILD_MODE=jvm-aot -- --env-file "$REAL_ENV" --only search
expect "BUILD_MODE=jvm-aot builds Dockerfile.jvm, target runtime-aot" \
  has "$CALLS" "_DOCKERFILE=workers/search-indexer/app/src/main/docker/Dockerfile.jvm,_TARGET=runtime-aot,"
deploy native BUILD_MODE=native -- --env-file "$REAL_ENV" --only thumbnail
expect "BUILD_MODE=native builds Dockerfile.native" \
  has "$CALLS" "_DOCKERFILE=workers/thumbnail/app/src/main/docker/Dockerfile.native,_TARGET=runtime,"
expect "native on e2-highcpu-8 (8 GB): native-image heap 5g" has "$CALLS" ",_NATIVE_IMAGE_XMX=5g --project="
deploy native32 BUILD_MODE=native BUILD_MACHINE_TYPE=e2-highcpu-32 -- --env-file "$REAL_ENV" --only api
expect "native on e2-highcpu-32 (32 GB): heap 24g, machine passed on" \
  grep -qE '^builds submit \. .*--machine-type=e2-highcpu-32 .*_NATIVE_IMAGE_XMX=24g ' "$CALLS"
deploy nativen1 BUILD_MODE=native BUILD_MACHINE_TYPE=n1-highcpu-32 -- --env-file "$REAL_ENV" --only api
expect "native on n1-highcpu-32 (28.8 GB): heap 20g" has "$CALLS" "_NATIVE_IMAGE_XMX=20g"
deploy nativesmall BUILD_MODE=native BUILD_MACHINE_TYPE=e2-medium -- --env-file "$REAL_ENV" --only api
expect "native on a machine of unknown size is refused" [ "$STATUS" -ne 0 ]
expect "the refusal names the machine types that work" has "$ERR" "BUILD_MACHINE_TYPE: 'e2-medium' has no known memory size for a native build"
expect "the refusal runs nothing" [ ! -s "$CALLS" ]
deploy nativexmx BUILD_MODE=native BUILD_MACHINE_TYPE=c3-highmem-8 NATIVE_IMAGE_XMX=40g -- --env-file "$REAL_ENV" --only api
expect "NATIVE_IMAGE_XMX set by hand wins (any machine type)" has "$CALLS" "--machine-type=c3-highmem-8 --timeout=3600s"
expect "and is passed on" has "$CALLS" "_NATIVE_IMAGE_XMX=40g"
deploy jvmsmall BUILD_MACHINE_TYPE=e2-medium -- --env-file "$REAL_ENV" --only api
expect "a JVM build takes any machine type" [ "$STATUS" -eq 0 ]
deploy badtimeout BUILD_TIMEOUT=1h -- --env-file "$REAL_ENV" --only api
expect "BUILD_TIMEOUT must be seconds" has "$ERR" "BUILD_TIMEOUT: '1h' is not a duration in seconds like 3600s"
deploy buildsa BUILD_SERVICE_ACCOUNT=builder@opendrive-test-123.iam.gserviceaccount.com BUILD_SOURCE_BUCKET=od-src \
  -- --env-file "$REAL_ENV" --only api
expect "BUILD_SERVICE_ACCOUNT gets the build roles" \
  count_is "$CALLS" "--member=serviceAccount:builder@opendrive-test-123.iam.gserviceaccount.com --role=roles/" 3
expect "BUILD_SOURCE_BUCKET is used for the upload" has "$CALLS" "--gcs-source-staging-dir=gs://od-src/source"
deploy badhead STUB_GIT_HEAD=0000000000000000000000000000000000000000 -- --env-file "$REAL_ENV" --only search
expect "autoscaler source at another commit than SCALER_SOURCE_REF: refused" [ "$STATUS" -ne 0 ]
expect "the refusal names both commits" has "$ERR" "autoscaler source is at 0000000000000000000000000000000000000000, not at SCALER_SOURCE_REF"
expect "no autoscaler build from the wrong commit" lacks "$CALLS" "cloud-run-kafka-scaler --tag="
deploy tagref SCALER_SOURCE_REF=v1.2.0 -- --env-file "$REAL_ENV" --only search
expect "SCALER_SOURCE_REF may be a tag" grep -qE '^git -C \S+ fetch --depth=1 origin v1\.2\.0$' "$CALLS"
deploy skip 'SCALER_IMAGE=europe-docker.pkg.dev/other/repo/kafka-scaler:1' -- --env-file "$REAL_ENV" --skip-build --only thumbnail
expect "--skip-build builds nothing" lacks "$CALLS" "builds submit"
expect "--skip-build grants the build account nothing" lacks_all "$CALLS" "projects describe" "roles/artifactregistry.writer" "_cloudbuild"
expect "a prebuilt SCALER_IMAGE needs no clone" lacks "$CALLS" "git "
expect "SCALER_IMAGE is deployed as given" has "$CALLS" "--image=europe-docker.pkg.dev/other/repo/kafka-scaler:1"
deploy badregion -- --env-file "$REAL_ENV" --region "Europe West"
expect "an invalid region is refused" [ "$STATUS" -ne 0 ]
deploy help -- --help
expect "--help prints usage" has "$OUT" "--dry-run"

# --- 10b. teardown ----------------------------------------------------------------------------
begin "teardown"
teardown tdry -- --dry-run --env-file "$ROOT/.env.cloudrun"
expect "dry run: exits 0" [ "$STATUS" -eq 0 ]
expect "dry run: runs no gcloud" [ ! -s "$CALLS" ]
expect "dry run: says so" has "$OUT" "Dry run complete: no command was run."
expect "dry run: shows the deletions (resources assumed present)" count_is "$OUT" "+ gcloud secrets delete " 7
env -i PATH="$T/minbin" HOME="$T/home" "$T/minbin/bash" "$TEARDOWN" --dry-run --env-file "$ROOT/.env.cloudrun" \
  >"$T/tnogcloud.out" 2>"$T/tnogcloud.err" </dev/null
expect "dry run without gcloud installed" has "$T/tnogcloud.out" "Dry run complete: no command was run."
teardown tplaceholder -- --yes --env-file "$ROOT/.env.cloudrun"
expect "a real run refuses the template's project" [ "$STATUS" -ne 0 ] && has "$ERR" "PROJECT_ID is still the template's placeholder"
teardown tnoyes 'STUB_EXISTING=describe' -- --env-file "$REAL_ENV"
expect "without --yes and no terminal: refused" [ "$STATUS" -ne 0 ]
expect "the refusal says why" has "$ERR" "refusing to delete without --yes"
expect "and nothing ran" [ ! -s "$CALLS" ]

teardown tall 'STUB_EXISTING=describe' 'STUB_LISTED=list' -- --yes --env-file "$REAL_ENV"
expect "everything present: exits 0" [ "$STATUS" -eq 0 ]
expect "alert policies deleted by name" count_is "$CALLS" "monitoring policies delete projects/opendrive-test-123/alertPolicies/1234567890 --quiet --project=opendrive-test-123" 5
expect "uptime check deleted" has "$CALLS" "monitoring uptime delete opendrive-api-api-health-a1b2c3 --quiet --project=opendrive-test-123"
expect "dashboard deleted" has "$CALLS" "monitoring dashboards delete opendrive --quiet --project=opendrive-test-123"
expect "log-based metrics deleted" count_is "$CALLS" "logging metrics delete " 6
expect "scheduler triggers deleted" count_is "$CALLS" "scheduler jobs delete " 2
expect "trigger deleted with its location" has "$CALLS" "scheduler jobs delete opendrive-thumbnail-worker-scaler-cron --location=us-central1 --quiet"
expect "autoscaler services deleted" has "$CALLS" "run services delete opendrive-search-indexer-scaler --region=us-central1 --quiet"
expect "worker pools deleted" count_is "$CALLS" "beta run worker-pools delete " 2
expect "API service deleted" has "$CALLS" "run services delete opendrive-api --region=us-central1 --quiet --project=opendrive-test-123"
expect "secrets deleted" count_is "$CALLS" "secrets delete " 7
expect "triggers go before the autoscalers they call" \
  [ "$(grep -n 'scheduler jobs delete' "$CALLS" | head -1 | cut -d: -f1)" -lt "$(grep -n 'run services delete opendrive-thumbnail-worker-scaler ' "$CALLS" | cut -d: -f1)" ]
expect "policies go before the metrics they use" \
  [ "$(grep -n 'monitoring policies delete' "$CALLS" | tail -1 | cut -d: -f1)" -lt "$(grep -n 'logging metrics delete' "$CALLS" | head -1 | cut -d: -f1)" ]
expect "services go before their secrets" \
  [ "$(grep -n 'run services delete opendrive-api ' "$CALLS" | cut -d: -f1)" -lt "$(grep -n 'secrets delete' "$CALLS" | head -1 | cut -d: -f1)" ]
expect "bucket, registry and accounts kept without their flags" lacks_all "$CALLS" "storage rm" "repositories delete" "service-accounts delete" "remove-iam-policy-binding"
expect "says the bucket was kept" has "$OUT" "kept, with every file in it (--delete-bucket removes it)"
# What the deploy created is what the teardown deletes.
created_and_deleted() {
  local created=$1 deleted=$2
  [[ -n $created && $created == "$deleted" ]]
}
expect "teardown deletes every secret the deploy created" created_and_deleted \
  "$(sed -n 's/^secrets create \([^ ]*\) .*/\1/p' "$T/full/calls" | sort)" "$(sed -n 's/^secrets delete \([^ ]*\) .*/\1/p' "$CALLS" | sort)"
expect "every log-based metric" created_and_deleted \
  "$(sed -n 's/^logging metrics create \([^ ]*\) .*/\1/p' "$T/full/calls" | sort)" "$(sed -n 's/^logging metrics delete \([^ ]*\) .*/\1/p' "$CALLS" | sort)"
expect "every scheduler trigger" created_and_deleted \
  "$(sed -n 's/^scheduler jobs create http \([^ ]*\) .*/\1/p' "$T/full/calls" | sort)" "$(sed -n 's/^scheduler jobs delete \([^ ]*\) .*/\1/p' "$CALLS" | sort)"
expect "every autoscaler service" created_and_deleted \
  "$(sed -n 's/^run deploy \([^ ]*\) .*/\1/p' "$T/full/calls" | sort)" "$(sed -n 's/^run services delete \([^ ]*-scaler\) .*/\1/p' "$CALLS" | sort)"
expect "every worker pool" created_and_deleted \
  "$(sed -n 's/^beta run worker-pools update \([^ ]*\) .*/\1/p' "$T/full/calls" | sort)" \
  "$(sed -n 's/^beta run worker-pools delete \([^ ]*\) .*/\1/p' "$CALLS" | sort)"
expect "every alert policy the deploy looked up" created_and_deleted \
  "$(grep -o 'monitoring policies list .*' "$T/full/calls" | sort)" "$(grep -o 'monitoring policies list .*' "$CALLS" | sort)"

teardown tnone -- --yes --env-file "$REAL_ENV"
expect "nothing left: exits 0" [ "$STATUS" -eq 0 ]
expect "nothing left: deletes nothing" lacks_re "$CALLS" ' delete |storage rm'
expect "nothing left: says so" has "$OUT" "already gone"
teardown tagain 'STUB_EXISTING=describe' 'STUB_LISTED=list' -- --yes --env-file "$REAL_ENV" \
  --delete-bucket --delete-registry --delete-service-accounts --region europe-west4
expect "with the flags: exits 0" [ "$STATUS" -eq 0 ]
expect "--delete-bucket removes every file, then the bucket" has "$CALLS" "storage rm --recursive gs://opendrive-test-files/ --project=opendrive-test-123"
expect "--delete-registry removes the repository" has "$CALLS" "artifacts repositories delete opendrive --location=europe-west4 --quiet --project=opendrive-test-123"
expect "--delete-service-accounts removes the three accounts" count_is "$CALLS" "iam service-accounts delete " 3
expect "and the autoscaler's project roles" count_is "$CALLS" "projects remove-iam-policy-binding opendrive-test-123 --member=serviceAccount:opendrive-kafka-scaler@opendrive-test-123.iam.gserviceaccount.com" 2
expect "--region applies to every --region and --location" [ -z "$(grep -oE -- '--(region|location)=[a-z0-9-]+' "$CALLS" | grep -v -- '=europe-west4')" ]
teardown townbucket 'STUB_EXISTING=describe' CREATE_BUCKET=false -- --yes --env-file "$REAL_ENV" --delete-bucket
expect "a bucket the deployment did not create is not deleted" lacks "$CALLS" "storage rm"
expect "and says why" has "$OUT" "CREATE_BUCKET=false: the deployment did not create this bucket; not deleted"
teardown thelp -- --help
expect "--help prints usage" has "$OUT" "--delete-bucket"

# --- 11. every YAML in cloudrun/ parses -------------------------------------------------------
begin "YAML"
if command -v python3 >/dev/null 2>&1 && python3 -c 'import yaml' 2>/dev/null; then
  while IFS= read -r f; do
    expect "parses: ${f#"$ROOT"/}" python3 -c 'import sys, yaml; list(yaml.safe_load_all(open(sys.argv[1])))' "$f"
  done < <(find "$ROOT/cloudrun" "$R" -name '*.yaml' | sort)
else
  skip "PyYAML not installed (the JUnit DeployScriptTest parses them with SnakeYAML)"
fi

# --- 11b. build configuration -------------------------------------------------------------------
begin "build configuration"
CB="$ROOT/cloudrun/cloudbuild.yaml"
if command -v python3 >/dev/null 2>&1 && python3 -c 'import yaml' 2>/dev/null; then
  cloudbuild_has() {
    python3 - "$CB" "$1" <<'PY'
import sys, yaml
build = yaml.safe_load(open(sys.argv[1]))
step = build["steps"][0]
checks = {
    "buildkit": "DOCKER_BUILDKIT=1" in step.get("env", []),
    "xmx-arg": "--build-arg=NATIVE_IMAGE_XMX=${_NATIVE_IMAGE_XMX}" in step["args"],
    "xmx-default": build["substitutions"].get("_NATIVE_IMAGE_XMX") == "5g",
    "target": "--target=${_TARGET}" in step["args"],
    "timeout": build.get("timeout") == "3600s",
}
sys.exit(0 if checks[sys.argv[2]] else 1)
PY
  }
  expect "the docker step runs with DOCKER_BUILDKIT=1" cloudbuild_has buildkit
  expect "the docker step builds only the --target" cloudbuild_has target
  expect "native-image heap passed as a build argument" cloudbuild_has xmx-arg
  expect "its default fits e2-highcpu-8 (5g)" cloudbuild_has xmx-default
  expect "the config's own timeout matches BUILD_TIMEOUT's default" cloudbuild_has timeout
else
  skip "PyYAML not installed: cloudbuild.yaml not inspected"
fi
for f in api/src/main/docker/Dockerfile.native workers/thumbnail/app/src/main/docker/Dockerfile.native \
  workers/search-indexer/app/src/main/docker/Dockerfile.native; do
  expect "$f takes the heap from NATIVE_IMAGE_XMX" has "$ROOT/$f" "-Dquarkus.native.native-image-xmx=\${NATIVE_IMAGE_XMX}"
  expect "$f declares it in the build stage" line_after_is "$ROOT/$f" ' AS build$' 'ARG NATIVE_IMAGE_XMX=5g'
  expect "$f has no fixed heap left" lacks_re "$ROOT/$f" 'native-image-xmx=[0-9]'
done

# --- 12. shellcheck ----------------------------------------------------------------------------
begin "shellcheck"
if command -v shellcheck >/dev/null 2>&1; then
  # -x follows `source cloudrun/lib/common.sh`, relative to the repository root
  shellcheck_in_root() { (cd "$ROOT" && shellcheck -x "$@"); }
  expect "deploy-serverless-cloudrun.sh is clean (with cloudrun/lib/common.sh)" shellcheck_in_root deploy-serverless-cloudrun.sh
  expect "cloudrun/teardown.sh is clean" shellcheck_in_root cloudrun/teardown.sh
  expect "this test is clean" shellcheck "${BASH_SOURCE[0]}"
else
  skip "shellcheck not installed (apt-get install -y shellcheck)"
fi

printf '\n'
if ((SKIPPED)); then
  printf '%d passed, %d failed, %d skipped\n' "$PASSED" "$FAILED" "$SKIPPED"
else
  printf '%d passed, %d failed\n' "$PASSED" "$FAILED"
fi
((FAILED == 0))
