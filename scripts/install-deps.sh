#!/usr/bin/env bash
# Installs what the app, the tests and the CLI need: Debian's Chromium (browser tests), ffmpeg
# (test MP3s, the MP3 evaluation), sox and espeak-ng (the no-music corpus: tones, noise, speech),
# then the npm packages. With --training it also installs Debian's PyTorch and NumPy for the model
# trainers. Idempotent; apt-get needs root or sudo.
set -euo pipefail
cd "$(dirname "$0")/.."
apt_packages=(chromium ffmpeg sox espeak-ng)
if [ "${1:-}" = "--training" ]; then apt_packages+=(python3-torch python3-numpy python3-h5py); fi
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
