#pragma once

#include <QString>

#include <functional>
#include <memory>

namespace vami {

// A thread with its own Qt event loop that calls `tick` every interval and
// whenever it is woken; a tick that returns true is called again at once (after
// the loop has handled pending events). Code run by the tick may use Qt classes
// that need an event loop (timers, QNetworkAccessManager in a local QEventLoop).
class LoopThread
{
public:
    using Tick = std::function<bool()>;

    LoopThread(QString name, Tick tick);
    ~LoopThread();
    LoopThread(const LoopThread &) = delete;
    LoopThread &operator=(const LoopThread &) = delete;

    void start(int intervalMs);
    // Lets the running tick finish, then ends the thread.
    void stop();
    // Thread-safe.
    void wake();

private:
    class Thread;
    std::unique_ptr<Thread> m_thread;
};

} // namespace vami
