#pragma once

#include <QHostAddress>

#include <optional>

namespace vami::http {

// A listening TCP socket of our own, for one connection worker. On Linux each
// worker gets its own socket bound with SO_REUSEPORT to the same address and port,
// and the kernel spreads incoming connections over them, so every core accepts and
// serves; sharing one socket let a single worker accept almost every connection.
struct ListeningSocket
{
    qintptr descriptor = -1;
    quint16 port = 0;
};

// Whether this platform spreads connections over several sockets on one port.
[[nodiscard]] bool canSharePort();
// Binds and listens; `port` 0 picks a free port (the result says which). Later
// sockets for the same port share it when canSharePort(). nullopt on failure.
[[nodiscard]] std::optional<ListeningSocket> openListeningSocket(const QHostAddress &address, quint16 port,
                                                                 int backlog = 1024);
void closeListeningSocket(qintptr descriptor);

// Sockets sharing a port also let a second server of the same user join the port
// unnoticed. A server therefore claims its address and port by binding a name in
// Linux's abstract socket namespace; the claim fails while another server holds it.
// Returns the claim's descriptor (close it with closeListeningSocket), or nullopt.
[[nodiscard]] std::optional<qintptr> claimPort(const QHostAddress &address, quint16 port);

} // namespace vami::http
