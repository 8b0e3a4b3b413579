#include "lingeringclose.h"

#include <QTimer>

#include <memory>

#include <sys/socket.h>

namespace vami::http {

namespace {

constexpr qint64 kLingerReadBufferBytes = 64 * 1024;

void shutdownSending(QTcpSocket *socket)
{
    const qintptr fd = socket->socketDescriptor();
    if (socket->state() != QAbstractSocket::ConnectedState || fd < 0 || ::shutdown(int(fd), SHUT_WR) != 0)
        socket->disconnectFromHost();
}

} // namespace

void discardAvailable(QTcpSocket *socket)
{
    if (!socket)
        return;
    while (socket->bytesAvailable() > 0) {
        if (socket->skip(socket->bytesAvailable()) <= 0)
            break;
    }
}

void lingeringClose(QTcpSocket *socket, int graceMs, bool discardInput)
{
    if (!socket)
        return;
    discardAvailable(socket);
    // QHttpServer reads inside a transaction, which keeps the partial request in the
    // socket's buffer; nothing will parse it any more, so let it go. Then read (and
    // drop) the rest in small pieces: Qt otherwise pulls all the kernel holds at once.
    if (socket->isTransactionStarted())
        socket->commitTransaction();
    socket->setReadBufferSize(kLingerReadBufferBytes);
    if (discardInput)
        QObject::connect(socket, &QIODevice::readyRead, socket, [socket] { discardAvailable(socket); });
    // The end of the grace period: whatever the client does, the socket goes.
    QTimer::singleShot(graceMs, socket, [socket] {
        if (socket->state() != QAbstractSocket::UnconnectedState)
            socket->abort();
    });
    if (socket->state() != QAbstractSocket::ConnectedState) {
        socket->disconnectFromHost();
        return;
    }
    socket->flush();
    if (socket->bytesToWrite() == 0) {
        shutdownSending(socket);
        return;
    }
    auto done = std::make_shared<bool>(false);
    QObject::connect(socket, &QIODevice::bytesWritten, socket, [socket, done] {
        if (*done || socket->bytesToWrite() > 0)
            return;
        *done = true;
        shutdownSending(socket);
    });
}

} // namespace vami::http
