#include "listeningsocket.h"

#if defined(Q_OS_LINUX)
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstddef>
#include <cstring>
#endif

namespace vami::http {

bool canSharePort()
{
#if defined(Q_OS_LINUX)
    return true;
#else
    return false;
#endif
}

#if defined(Q_OS_LINUX)

std::optional<ListeningSocket> openListeningSocket(const QHostAddress &address, quint16 port, int backlog)
{
    const bool v4 = address.protocol() == QAbstractSocket::IPv4Protocol;
    const int fd = ::socket(v4 ? AF_INET : AF_INET6, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return std::nullopt;
    const int on = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on);
    sockaddr_storage storage{};
    socklen_t length = 0;
    if (v4) {
        auto *in = reinterpret_cast<sockaddr_in *>(&storage);
        in->sin_family = AF_INET;
        in->sin_port = htons(port);
        in->sin_addr.s_addr = htonl(address.toIPv4Address());
        length = sizeof(sockaddr_in);
    } else {
        // QHostAddress::Any listens on both protocols, as QTcpServer does.
        const int v6Only = address == QHostAddress(QHostAddress::Any) ? 0 : 1;
        ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6Only, sizeof v6Only);
        auto *in6 = reinterpret_cast<sockaddr_in6 *>(&storage);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(port);
        const Q_IPV6ADDR bytes = address == QHostAddress(QHostAddress::Any)
            ? QHostAddress(QHostAddress::AnyIPv6).toIPv6Address()
            : address.toIPv6Address();
        std::memcpy(&in6->sin6_addr, &bytes, sizeof bytes);
        in6->sin6_scope_id = address.scopeId().toUInt();
        length = sizeof(sockaddr_in6);
    }
    if (::bind(fd, reinterpret_cast<sockaddr *>(&storage), length) != 0 || ::listen(fd, backlog) != 0) {
        ::close(fd);
        return std::nullopt;
    }
    sockaddr_storage bound{};
    socklen_t boundLength = sizeof bound;
    if (::getsockname(fd, reinterpret_cast<sockaddr *>(&bound), &boundLength) != 0) {
        ::close(fd);
        return std::nullopt;
    }
    const quint16 actual = bound.ss_family == AF_INET ? ntohs(reinterpret_cast<sockaddr_in *>(&bound)->sin_port)
                                                      : ntohs(reinterpret_cast<sockaddr_in6 *>(&bound)->sin6_port);
    return ListeningSocket{fd, actual};
}

void closeListeningSocket(qintptr descriptor)
{
    if (descriptor >= 0)
        ::close(int(descriptor));
}

std::optional<qintptr> claimPort(const QHostAddress &address, quint16 port)
{
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return std::nullopt;
    sockaddr_un name{};
    name.sun_family = AF_UNIX;
    // The name starts with a zero byte: the abstract namespace, gone with the process.
    const QByteArray text = "vami-server " + address.toString().toLatin1() + ' ' + QByteArray::number(port);
    const qsizetype length = std::min<qsizetype>(text.size(), qsizetype(sizeof(name.sun_path)) - 1);
    std::memcpy(name.sun_path + 1, text.constData(), size_t(length));
    if (::bind(fd, reinterpret_cast<sockaddr *>(&name), socklen_t(offsetof(sockaddr_un, sun_path) + 1 + length)) != 0) {
        ::close(fd);
        return std::nullopt;
    }
    return fd;
}

#else

std::optional<ListeningSocket> openListeningSocket(const QHostAddress &, quint16, int)
{
    return std::nullopt;
}

void closeListeningSocket(qintptr)
{
}

std::optional<qintptr> claimPort(const QHostAddress &, quint16)
{
    return std::nullopt;
}

#endif

} // namespace vami::http
