#!/bin/sh
# Debian packages the test suite needs: Chromium for the real-browser test of brief.html,
# PostgreSQL for the store tests on PostgreSQL (the tests start their own server).
# Installs only what is missing; needs root (CI runs as root) or sudo.
set -e
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$missing postgresql"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
echo "installing Debian packages:$missing"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
