#pragma once

#include "addressrange.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace vami {

// Limits and destination rules of outbound HTTP (HttpClient). The defaults follow
// security.md 1.4.4 for webhook-like traffic: https on port 443 only, private and
// special-purpose addresses denied, 5 s to connect, 15 s in all, answers of at most
// 1 MiB. Adapters copy the configured value and tighten or widen the limits they
// need (a webhook follows no redirect and reads 64 KiB).
struct OutboundConfig
{
    bool allowHttp = false; // also plain http:// (an opt-in of the deployment)
    QList<int> ports {443}; // ports that may be connected to; empty = any
    // Denied ranges (loopback, private, link-local, ...) that are permitted all the
    // same, for self-hosted targets and tests. The cloud metadata addresses stay
    // denied whatever this says.
    QList<AddressRange> allowedTargets;
    int connectTimeoutMs = 5000;
    int totalTimeoutMs = 15000; // for the whole exchange, redirects included
    qint64 maxResponseBytes = 1024 * 1024;
    int maxRedirects = 3; // each hop is checked like the first URL
    int maxUrlLength = 2048;
    // Test-only: trust the CA certificates in this PEM file (in addition to the
    // system's). Not read from any configuration; certificates are always verified.
    QString testCaFile;
    QByteArray userAgent = QByteArrayLiteral("Vami/" VAMI_VERSION);
};

} // namespace vami
