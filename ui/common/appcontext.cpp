#include "appcontext.h"

#include "auth/authservice.h"
#include "runtime/backend.h"

#include <QCoreApplication>
#include <QThreadPool>

using namespace Qt::StringLiterals;

namespace vami {

AppContext::AppContext(SecretStore &secrets, QObject *parent)
    : QObject(parent)
    , m_secrets(secrets)
{ }

AppContext::~AppContext()
{
    close();
    // A database still being opened or stopped must finish before the context goes;
    // then the runners of stopped backends are deleted here.
    QThreadPool::globalInstance()->waitForDone();
    QCoreApplication::sendPostedEvents(this);
}

void AppContext::open(const BackendConfig &config)
{
    close();
    m_opening = true;
    const int generation = ++m_generation;
    auto backend = std::make_shared<std::unique_ptr<Backend>>(std::make_unique<Backend>(config));
    Backend *raw = backend->get();
    QThreadPool::globalInstance()->start([this, backend, raw, generation] {
        Status started = raw->start();
        QMetaObject::invokeMethod(
            this,
            [this, backend, generation, started] {
                if (generation != m_generation)
                    return; // superseded by another open() or close()
                m_opening = false;
                if (!started) {
                    backend->reset();
                    Q_EMIT openFailed(started.error());
                    return;
                }
                m_owned = std::move(*backend);
                attach(m_owned.get());
                Q_EMIT opened();
            },
            Qt::QueuedConnection);
    });
}

void AppContext::adopt(Backend &backend)
{
    close();
    attach(&backend);
}

void AppContext::attach(Backend *backend)
{
    m_backend = backend;
    m_runner = std::make_unique<TaskRunner>(backend->taskPool());
    connect(m_runner.get(), &TaskRunner::busyChanged, this, [this] { Q_EMIT busyChanged(isBusy()); });
}

bool AppContext::isBusy() const
{
    return (m_runner && m_runner->isBusy()) || m_retiring > 0;
}

void AppContext::close()
{
    const bool wasBusy = isBusy();
    ++m_generation;
    m_opening = false;
    clearSession();
    if (m_runner) {
        m_runner->disconnect(this);
        if (m_owned)
            retire();
        else
            m_runner.reset(); // waits for running work on the borrowed backend
    }
    m_backend = nullptr;
    if (isBusy() != wasBusy)
        Q_EMIT busyChanged(isBusy());
}

void AppContext::retire()
{
    TaskRunner *runner = m_runner.release();
    runner->abandon();
    std::shared_ptr<Backend> backend(std::move(m_owned));
    ++m_retiring;
    QThreadPool::globalInstance()->start([this, backend, runner] {
        backend->stop(); // waits for its running tasks and jobs, off the GUI thread
        QMetaObject::invokeMethod(
            this,
            [this, backend, runner] {
                // Every result of the runner's tasks was posted before this call and
                // has been dropped; its pool is idle, so deleting it does not wait.
                delete runner;
                --m_retiring;
                if (!isBusy())
                    Q_EMIT busyChanged(false);
            },
            Qt::QueuedConnection);
    });
}

QString AppContext::databaseLabel() const
{
    if (!m_backend)
        return {};
    const DatabaseConfig &db = m_backend->config().database;
    if (db.kind == DatabaseConfig::Kind::Sqlite)
        return db.sqlitePath;
    return db.displayUrl();
}

bool AppContext::isPostgres() const
{
    return m_backend && m_backend->config().database.kind == DatabaseConfig::Kind::Postgres;
}

void AppContext::setSession(const Session &session)
{
    m_session = session;
    Q_EMIT sessionChanged();
}

void AppContext::updateRole(Role role)
{
    if (!m_session.isValid() || m_session.role == role)
        return;
    m_session.role = role;
    Q_EMIT sessionChanged();
}

void AppContext::clearSession()
{
    if (!m_session.isValid())
        return;
    m_session = Session();
    Q_EMIT sessionChanged();
}

ClientInfo AppContext::clientInfo()
{
    return ClientInfo {u"desktop"_s, u"vami-desktop/"_s + QCoreApplication::applicationVersion(), QString()};
}

Result<Actor> AppContext::authenticate(Backend &backend, const SessionRef &ref)
{
    return backend.service<AuthService>().authenticateSession(ref, clientInfo());
}

bool AppContext::endsSession(const Error &error)
{
    // Unauthorized: the session was revoked, ran out, or the user or their
    // membership is gone; a suspended membership opens nothing in the organization.
    return error.kind() == ErrorKind::Unauthorized || error.code() == u"auth.membership_inactive"_s;
}

void AppContext::loseSession(const SessionRef &ref, const Error &reason)
{
    // Several requests may notice it; the first one ends the session. An answer for
    // a session already over (signed out, signed in again) changes nothing.
    if (!m_session.isValid() || m_session.ref.sessionId != ref.sessionId)
        return;
    Q_EMIT sessionLost(reason);
    clearSession();
}

} // namespace vami
