#include "secretstore.h"

#include <qt6keychain/keychain.h>

#include <QLoggingCategory>
#include <QPointer>
#include <QTimer>

#include <memory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcKeychain, "vami.ui.keychain")

namespace vami {

SecretStore::SecretStore(const QString &service, QObject *parent)
    : QObject(parent)
    , m_service(service)
{ }

void SecretStore::read(const QString &key, QObject *context, Callback done)
{
    start(Kind::Read, key, QString(), context, std::move(done));
}

void SecretStore::write(const QString &key, const QString &value, QObject *context, Callback done)
{
    start(Kind::Write, key, value, context, std::move(done));
}

void SecretStore::remove(const QString &key, QObject *context, Callback done)
{
    start(Kind::Remove, key, QString(), context, std::move(done));
}

QString SecretStore::rememberKey(const QString &databaseLabel)
{
    return u"session:"_s + databaseLabel;
}

QString SecretStore::databasePasswordKey(const QString &databaseLabel)
{
    return u"database-password:"_s + databaseLabel;
}

QString SecretStore::databaseSecretKey(const QString &databaseLabel)
{
    return u"database-secret:"_s + databaseLabel;
}

void SecretStore::start(Kind kind, const QString &key, const QString &value, QObject *context, Callback done)
{
    QKeychain::Job *job = nullptr;
    if (kind == Kind::Read) {
        job = new QKeychain::ReadPasswordJob(m_service);
    } else if (kind == Kind::Write) {
        auto *write = new QKeychain::WritePasswordJob(m_service);
        write->setTextData(value);
        job = write;
    } else {
        job = new QKeychain::DeletePasswordJob(m_service);
    }
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);

    // Whichever comes first, the job's answer or the timeout, is the only one delivered.
    auto delivered = std::make_shared<bool>(false);
    QPointer<QObject> guard(context);
    auto deliver = [delivered, guard, done](const Answer &answer) {
        if (*delivered)
            return;
        *delivered = true;
        if (guard)
            done(answer);
    };

    connect(job, &QKeychain::Job::finished, this, [deliver, kind](QKeychain::Job *finished) {
        Answer answer;
        switch (finished->error()) {
        case QKeychain::NoError:
            answer.outcome = Outcome::Ok;
            if (kind == Kind::Read)
                answer.value = static_cast<QKeychain::ReadPasswordJob *>(finished)->textData();
            break;
        case QKeychain::EntryNotFound:
            answer.outcome = Outcome::NotFound;
            break;
        default:
            answer.outcome = Outcome::Unavailable;
            answer.errorString = finished->errorString();
            qCInfo(lcKeychain).noquote() << "keychain unavailable:" << finished->errorString();
            break;
        }
        deliver(answer);
    });
    QTimer::singleShot(m_timeoutMs, this, [deliver] {
        deliver(Answer {Outcome::Unavailable, QString(), tr("The keychain did not answer in time.")});
    });
    job->start();
}

} // namespace vami
