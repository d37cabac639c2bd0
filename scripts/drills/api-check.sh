#!/usr/bin/env bash
# End-to-end API check against a running server, as an existing user (after a restore, an upgrade,
# a move): log in with the old credentials, who am I, list folders and the root, download a known
# file and compare its SHA-256, upload a new file and read it back, find it by name and by content,
# rename it, trash it, restore it, delete it for good (then 404), and read the stats.
# Prints one line per step and "api-check: N passed, M failed"; exits 1 if any step failed.
# Usage: scripts/drills/api-check.sh <api> <email> <password> [<fileId> <sha256>]
set -uo pipefail
api=$1; email=$2; password=$3; known_id=${4:-}; known_sha=${5:-}
passed=0; failed=0
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
step() { # [out=<file>] step <name> <expected status> <curl args...>: the body lands in $out ($work/body)
  local name=$1 expected=$2; shift 2
  local status
  status=$(curl -sS -o "${out:-$work/body}" -w '%{http_code}' "$@" 2>"$work/err") || status="curl failed: $(cat "$work/err")"
  if [ "$status" = "$expected" ]; then passed=$((passed + 1)); echo "ok   $name ($status)"; return 0; fi
  failed=$((failed + 1)); echo "FAIL $name: $status, expected $expected: $(head -c 300 "$work/body")"; return 1
}
expect() { # expect <name> <condition...>
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "ok   $name"; else failed=$((failed + 1)); echo "FAIL $name"; fi
}
field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p" "$work/body" | head -1; }

step "login with the old credentials" 200 -X POST "$api/api/auth/login" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$email\",\"password\":\"$password\"}"
token=$(field token); auth="Authorization: Bearer $token"
step "GET /api/auth/me" 200 "$api/api/auth/me" -H "$auth" && expect "me is $email" grep -q "\"$email\"" "$work/body"
step "list root folders" 200 "$api/api/folders" -H "$auth" && expect "root folders listed" grep -q '"_id"' "$work/body"
step "list root files" 200 "$api/api/files/folder/root" -H "$auth"
if [ -n "$known_id" ]; then
  out=$work/known step "download a file from before the backup" 200 "$api/api/files/$known_id/download" -H "$auth"
  expect "its SHA-256 is the uploaded one" [ "$(sha256sum <"$work/known" | cut -d' ' -f1)" = "$known_sha" ]
  step "range download of it" 206 -H 'Range: bytes=0-0' "$api/api/files/$known_id/download" -H "$auth"
fi
word=quokka$RANDOM$RANDOM; name=api-check-$RANDOM$RANDOM.txt   # the content's word is not in the name
printf 'restored server check %s\n' "$word" >"$work/new.txt"
step "upload a new file" 201 -X POST "$api/api/files" -H "$auth" -F "files=@$work/new.txt;filename=$name"
id=$(sed -n 's/.*"files":\[{"_id":"\([^"]*\)".*/\1/p' "$work/body")
out=$work/back step "download it" 200 "$api/api/files/$id/download" -H "$auth"
expect "it reads back byte-identical" cmp -s "$work/new.txt" "$work/back"
step "search it by name" 200 -G "$api/api/search" --data-urlencode "q=$name" -H "$auth"
expect "the name search finds it" grep -q "\"$id\"" "$work/body"
found=
for _ in $(seq 1 60); do
  curl -s -G "$api/api/search" --data-urlencode "q=$word" -H "$auth" -o "$work/body"
  grep -q "\"$id\"" "$work/body" && grep -q '"content"' "$work/body" && { found=1; break; }
  sleep 0.5
done
expect "the content search finds it once indexed" [ -n "$found" ]
step "rename it" 200 -X PUT "$api/api/files/$id" -H "$auth" -H 'Content-Type: application/json' \
  -d "{\"name\":\"renamed-$word.txt\"}"
step "trash it" 200 -X DELETE "$api/api/files/$id" -H "$auth"
step "trash lists it" 200 "$api/api/files/trash/list" -H "$auth" && expect "it is in the trash" grep -q "\"$id\"" "$work/body"
step "restore it" 200 -X POST "$api/api/files/$id/restore" -H "$auth"
step "trash it again" 200 -X DELETE "$api/api/files/$id" -H "$auth"
step "delete it for good" 200 -X DELETE "$api/api/files/$id/permanent" -H "$auth"
step "it is gone" 404 "$api/api/files/$id" -H "$auth"
step "stats" 200 "$api/api/folders/stats/summary" -H "$auth" && expect "stats hold totals" grep -q '"totalFiles"' "$work/body"
step "a wrong password is refused" 401 -X POST "$api/api/auth/login" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$email\",\"password\":\"not the password\"}"
echo "api-check: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
