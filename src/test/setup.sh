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
#  - TensorFlow for Python 2.21 and TensorBoard, from the machine's local wheel index (pip's configuration): the
#    interop test loads a fresh export with them and reads a run's event files with TensorBoard's own reader.
#    A failed install stops here, loudly: the tests would fail without it.
VENV=.bertune/pyenv
if ! "$VENV/bin/python" -c "import tensorflow, tensorboard" >/dev/null 2>&1; then
  echo "setup: making $VENV with tensorflow-cpu 2.21 and tensorboard (local wheel index)"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --retries 0 --timeout 3 tensorflow-cpu==2.21.0 tensorboard
fi
"$VENV/bin/python" -c "import tensorflow as tf, tensorboard as tb; print('python: tensorflow', tf.__version__, '/ tensorboard', tb.__version__)" 2>/dev/null
