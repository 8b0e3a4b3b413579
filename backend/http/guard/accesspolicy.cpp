#include "accesspolicy.h"

namespace vami::http {

namespace {

// "Example.COM:8080" -> "example.com"; "[::1]:8000" -> "[::1]".
QByteArray hostWithoutPort(const QByteArray &host)
{
    if (host.startsWith('[')) {
        const qsizetype close = host.indexOf(']');
        return close < 0 ? host : host.left(close + 1);
    }
    const qsizetype colon = host.indexOf(':');
    return colon < 0 ? host : host.left(colon);
}

} // namespace

AccessPolicy::AccessPolicy(const QStringList &allowlist, const QStringList &trustedProxies,
                           const QStringList &allowedHosts, QString *bad)
{
    QString firstBad;
    m_allowlist = AddressRange::parseList(allowlist, &firstBad);
    QString proxyBad;
    m_trustedProxies = AddressRange::parseList(trustedProxies, &proxyBad);
    if (firstBad.isEmpty())
        firstBad = proxyBad;
    for (const QString &host : allowedHosts) {
        const QByteArray name = host.trimmed().toLower().toUtf8();
        if (!name.isEmpty())
            m_allowedHosts.append(name);
    }
    if (bad)
        *bad = firstBad;
}

bool AccessPolicy::isTrustedProxy(const QHostAddress &peer) const
{
    return anyContains(m_trustedProxies, unmapped(peer));
}

QHostAddress AccessPolicy::clientAddress(const QHostAddress &peer, const QList<QByteArray> &forwardedFor) const
{
    QHostAddress client = unmapped(peer);
    if (!anyContains(m_trustedProxies, client))
        return client;
    QList<QByteArray> hops;
    for (const QByteArray &value : forwardedFor)
        hops += value.split(',');
    for (qsizetype i = hops.size() - 1; i >= 0; --i) {
        QHostAddress hop;
        if (!hop.setAddress(QString::fromLatin1(hops[i].trimmed())))
            break;
        client = unmapped(hop);
        if (!anyContains(m_trustedProxies, client))
            break;
    }
    return client;
}

bool AccessPolicy::allowsAddress(const QHostAddress &client) const
{
    return m_allowlist.isEmpty() || anyContains(m_allowlist, unmapped(client));
}

bool AccessPolicy::allowsHost(QByteArrayView host) const
{
    if (m_allowedHosts.isEmpty())
        return true;
    const QByteArray given = host.toByteArray().trimmed().toLower();
    if (given.isEmpty())
        return false;
    const QByteArray name = hostWithoutPort(given);
    for (const QByteArray &allowed : m_allowedHosts) {
        if (allowed == given || allowed == name)
            return true;
    }
    return false;
}

} // namespace vami::http
