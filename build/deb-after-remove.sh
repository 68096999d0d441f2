#!/bin/sh
# Removes the HID scanner udev rule when the package is removed (deb postrm).
rm -f /etc/udev/rules.d/70-civicpass-scanners.rules
udevadm control --reload-rules 2>/dev/null || true
