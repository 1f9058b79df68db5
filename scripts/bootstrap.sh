#!/usr/bin/env bash
# Installs what Arbiter needs and is missing on a Debian machine: the C
# libraries and code generators (apt), and a Python virtualenv with the client
# and its test tools. Safe to run again: it only installs what is absent.
set -euo pipefail
cd "$(dirname "$0")/.."

# chromium: the learning report test renders the HTML report headless.
packages=(libzmq3-dev libprotobuf-c-dev protobuf-c-compiler protobuf-compiler pkg-config python3-venv chromium)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
# python3-venv is only needed when the interpreter cannot make a venv by itself.
if [ ${#missing[@]} -gt 0 ] && python3 -c 'import venv, ensurepip' 2>/dev/null; then
    missing=("${missing[@]/python3-venv}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))
if [ ${#missing[@]} -gt 0 ]; then
    echo "bootstrap: installing ${missing[*]}" >&2
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
    echo "bootstrap: creating .venv" >&2
    python3 -m venv .venv
fi
if ! .venv/bin/python -c 'import arbiter_client, zmq, numpy, scipy, pytest' 2>/dev/null; then
    echo "bootstrap: installing the Python client and its test tools into .venv" >&2
    .venv/bin/pip install -q --upgrade pip >/dev/null
    .venv/bin/pip install -q -e 'clients/python[test]'
fi
