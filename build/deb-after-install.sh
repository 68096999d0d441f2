#!/bin/sh
# Installs the HID scanner udev rule shipped with the app and reloads udev (deb postinst).
set -e
rule="/opt/CivicPass Terminal/resources/resources/udev/70-civicpass-scanners.rules"
if [ -f "$rule" ]; then
  install -m 0644 "$rule" /etc/udev/rules.d/70-civicpass-scanners.rules
  udevadm control --reload-rules 2>/dev/null || true
  udevadm trigger --subsystem-match=hidraw 2>/dev/null || true
fi
