#pragma once

#include <QTcpSocket>

namespace vami::http {

// Closes a connection after a final response without losing that response.
//
// Closing a socket while the peer's input is still unread makes the kernel send a
// reset, and a client that is still uploading then loses the response it has not
// read yet (a refused upload would see "connection reset" instead of its 413). So
// the response is flushed, the sending direction is shut down (the client sees the
// response and then end-of-stream), input keeps being discarded, and the socket
// closes when the client closes its side or after `graceMs`, whichever comes first.
// Input arriving meanwhile must be discarded by the caller's readyRead handler (or
// by `discardInput`, which this connects when asked).
void lingeringClose(QTcpSocket *socket, int graceMs, bool discardInput);

// Reads and drops everything the socket has buffered.
void discardAvailable(QTcpSocket *socket);

} // namespace vami::http
