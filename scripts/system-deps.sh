#!/usr/bin/env bash
# System packages some tests need: LibreOffice Writer and Calc to check Word and Excel output
# through PDF, Chromium for the browser tests, a CJK font for both.
# Installs them with apt when missing and we are root; otherwise says what is missing.
set -euo pipefail
missing=()
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
dpkg -s libreoffice-calc-nogui >/dev/null 2>&1 || dpkg -s libreoffice-calc >/dev/null 2>&1 \
    || missing+=(libreoffice-calc-nogui)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
fc-list 2>/dev/null | grep -qi 'wqy\|noto.*cjk' || missing+=(fonts-wqy-zenhei)
# Browser tests drive Debian's Chromium through the Python playwright package (its own download
# of a browser cannot reach the internet here).
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing system packages: ${missing[*]}"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
    echo "missing system packages (install them as root): ${missing[*]}" >&2
fi
