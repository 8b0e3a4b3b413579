#include "serversecret.h"

#include "core/logging.h"
#include "core/random.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMessageAuthenticationCode>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace vami::server {

Result<QByteArray> loadOrCreateSecret(const QString &path)
{
    QFile file(path);
    if (file.exists()) {
        if (!file.open(QIODevice::ReadOnly))
            return fail(Error::unavailable(u"server.secret_unreadable"_s,
                                           QT_TRANSLATE_NOOP("vami", "The server secret file cannot be read.")));
        const QByteArray secret = QByteArray::fromBase64(file.readAll().trimmed());
        if (secret.size() < 32)
            return fail(Error::unavailable(u"server.secret_short"_s,
                                           QT_TRANSLATE_NOOP("vami", "The server secret file holds fewer than 32 bytes.")));
        const QFileDevice::Permissions loose = QFileDevice::ReadGroup | QFileDevice::WriteGroup
            | QFileDevice::ReadOther | QFileDevice::WriteOther;
        if (file.permissions() & loose)
            qCWarning(lcServer).noquote() << "the server secret" << path
                                          << "is readable by other users; restrict it to mode 0600";
        return secret;
    }
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath()))
        return fail(Error::unavailable(u"server.secret_unwritable"_s,
                                       QT_TRANSLATE_NOOP("vami", "The folder of the server secret cannot be created.")));
    const QByteArray secret = secureRandomBytes(32);
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        return fail(Error::unavailable(u"server.secret_unwritable"_s,
                                       QT_TRANSLATE_NOOP("vami", "The server secret file cannot be written.")));
    out.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    out.write(secret.toBase64() + '\n');
    if (!out.commit())
        return fail(Error::unavailable(u"server.secret_unwritable"_s,
                                       QT_TRANSLATE_NOOP("vami", "The server secret file cannot be written.")));
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    qCInfo(lcServer).noquote() << "created a new server secret in" << path;
    return secret;
}

QByteArray deriveKey(const QByteArray &secret, const QByteArray &label)
{
    return QMessageAuthenticationCode::hash(label, secret, QCryptographicHash::Sha256);
}

} // namespace vami::server
