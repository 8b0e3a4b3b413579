# %post of vami-server (RPM): system user and unit reload; nothing is enabled.
getent group vami >/dev/null || groupadd --system vami
getent passwd vami >/dev/null || useradd --system --gid vami --home-dir /var/lib/vami --no-create-home \
    --shell /sbin/nologin --comment "Vami API server" vami
chown root:vami /etc/vami/vami-server.conf 2>/dev/null || :
chmod 0640 /etc/vami/vami-server.conf 2>/dev/null || :
if [ -d /run/systemd/system ]; then
    systemctl daemon-reload >/dev/null 2>&1 || :
fi
