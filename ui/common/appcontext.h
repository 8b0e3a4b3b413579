#pragma once

#include "session.h"
#include "taskrunner.h"

#include "core/actor.h"
#include "core/result.h"
#include "runtime/backendconfig.h"

#include <QObject>

#include <functional>
#include <memory>

namespace vami {

class Backend;
class SecretStore;

// What every screen of the desktop needs: the backend (owned, or borrowed from a
// test), the task runner on its pool, the keychain and the signed-in session.
// Opening a database happens off the GUI thread; `opened`/`openFailed` report it.
class AppContext : public QObject
{
    Q_OBJECT

public:
    explicit AppContext(SecretStore &secrets, QObject *parent = nullptr);
    ~AppContext() override;
    Q_DISABLE_COPY_MOVE(AppContext)

    // Starts a backend on `config` (migrations included) off the GUI thread.
    void open(const BackendConfig &config);
    // Uses a backend that is already started and owned elsewhere (tests).
    void adopt(Backend &backend);
    // Signs out and lets go of the database at once: an owned backend finishes its
    // running work and stops in the background (busy until then), so a slow
    // remote database never holds up the window. A borrowed backend's tasks are
    // waited for, since its owner may destroy it right after.
    void close();

    [[nodiscard]] bool hasBackend() const { return m_backend != nullptr; }
    [[nodiscard]] bool isOpening() const { return m_opening; }
    // Work is running, or a closed database is still finishing its work.
    [[nodiscard]] bool isBusy() const;
    [[nodiscard]] Backend &backend() { return *m_backend; }
    [[nodiscard]] TaskRunner &runner() { return *m_runner; }
    [[nodiscard]] SecretStore &secrets() { return m_secrets; }
    // The database as shown to people (no password).
    [[nodiscard]] QString databaseLabel() const;
    [[nodiscard]] bool isPostgres() const;

    [[nodiscard]] const Session &session() const { return m_session; }
    void setSession(const Session &session);
    // The signed-in user's role as the backend reports it now (changed by someone else).
    void updateRole(Role role);
    void clearSession();

    // Where this desktop's sessions say they come from.
    [[nodiscard]] static ClientInfo clientInfo();

    // Runs `call(actor)` off the GUI thread with the actor resolved afresh from the
    // session, so a role change or removal applies at once.
    template<typename Call, typename Done> void runAsActor(QObject *context, Call call, Done done)
    {
        Backend *backend = m_backend;
        const SessionRef ref = m_session.ref;
        m_runner->run(
            context,
            [backend, ref, call = std::move(call)]() mutable {
                using R = std::invoke_result_t<Call &, const Actor &>;
                auto actor = authenticate(*backend, ref);
                if (!actor)
                    return R(fail(actor.error()));
                return call(*actor);
            },
            std::move(done));
    }

    // Runs `call(backend)` off the GUI thread (sign-in, registration).
    template<typename Call, typename Done> void runOnBackend(QObject *context, Call call, Done done)
    {
        Backend *backend = m_backend;
        m_runner->run(
            context, [backend, call = std::move(call)]() mutable { return call(*backend); }, std::move(done));
    }

Q_SIGNALS:
    void opened();
    void openFailed(const vami::Error &error);
    void busyChanged(bool busy);
    void sessionChanged();

private:
    static Result<Actor> authenticate(Backend &backend, const SessionRef &ref);
    void attach(Backend *backend);
    void retire();

    SecretStore &m_secrets;
    std::unique_ptr<Backend> m_owned;
    Backend *m_backend = nullptr;
    std::unique_ptr<TaskRunner> m_runner;
    Session m_session;
    bool m_opening = false;
    int m_generation = 0;
    int m_retiring = 0; // closed backends still stopping in the background
};

} // namespace vami
