# Shared by deploy-serverless-cloudrun.sh and cloudrun/teardown.sh (sourced, not run): the settings
# they both read and the helpers that print, run or (with --dry-run) only print gcloud commands.
# Expects DRY_RUN (0 or 1) and runs from the repository root.
# shellcheck shell=bash

# The calling script's header comment (line 2 up to `set -euo`) is its --help.
usage() {
  sed -n '2,/^set -euo/p' "$0" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//'
}

die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

section() {
  printf '\n== %s\n' "$*"
}

note() {
  printf '   %s\n' "$*"
}

# Everything the env file may set. Anything else in the file is reported and ignored, so a stray
# PATH= or HOME= line cannot change how the script runs.
KNOWN_VARS=(
  PROJECT_ID REGION
  MONGODB_URI MONGODB_DATABASE JWT_SECRET
  GCS_BUCKET GCS_PROJECT_ID CREATE_BUCKET
  KAFKA_BOOTSTRAP_SERVERS KAFKA_API_KEY KAFKA_API_SECRET KAFKA_TOPIC KAFKA_DLQ_TOPIC
  ALLOWED_ORIGINS LOG_LEVEL MAX_FILE_SIZE API_MIN_INSTANCES API_MAX_INSTANCES ALLOW_UNAUTHENTICATED
  BUILD_MODE BUILD_MACHINE_TYPE AR_REPOSITORY IMAGE_TAG
  API_SERVICE THUMBNAIL_WORKER_POOL SEARCH_WORKER_POOL RUNTIME_SERVICE_ACCOUNT SECRET_PREFIX
  SCALER_IMAGE SCALER_SOURCE_REPO SCALER_SOURCE_REF SCALER_SCHEDULE THUMBNAIL_LAG_THRESHOLD SEARCH_LAG_THRESHOLD
  SCALER_CPU_TARGET WORKER_INITIAL_INSTANCES
  BUILD_TIMEOUT SCALER_BUILD_TIMEOUT NATIVE_IMAGE_XMX BUILD_SERVICE_ACCOUNT BUILD_SOURCE_BUCKET
  SECRET_IAM_WAIT_SECONDS DEPLOY_RETRIES DEPLOY_RETRY_DELAY_SECONDS
  ALERT_NOTIFICATION_CHANNELS UPTIME_CHECK_PATH UPTIME_CHECK_PERIOD UPTIME_CHECK_TIMEOUT
)


is_listed() {
  local wanted=$1 v
  shift
  for v in "$@"; do
    [[ $v == "$wanted" ]] && return 0
  done
  return 1
}

# load_env_file FILE [ALLOWED...]: KEY=value lines; optional quotes; no expansion. Variables
# already set in the environment win. Keys outside ALLOWED (default: KNOWN_VARS) are ignored.
load_env_file() {
  local file=$1 line key value n=0
  shift
  local allowed=("$@")
  if ((${#allowed[@]} == 0)); then allowed=("${KNOWN_VARS[@]}"); fi
  while IFS= read -r line || [[ -n $line ]]; do
    n=$((n + 1))
    line=${line%$'\r'}
    [[ $line =~ ^[[:space:]]*(#|$) ]] && continue
    if [[ $line =~ ^[[:space:]]*(export[[:space:]]+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$ ]]; then
      key=${BASH_REMATCH[2]}
      value=${BASH_REMATCH[3]}
      if [[ $value =~ ^\"(.*)\"[[:space:]]*$ ]]; then
        value=${BASH_REMATCH[1]}
      elif [[ $value =~ ^\'(.*)\'[[:space:]]*$ ]]; then
        value=${BASH_REMATCH[1]}
      else
        value=${value%"${value##*[![:space:]]}"}
      fi
      if ! is_listed "$key" "${allowed[@]}"; then
        printf 'warning: %s:%d: unknown setting %s ignored\n' "$file" "$n" "$key" >&2
        continue
      fi
      if [[ -z ${!key+set} ]]; then
        printf -v "$key" '%s' "$value"
      fi
    else
      die "$file:$n: expected KEY=value"
    fi
  done <"$file"
}

# load_defaults: everything still unset takes its default from cloudrun/defaults.env (the one place
# for them); an empty value in the env file (KEY=) means "the default", as an absent one does.
load_defaults() {
  local key
  DEFAULTS_FILE=cloudrun/defaults.env
  [[ -f $DEFAULTS_FILE ]] || die "missing $DEFAULTS_FILE"
  while IFS='=' read -r key _; do
    if [[ $key =~ ^[A-Z_][A-Z0-9_]*$ && -z ${!key:-} ]]; then unset "$key"; fi
  done <"$DEFAULTS_FILE"
  load_env_file "$DEFAULTS_FILE"
}

# Shell-quotes arguments for display, so a printed command can be pasted back.
quote() {
  local a out=()
  for a in "$@"; do
    if [[ $a =~ ^[A-Za-z0-9_@%+=:,./-]+$ ]]; then
      out+=("$a")
    else
      out+=("'${a//\'/\'\\\'\'}'")
    fi
  done
  printf '%s' "${out[*]}"
}

# Prints a command, then runs it (unless --dry-run).
run() {
  printf '+ %s\n' "$(quote "$@")"
  if ((DRY_RUN)); then return 0; fi
  "$@"
}

# Prints a command and runs it with DATA on standard input; DATA itself is never printed.
run_stdin() {
  local label=$1 data=$2
  shift 2
  printf '+ %s < (%s, %d bytes, not shown)\n' "$(quote "$@")" "$label" "${#data}"
  if ((DRY_RUN)); then return 0; fi
  printf '%s' "$data" | "$@"
}

# Existence check: prints the command, succeeds if the resource exists. A dry run cannot know and
# shows the path taken for a resource that does not exist yet.
probe() {
  printf '+ %s\n' "$(quote "$@")"
  if ((DRY_RUN)); then
    note "(dry run: assumed missing)"
    return 1
  fi
  "$@" >/dev/null 2>&1
}

# capture VAR DRY_RUN_VALUE command...: prints the command and stores its output in VAR.
capture() {
  local __var=$1 __dry=$2 __out
  shift 2
  printf '+ %s\n' "$(quote "$@")"
  if ((DRY_RUN)); then
    printf -v "$__var" '%s' "$__dry"
    return 0
  fi
  __out=$("$@") || return 1
  printf -v "$__var" '%s' "$__out"
}

# --- monitoring objects (cloudrun/monitoring/): how deploy and teardown find them ----------------
MONITORING_DIR=cloudrun/monitoring
# The dashboard is created under this ID (its "name" in dashboard.json), so it can be found again.
DASHBOARD_ID=opendrive

# display_name_of FILE: the top-level "displayName" of an alert policy or dashboard file (two spaces
# of indentation: the conditions' own display names are deeper).
display_name_of() {
  local line re='^  "displayName": "(.*)",?$'
  while IFS= read -r line; do
    if [[ $line =~ $re ]]; then
      printf '%s' "${BASH_REMATCH[1]}"
      return 0
    fi
  done <"$1"
}

# The uptime check is found again by its display name.
uptime_check_display_name() {
  printf '%s %s' "$API_SERVICE" "$UPTIME_CHECK_PATH"
}
