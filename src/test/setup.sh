#!/usr/bin/env bash
# Installs what the tests need besides Maven's downloads; safe to run again (it skips what is there).
#  - Debian's chromium and chromium-driver: the web page's test drives a real headless browser.
set -euo pipefail
cd "$(dirname "$0")/../.."
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  echo "setup: installing chromium and chromium-driver (Debian packages)"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get install -y -q chromium chromium-driver \
    || { $SUDO apt-get update -q && $SUDO apt-get install -y -q chromium chromium-driver; }
fi
chromium --version
chromedriver --version
