#include "taskhandle.h"

#include <QMetaObject>

#include <algorithm>

namespace vami {

TaskProgress::TaskProgress(std::shared_ptr<detail::TaskShared> shared, QObject *deliverer)
    : m_shared(std::move(shared))
    , m_deliverer(deliverer)
{ }

void TaskProgress::setPercent(int percent)
{
    {
        std::lock_guard lock(m_shared->mutex);
        m_shared->percent = std::clamp(percent, 0, 100);
    }
    post();
}

void TaskProgress::setIndeterminate()
{
    {
        std::lock_guard lock(m_shared->mutex);
        m_shared->percent = -1;
    }
    post();
}

void TaskProgress::setText(const QString &text)
{
    {
        std::lock_guard lock(m_shared->mutex);
        m_shared->text = text;
    }
    post();
}

void TaskProgress::set(int percent, const QString &text)
{
    {
        std::lock_guard lock(m_shared->mutex);
        m_shared->percent = std::clamp(percent, 0, 100);
        m_shared->text = text;
    }
    post();
}

void TaskProgress::setSteps(qint64 done, qint64 total, const QString &text)
{
    {
        std::lock_guard lock(m_shared->mutex);
        m_shared->percent = total > 0 ? int(std::clamp<qint64>(done * 100 / total, 0, 100)) : -1;
        if (!text.isNull())
            m_shared->text = text;
    }
    post();
}

// One queued update at a time: the GUI thread reads the latest values when it runs.
void TaskProgress::post()
{
    if (m_shared->posted.exchange(true))
        return;
    std::shared_ptr<detail::TaskShared> shared = m_shared;
    QMetaObject::invokeMethod(
        m_deliverer,
        [shared] {
            if (shared->handle)
                shared->handle->updateProgress();
        },
        Qt::QueuedConnection);
}

TaskHandle::TaskHandle(QObject *parent)
    : QObject(parent)
    , m_shared(std::make_shared<detail::TaskShared>())
{
    m_shared->handle = this;
}

TaskHandle::~TaskHandle()
{
    // The object that wanted the result is going: the work need not go on.
    if (m_state == State::Running)
        m_shared->stop.request_stop();
}

void TaskHandle::updateProgress()
{
    int percent;
    QString text;
    {
        std::lock_guard lock(m_shared->mutex);
        m_shared->posted = false;
        percent = m_shared->percent;
        text = m_shared->text;
    }
    if (m_state != State::Running || (percent == m_percent && text == m_text))
        return;
    m_percent = percent;
    m_text = text;
    Q_EMIT progressChanged(m_percent, m_text);
}

void TaskHandle::cancel()
{
    if (m_state != State::Running || m_shared->stop.stop_requested())
        return;
    m_shared->stop.request_stop();
    Q_EMIT cancelRequestedChanged();
}

void TaskHandle::end(bool cancelled, const std::optional<Error> &error)
{
    updateProgress();
    if (cancelled) {
        m_state = State::Cancelled;
    } else if (error) {
        m_state = State::Failed;
        m_error = *error;
    } else {
        m_state = State::Finished;
        m_percent = 100;
    }
}

void TaskHandle::announceEnd()
{
    switch (m_state) {
    case State::Running:
        return;
    case State::Finished:
        Q_EMIT progressChanged(m_percent, m_text);
        Q_EMIT finished();
        break;
    case State::Failed:
        Q_EMIT failed(m_error);
        break;
    case State::Cancelled:
        Q_EMIT cancelled();
        break;
    }
    Q_EMIT ended();
}

} // namespace vami
