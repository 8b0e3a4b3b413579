#include "loopthread.h"

#include <QMetaObject>
#include <QMutex>
#include <QObject>
#include <QThread>
#include <QTimer>

namespace vami {

class LoopThread::Thread : public QThread
{
public:
    Thread(QString name, Tick tick)
        : m_tick(std::move(tick))
    {
        setObjectName(name);
    }

    void setInterval(int intervalMs) { m_intervalMs = intervalMs; }

    void wake()
    {
        QMutexLocker locker(&m_mutex);
        if (m_context)
            QMetaObject::invokeMethod(
                m_context, [this] { runTick(); }, Qt::QueuedConnection);
    }

protected:
    void run() override
    {
        QObject context;
        QTimer timer;
        timer.setInterval(m_intervalMs);
        QObject::connect(&timer, &QTimer::timeout, &context, [this] { runTick(); });
        {
            QMutexLocker locker(&m_mutex);
            m_context = &context;
        }
        timer.start();
        QMetaObject::invokeMethod(
            &context, [this] { runTick(); }, Qt::QueuedConnection); // first tick at once
        exec();
        QMutexLocker locker(&m_mutex);
        m_context = nullptr;
    }

private:
    void runTick()
    {
        if (isInterruptionRequested())
            return;
        if (m_tick())
            wake();
    }

    Tick m_tick;
    int m_intervalMs = 1000;
    QMutex m_mutex;
    QObject *m_context = nullptr;
};

LoopThread::LoopThread(QString name, Tick tick)
    : m_thread(std::make_unique<Thread>(std::move(name), std::move(tick)))
{ }

LoopThread::~LoopThread()
{
    stop();
}

void LoopThread::start(int intervalMs)
{
    if (m_thread->isRunning())
        return;
    m_thread->setInterval(intervalMs);
    m_thread->start();
}

void LoopThread::stop()
{
    if (!m_thread->isRunning())
        return;
    m_thread->requestInterruption();
    m_thread->quit();
    m_thread->wait();
}

void LoopThread::wake()
{
    m_thread->wake();
}

} // namespace vami
