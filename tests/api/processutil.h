#pragma once

// Helpers for tests that run the real vami-server executable: free ports, start
// and stop, and a small blocking HTTP/1.1 client usable from any thread (one
// connection per request, no event loop needed).

#include <QByteArray>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>

#include <csignal>

namespace vami::test {

inline quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

// Starts vami-server and waits until it prints its "listening" line; `output`
// collects what it printed meanwhile.
inline bool startServerProcess(QProcess &process, const QStringList &arguments, const QProcessEnvironment &env,
                               QByteArray *output = nullptr)
{
    process.setProcessEnvironment(env);
    process.setProgram(qEnvironmentVariable("VAMI_SERVER_BINARY"));
    process.setArguments(arguments);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start();
    if (!process.waitForStarted(10000))
        return false;
    QByteArray out;
    QElapsedTimer timer;
    timer.start();
    bool listening = false;
    while (timer.elapsed() < 30000) {
        if (process.state() != QProcess::Running)
            break;
        process.waitForReadyRead(100);
        out += process.readAll();
        if (out.contains("listening on")) {
            listening = true;
            break;
        }
    }
    if (output)
        *output += out;
    return listening;
}

inline void killServerProcess(QProcess &process, int signal)
{
    if (process.state() == QProcess::Running) {
        ::kill(pid_t(process.processId()), signal);
        process.waitForFinished(20000);
    }
}

struct HttpAnswer
{
    int status = 0; // 0: no complete answer (refused, cut, timed out)
    QJsonObject body;
    QByteArray raw;
};

inline HttpAnswer httpRequest(quint16 port, const QByteArray &method, const QByteArray &path,
                              const QJsonObject &json = {}, const QByteArray &bearer = {}, int timeoutMs = 15000)
{
    HttpAnswer answer;
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(2000))
        return answer;
    const bool withBody = method != "GET" && !(method == "DELETE" && json.isEmpty());
    const QByteArray payload = withBody ? QJsonDocument(json).toJson(QJsonDocument::Compact) : QByteArray();
    QByteArray request = method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
    if (!bearer.isEmpty())
        request += "Authorization: Bearer " + bearer + "\r\n";
    if (withBody)
        request += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(payload.size()) + "\r\n";
    request += "\r\n" + payload;
    socket.write(request);
    QByteArray in;
    qsizetype headerEnd = -1;
    qint64 length = -1;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        if (headerEnd < 0) {
            headerEnd = in.indexOf("\r\n\r\n");
            if (headerEnd >= 0) {
                for (const QByteArray &line : in.left(headerEnd).split('\n')) {
                    if (line.toLower().startsWith("content-length:"))
                        length = line.mid(15).trimmed().toLongLong();
                }
            }
        }
        if (headerEnd >= 0 && length >= 0 && in.size() >= headerEnd + 4 + length)
            break;
        if (socket.state() != QAbstractSocket::ConnectedState && socket.bytesAvailable() == 0)
            return answer;
        socket.waitForReadyRead(200);
        in += socket.readAll();
    }
    if (headerEnd < 0 || length < 0 || in.size() < headerEnd + 4 + length || !in.startsWith("HTTP/1.1 "))
        return answer;
    answer.raw = in.mid(headerEnd + 4, length);
    answer.body = QJsonDocument::fromJson(answer.raw).object();
    answer.status = in.mid(9, 3).toInt();
    return answer;
}

} // namespace vami::test
