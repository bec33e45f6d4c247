#!/usr/bin/env bash
# Installs everything the app, the tests and the tools need: Debian packages (Chromium for the
# browser tests, ffmpeg to make test MP3s, PyTorch for training) and the npm packages. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
apt_packages=(chromium ffmpeg python3-torch python3-numpy)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
