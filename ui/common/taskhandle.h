#pragma once

#include "core/error.h"
#include "core/result.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <atomic>
#include <expected>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>

namespace vami {

class TaskHandle;

namespace detail {

// What a running task and its handle share: the latest progress (written by the
// work's thread, read on the GUI thread) and the stop source.
struct TaskShared
{
    std::mutex mutex;
    int percent = -1;
    QString text;
    std::atomic<bool> posted {false}; // a progress update is on its way to the GUI thread
    std::stop_source stop;
    QPointer<TaskHandle> handle; // GUI thread only
};

template<typename T> inline constexpr bool isExpected = false;
template<typename T, typename E> inline constexpr bool isExpected<std::expected<T, E>> = true;

} // namespace detail

// The error of a task's result when it failed (a Result/Status), else nothing.
template<typename R> std::optional<Error> taskError(const R &result)
{
    if constexpr (detail::isExpected<R>) {
        if (!result)
            return result.error();
    }
    return std::nullopt;
}

// What long work sees while it runs on the backend's pool: it reports how far it
// is and checks whether it was asked to stop. Usable from the work's thread only;
// updates reach the handle on the GUI thread, coalesced (a loop may report every row).
class TaskProgress
{
public:
    TaskProgress(std::shared_ptr<detail::TaskShared> shared, QObject *deliverer);

    // 0..100.
    void setPercent(int percent);
    // No measure of how far (a bar that moves to and fro).
    void setIndeterminate();
    // One line saying what is being done ("Importing row 40 of 120").
    void setText(const QString &text);
    void set(int percent, const QString &text);
    // `done` of `total` steps as a percentage.
    void setSteps(qint64 done, qint64 total, const QString &text = QString());

    // The cancellation token: the work checks it between steps (or hands the token
    // to HttpClient) and returns early when it is set.
    [[nodiscard]] bool cancelRequested() const { return m_shared->stop.stop_requested(); }
    [[nodiscard]] std::stop_token stopToken() const { return m_shared->stop.get_token(); }

private:
    void post();

    std::shared_ptr<detail::TaskShared> m_shared;
    QObject *m_deliverer;
};

// A long task started through AppContext::startAsActor (or TaskRunner::start): its
// progress, a way to cancel it, and how it ended. It lives on the GUI thread as a
// child of the object that started the task, so it goes with it; its signals, like
// the task's result, arrive only while that object lives. Destroying the handle
// asks the work to stop.
//
// Cancelling is cooperative: the work sees cancelRequested() and returns; if it
// was asked to stop before it returned, the handle ends Cancelled and the result is
// not delivered.
class TaskHandle : public QObject
{
    Q_OBJECT

public:
    enum class State { Running, Finished, Failed, Cancelled };
    Q_ENUM(State)

    explicit TaskHandle(QObject *parent = nullptr);
    ~TaskHandle() override;
    Q_DISABLE_COPY_MOVE(TaskHandle)

    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] bool isRunning() const { return m_state == State::Running; }
    // 0..100, or -1 while indeterminate.
    [[nodiscard]] int percent() const { return m_percent; }
    [[nodiscard]] const QString &text() const { return m_text; }
    [[nodiscard]] bool cancelRequested() const { return m_shared->stop.stop_requested(); }
    // Why it failed (State::Failed).
    [[nodiscard]] const Error &error() const { return m_error; }

    [[nodiscard]] const std::shared_ptr<detail::TaskShared> &shared() const { return m_shared; }
    // Called by the runner on the GUI thread.
    void updateProgress();
    void end(bool cancelled, const std::optional<Error> &error);
    void announceEnd();

public Q_SLOTS:
    // Asks the work to stop; the handle reports `cancelled` once it has.
    void cancel();

Q_SIGNALS:
    void progressChanged(int percent, const QString &text);
    void cancelRequestedChanged();
    void finished();
    void failed(const vami::Error &error);
    void cancelled();
    // After finished, failed or cancelled.
    void ended();

private:
    std::shared_ptr<detail::TaskShared> m_shared;
    State m_state = State::Running;
    int m_percent = -1;
    QString m_text;
    Error m_error;
};

} // namespace vami
