#pragma once

#include "net/addressrange.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QHostAddress>
#include <QList>
#include <QStringList>

namespace vami::http {

// Who may talk to this server, decided from the connection and the request head
// alone, before any body is read: the IP allowlist (on the client address, which is
// the socket peer, or the client a trusted proxy names in X-Forwarded-For) and the
// server's own host names (the Host header; a DNS-rebinding defence). The connection
// guard applies it at accept and at the end of each head; the dispatcher resolves
// the client address with the same rules. Immutable once built; shared by every
// worker.
class AccessPolicy
{
public:
    AccessPolicy() = default;
    // Entries that do not parse are skipped and the first of them is returned in `bad`.
    AccessPolicy(const QStringList &allowlist, const QStringList &trustedProxies, const QStringList &allowedHosts,
                 QString *bad = nullptr);

    [[nodiscard]] bool hasAllowlist() const { return !m_allowlist.isEmpty(); }
    [[nodiscard]] bool isTrustedProxy(const QHostAddress &peer) const;
    // The client: the peer, unless the peer is a trusted proxy; then the right-most
    // address in X-Forwarded-For (all its values, in order) that is not itself a
    // trusted proxy. A value that is not an address ends the search.
    [[nodiscard]] QHostAddress clientAddress(const QHostAddress &peer, const QList<QByteArray> &forwardedFor) const;
    [[nodiscard]] bool allowsAddress(const QHostAddress &client) const;
    // True when no host names are configured, or `host` (a Host header value, with
    // or without port) names one of them. An entry with a port must match exactly.
    [[nodiscard]] bool allowsHost(QByteArrayView host) const;
    [[nodiscard]] bool hasAllowedHosts() const { return !m_allowedHosts.isEmpty(); }

private:
    QList<AddressRange> m_allowlist;
    QList<AddressRange> m_trustedProxies;
    QList<QByteArray> m_allowedHosts; // lower case
};

} // namespace vami::http
