#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

namespace vami::test {

// A throwaway certificate authority and a server certificate it signed, made with
// OpenSSL for one test run (P-256 keys, valid from an hour ago for a day). The
// server certificate names `dnsNames` and `ipAddresses` as subject alternative
// names and is meant for a LoopbackHttpServer; the CA certificate is what a client
// is told to trust.
struct TestCertificates
{
    QByteArray caPem;
    QByteArray serverCertificatePem;
    QByteArray serverKeyPem;

    static std::optional<TestCertificates> create(
        const QStringList &dnsNames, const QStringList &ipAddresses, QString *error = nullptr);
};

} // namespace vami::test
