#pragma once

#include <QString>

namespace vami {

struct SmtpSettings
{
    enum class Security { None, StartTls, Tls };

    QString host;        // empty: mail is not configured, nothing is sent
    int port = 587;
    Security security = Security::StartTls;
    QString username;    // empty: no authentication
    QString password;
    QString fromAddress;
    QString fromName = QStringLiteral("Vami");
    int timeoutSeconds = 30;
    bool verifyPeer = true;
    QString caFile;      // optional extra CA bundle for a private mail server

    [[nodiscard]] bool isConfigured() const { return !host.isEmpty() && !fromAddress.isEmpty(); }
};

} // namespace vami
