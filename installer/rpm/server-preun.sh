# %preun of vami-server (RPM): stop the service when the package is erased (not upgraded).
if [ "$1" -eq 0 ] && [ -d /run/systemd/system ]; then
    systemctl --no-reload disable --now vami-server.service >/dev/null 2>&1 || :
fi
