#pragma once

#include "taskhandle.h"

#include <QObject>
#include <QPointer>
#include <QThreadPool>

#include <type_traits>
#include <utility>

namespace vami {

// Runs backend calls on the backend's task pool, never on the GUI thread, and hands
// each result back on the GUI thread to a callback tied to a context object. When
// the context is gone by then (a dialog was closed), the result is dropped: no
// callback ever reaches a destroyed object. `busyChanged` drives the busy indicator.
// Long work is started with `start`: it gets a TaskProgress and answers to a
// TaskHandle (progress, cancel, how it ended).
class TaskRunner : public QObject
{
    Q_OBJECT

public:
    explicit TaskRunner(QThreadPool &pool, QObject *parent = nullptr);
    ~TaskRunner() override;
    Q_DISABLE_COPY_MOVE(TaskRunner)

    template<typename Work, typename Done> void run(QObject *context, Work work, Done done)
    {
        using R = std::invoke_result_t<Work &>;
        begin();
        QPointer<QObject> guard(context);
        // The runner outlives every task (its destructor waits for the pool), and a
        // queued call to a runner destroyed meanwhile is discarded by Qt.
        TaskRunner *self = this;
        m_pool.start([self, guard, work = std::move(work), done = std::move(done)]() mutable {
            R result = work();
            QMetaObject::invokeMethod(
                self,
                [self, guard, done = std::move(done), result = std::move(result)]() mutable {
                    self->end();
                    if (guard && !self->m_abandoned)
                        done(std::move(result));
                },
                Qt::QueuedConnection);
        });
    }

    // Starts `work(progress)` on the pool and returns its handle, a child of
    // `receiver`. `done(result)` runs on the GUI thread when the work has returned,
    // unless the receiver is gone or the work was cancelled; then the handle
    // reports finished, failed (a failed Result/Status) or cancelled.
    template<typename Work, typename Done> TaskHandle *start(QObject *receiver, Work work, Done done)
    {
        using R = std::invoke_result_t<Work &, TaskProgress &>;
        Q_ASSERT(receiver); // the handle lives as its child
        auto *handle = new TaskHandle(receiver);
        std::shared_ptr<detail::TaskShared> shared = handle->shared();
        begin();
        TaskRunner *self = this;
        m_pool.start([self, shared, work = std::move(work), done = std::move(done)]() mutable {
            TaskProgress progress(shared, self);
            R result = work(progress);
            const bool cancelled = shared->stop.stop_requested();
            QMetaObject::invokeMethod(
                self,
                [self, shared, cancelled, done = std::move(done), result = std::move(result)]() mutable {
                    self->end();
                    QPointer<TaskHandle> target = shared->handle;
                    if (!target || self->m_abandoned)
                        return;
                    target->end(cancelled, taskError(result));
                    if (!cancelled)
                        done(std::move(result));
                    if (target)
                        target->announceEnd();
                },
                Qt::QueuedConnection);
        });
        return handle;
    }

    [[nodiscard]] int running() const { return m_running; }
    [[nodiscard]] bool isBusy() const { return m_running > 0; }
    // Waits until no task is left (used in tests).
    void waitForIdle();
    // Results of tasks still running are dropped from now on (their backend is
    // being closed); the tasks themselves run to their end.
    void abandon() { m_abandoned = true; }

Q_SIGNALS:
    void busyChanged(bool busy);

private:
    void begin();
    void end();

    QThreadPool &m_pool;
    int m_running = 0;
    bool m_abandoned = false;
};

} // namespace vami
