#pragma once

#include <QObject>
#include <QString>

#include <functional>

namespace vami {

// The operating system's keychain (QtKeychain), the only place the desktop keeps
// secrets: the "remember me" refresh token, the PostgreSQL password and the database
// secret that seals secrets kept in the database (agent tokens). There is no
// plain-file fallback: when no keychain answers, callers are told so and nothing is
// stored. Every job is asynchronous and has its own timeout, because a secret
// service may take long or wait for a prompt forever.
class SecretStore : public QObject
{
    Q_OBJECT

public:
    enum class Outcome { Ok, NotFound, Unavailable };

    struct Answer
    {
        Outcome outcome = Outcome::Unavailable;
        QString value; // read: the secret
        QString errorString; // the keychain's own words when it failed
    };
    using Callback = std::function<void(const Answer &)>;

    explicit SecretStore(const QString &service, QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(SecretStore)

    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    [[nodiscard]] const QString &service() const { return m_service; }

    // `done` runs on the GUI thread, only while `context` exists.
    void read(const QString &key, QObject *context, Callback done);
    void write(const QString &key, const QString &value, QObject *context, Callback done);
    void remove(const QString &key, QObject *context, Callback done);

    // Keychain keys: one per database, so two databases never share a secret.
    [[nodiscard]] static QString rememberKey(const QString &databaseLabel);
    [[nodiscard]] static QString databasePasswordKey(const QString &databaseLabel);
    [[nodiscard]] static QString databaseSecretKey(const QString &databaseLabel);

private:
    enum class Kind { Read, Write, Remove };
    void start(Kind kind, const QString &key, const QString &value, QObject *context, Callback done);

    QString m_service;
    int m_timeoutMs = 5000;
};

} // namespace vami
