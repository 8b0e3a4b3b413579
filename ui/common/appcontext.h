#pragma once

#include "session.h"
#include "taskrunner.h"

#include "core/actor.h"
#include "core/result.h"
#include "runtime/backendconfig.h"

#include <QObject>

#include <functional>
#include <memory>
#include <optional>

namespace vami {

class Backend;
class SecretStore;

// The result of work done as the signed-in user, and whether it showed that the
// session is over (then the result goes to no page: the window signs out).
template<typename R> struct ActorOutcome
{
    R result;
    std::optional<Error> sessionLost;
};

template<typename R> std::optional<Error> taskError(const ActorOutcome<R> &outcome)
{
    return taskError(outcome.result);
}

// What every screen of the desktop needs: the backend (owned, or borrowed from a
// test), the task runner on its pool, the keychain and the signed-in session.
// Opening a database happens off the GUI thread; `opened`/`openFailed` report it.
//
// It is also the one place that notices a lost session: when work done as the
// signed-in user is refused because the session was revoked, expired, or the user
// was removed (Unauthorized), no page or dialog gets that answer; the context ends
// the session and emits `sessionLost`, and the window returns to sign-in.
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
    // session, so a role change or removal applies at once. `done(result)` runs on
    // the GUI thread while `context` lives, except when the session turned out to be
    // over (see above).
    template<typename Call, typename Done> void runAsActor(QObject *context, Call call, Done done)
    {
        using R = std::invoke_result_t<Call &, const Actor &>;
        Backend *backend = m_backend;
        const SessionRef ref = m_session.ref;
        m_runner->run(
            context,
            [backend, ref, call = std::move(call)]() mutable {
                return actAs<R>(*backend, ref, [&](const Actor &actor) { return call(actor); });
            },
            deliverAsActor<R>(ref, std::move(done)));
    }

    // Starts long work `call(actor, progress)` on the backend's pool and returns its
    // handle (a child of `receiver`): progress, cancel, and how it ended. `done`
    // gets the result as with runAsActor, not when the work was cancelled.
    template<typename Call, typename Done> TaskHandle *startAsActor(QObject *receiver, Call call, Done done)
    {
        using R = std::invoke_result_t<Call &, const Actor &, TaskProgress &>;
        Backend *backend = m_backend;
        const SessionRef ref = m_session.ref;
        return m_runner->start(
            receiver,
            [backend, ref, call = std::move(call)](TaskProgress &progress) mutable {
                return actAs<R>(*backend, ref, [&](const Actor &actor) { return call(actor, progress); });
            },
            deliverAsActor<R>(ref, std::move(done)));
    }

    // Runs `call(backend)` off the GUI thread (sign-in, registration).
    template<typename Call, typename Done> void runOnBackend(QObject *context, Call call, Done done)
    {
        Backend *backend = m_backend;
        m_runner->run(
            context, [backend, call = std::move(call)]() mutable { return call(*backend); }, std::move(done));
    }

    // An error message offered "Reconnect Database…"; the window handles it.
    void requestDatabaseReconnect() { Q_EMIT databaseReconnectRequested(); }

    // Whether `error`, met while resolving the actor, means the session is over.
    [[nodiscard]] static bool endsSession(const Error &error);

Q_SIGNALS:
    void opened();
    void openFailed(const vami::Error &error);
    void busyChanged(bool busy);
    void sessionChanged();
    // The signed-in session is over (revoked, expired, user removed); the session is
    // cleared right after this signal.
    void sessionLost(const vami::Error &reason);
    void databaseReconnectRequested();

private:
    static Result<Actor> authenticate(Backend &backend, const SessionRef &ref);
    // Resolves the actor and runs `call` (on the pool). An Unauthorized answer of the
    // call itself counts as a lost session only if the session no longer resolves:
    // a wrong current password, say, does not sign anyone out.
    template<typename R, typename Call>
    static ActorOutcome<R> actAs(Backend &backend, const SessionRef &ref, Call &&call)
    {
        auto actor = authenticate(backend, ref);
        if (!actor) {
            const Error error = actor.error();
            return {R(fail(error)), endsSession(error) ? std::optional<Error>(error) : std::nullopt};
        }
        R result = call(*actor);
        std::optional<Error> lost;
        if (std::optional<Error> error = taskError(result); error && error->kind() == ErrorKind::Unauthorized) {
            auto again = authenticate(backend, ref);
            if (!again && endsSession(again.error()))
                lost = again.error();
        }
        return {std::move(result), std::move(lost)};
    }
    template<typename R, typename Done> auto deliverAsActor(const SessionRef &ref, Done done)
    {
        return [this, ref, done = std::move(done)](ActorOutcome<R> &&outcome) mutable {
            if (outcome.sessionLost) {
                loseSession(ref, *outcome.sessionLost);
                return;
            }
            done(std::move(outcome.result));
        };
    }
    void loseSession(const SessionRef &ref, const Error &reason);
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
