#pragma once

#include <QObject>

class QSocketNotifier;

namespace vami::server {

// Turns SIGINT and SIGTERM into a Qt signal on the main thread (through a
// self-pipe), so the server shuts down in an orderly way.
class SignalWatcher : public QObject
{
    Q_OBJECT

public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

Q_SIGNALS:
    void terminationRequested(int signal);

private:
    void readSignal();
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace vami::server
